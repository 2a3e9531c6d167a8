import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from thriving.accounts.models import Organisation
from thriving.core.validators import validate_nhs_number
from thriving.places.models import District, Ward

from .connection_workflow import LIVE_CONNECTION_STATUSES, ConnectionStatus
from .workflow import ACTIVE_STATUSES, CLOSED_STATUSES, CloseReason, NoEndMeasureReason, Status

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    return "TC-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))


class ReferralReason(models.Model):
    """The taxonomy of "more than medical" needs a referral gives as its reasons."""

    code = models.SlugField(max_length=50, unique=True)
    label = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"


class ReferralQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=ACTIVE_STATUSES | {Status.SUBMITTED, Status.ALLOCATED})

    def closed(self):
        return self.filter(status__in=CLOSED_STATUSES)

    def active_cases(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def unallocated(self):
        return self.filter(status=Status.SUBMITTED, provider__isnull=True)

    def with_list_relations(self):
        return self.select_related(
            "referring_organisation", "provider", "link_worker", "referrer", "ward"
        )


class Referral(models.Model):
    """A person referred for social prescribing, and the case that follows.

    The person's details are kept on the referral (as the referrer gave them) so that a
    referral is a self-contained record that retention can anonymise as one unit.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    submission_token = models.UUIDField(
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="From the form or Idempotency-Key: a resubmission is the same referral.",
    )

    # The person
    nhs_number = models.CharField(
        "NHS number", max_length=10, validators=[validate_nhs_number], db_index=True
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8)
    ward = models.ForeignKey(
        Ward, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    preferred_contact_method = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    language = models.CharField(max_length=60, default="English")
    interpreter_needed = models.BooleanField(default=False)
    accessibility_needs = models.TextField(blank=True)

    # Consent
    consent_to_referral = models.BooleanField(default=False)
    consent_to_share = models.BooleanField(default=False)

    # Why
    reasons = models.ManyToManyField(ReferralReason, related_name="referrals")
    reason_details = models.TextField(blank=True)
    risk_notes = models.TextField(
        "Risk and safeguarding notes",
        blank=True,
        help_text="Anything a link worker must know before contacting the person.",
    )
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)

    # Who referred
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made"
    )
    referring_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_made"
    )

    # The case
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    status_before_hold = models.CharField(max_length=20, choices=Status.choices, blank=True)
    provider = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    link_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
    )
    what_matters = models.TextField(
        "What matters to the person",
        blank=True,
        help_text="From the 'what matters to you' conversation. Shared with the referrer.",
    )
    what_matters_recorded_at = models.DateTimeField(null=True, blank=True)
    next_contact_date = models.DateField(null=True, blank=True)
    close_reason = models.CharField(max_length=30, choices=CloseReason.choices, blank=True)
    outcome_summary = models.TextField(
        blank=True, help_text="Written at closure for the referrer; no clinical free text."
    )
    no_end_measure_reason = models.CharField(
        "Why there is no end wellbeing measure",
        max_length=20,
        choices=NoEndMeasureReason.choices,
        blank=True,
        help_text="Given at closure when no end measure was recorded.",
    )

    submitted_at = models.DateTimeField(db_index=True)
    allocated_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the person's details were removed (retention or erasure); "
        "the figures stay.",
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["provider", "status"]),
            models.Index(fields=["link_worker", "status"]),
            models.Index(fields=["referring_organisation", "-submitted_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=Status.SUBMITTED)
                | Q(provider__isnull=False)
                | Q(status=Status.REJECTED),
                name="referral_provider_set_after_allocation",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.ACCEPTED, Status.CONTACTING, Status.ENGAGED])
                | Q(link_worker__isnull=False),
                name="referral_active_case_has_link_worker",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def person_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def nhs_number_display(self) -> str:
        n = self.nhs_number
        return f"{n[:3]} {n[3:6]} {n[6:]}" if len(n) == 10 else n

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class EventKind(models.TextChoices):
    STATUS = "status", "Status changed"
    ASSIGNED = "assigned", "Link worker assigned"
    CONTACT = "contact", "Contact attempt"
    NOTE = "note", "Note added"
    GOAL = "goal", "Goal recorded"
    WHAT_MATTERS = "what_matters", "What matters recorded"
    NEXT_CONTACT = "next_contact", "Next contact date set"
    CONNECTION = "connection", "Community connection"
    MEASURE = "measure", "Wellbeing measure recorded"


class ReferralEvent(models.Model):
    """One change in a case's history: who, when, from, to and why. Never edited."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the system acted (an allocation rule).",
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.STATUS)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["referral", "at"]),
            models.Index(fields=["to_status", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.kind} {self.from_status}→{self.to_status}"


class ContactOutcome(models.TextChoices):
    SPOKE = "spoke", "Spoke to the person"
    NO_ANSWER = "no_answer", "No answer"
    LEFT_MESSAGE = "left_message", "Left a message"
    WRONG_DETAILS = "wrong_details", "Wrong number or address"

    @classmethod
    def failed(cls) -> set[str]:
        return {cls.NO_ANSWER, cls.LEFT_MESSAGE, cls.WRONG_DETAILS}


class ContactAttempt(models.Model):
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="contact_attempts"
    )
    at = models.DateTimeField()
    method = models.CharField(max_length=10, choices=ContactMethod.choices)
    outcome = models.CharField(max_length=20, choices=ContactOutcome.choices)
    note = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.get_method_display()}: {self.get_outcome_display()}"

    @property
    def succeeded(self) -> bool:
        return self.outcome == ContactOutcome.SPOKE


class CaseNote(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    shareable = models.BooleanField(
        "Share with the referrer",
        default=False,
        help_text="Only notes marked shareable appear in the referrer's outcome summary.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Note on {self.referral_id}"


class GoalStatus(models.TextChoices):
    ACTIVE = "active", "Working on it"
    ACHIEVED = "achieved", "Achieved"
    STOPPED = "stopped", "No longer a goal"


class Goal(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.description


class AllocationRule(models.Model):
    """Where a new referral goes: a ward rule beats a district rule. Kept by admins."""

    ward = models.OneToOneField(
        Ward, null=True, blank=True, on_delete=models.CASCADE, related_name="allocation_rule"
    )
    district = models.OneToOneField(
        District,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="allocation_rule",
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="allocation_rules",
        limit_choices_to={"kind": "provider"},
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(ward__isnull=False) & Q(district__isnull=True))
                | (Q(ward__isnull=True) & Q(district__isnull=False)),
                name="allocation_rule_ward_xor_district",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ward or self.district} → {self.provider}"


class Connection(models.Model):
    """A community activity from the directory suggested to the person on a case, and how far
    it got: the closed loop that shows which groups people actually reach.

    Each status keeps the day it was reached, so a connection is its own short history; the
    case's timeline has an event for every change as well.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="connections")
    service = models.ForeignKey(
        "community_assets.Service", on_delete=models.PROTECT, related_name="connections"
    )
    status = models.CharField(
        max_length=20,
        choices=ConnectionStatus.choices,
        default=ConnectionStatus.SUGGESTED,
        db_index=True,
    )
    suggested_on = models.DateField()
    contacted_on = models.DateField(null=True, blank=True)
    attending_from = models.DateField(null=True, blank=True)
    ended_on = models.DateField(
        null=True, blank=True, help_text="When it was found not taken up, or to have no space."
    )
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["suggested_on", "created_at"]
        indexes = [models.Index(fields=["service", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "service"],
                condition=Q(status__in=sorted(LIVE_CONNECTION_STATUSES)),
                name="connection_one_live_per_service",
                violation_error_message="This activity is already suggested to this person.",
            ),
            models.CheckConstraint(
                condition=~Q(status=ConnectionStatus.ATTENDING) | Q(attending_from__isnull=False),
                name="connection_attending_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ConnectionStatus.NOT_TAKEN_UP, ConnectionStatus.NO_SPACE])
                | Q(ended_on__isnull=False),
                name="connection_ended_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} for {self.referral_id}: {self.status}"


class Instrument(models.TextChoices):
    ONS4 = "ons4", "ONS4 personal wellbeing"
    SWEMWBS = "swemwbs", "SWEMWBS (Short Warwick-Edinburgh Mental Wellbeing Scale)"


class Timepoint(models.TextChoices):
    START = "start", "Start"
    REVIEW = "review", "Review"
    END = "end", "End"


# The published SWEMWBS conversion: raw total (7-35) to metric score. Issue 5 gives the table.
SWEMWBS_METRIC = {
    7: "7.00", 8: "9.51", 9: "11.25", 10: "12.40", 11: "13.33", 12: "14.08", 13: "14.75",
    14: "15.32", 15: "15.84", 16: "16.36", 17: "16.88", 18: "17.43", 19: "17.98", 20: "18.59",
    21: "19.25", 22: "19.98", 23: "20.73", 24: "21.54", 25: "22.35", 26: "23.21", 27: "24.11",
    28: "25.03", 29: "26.02", 30: "27.03", 31: "28.13", 32: "29.31", 33: "30.70", 34: "32.55",
    35: "35.00",
}  # fmt: skip

ONS4_FIELDS = ("ons_life_satisfaction", "ons_worthwhile", "ons_happiness", "ons_anxiety")
SWEMWBS_FIELDS = tuple(f"swemwbs_{n}" for n in range(1, 8))


def _score(low: int, high: int, label: str):
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(low), MaxValueValidator(high)],
    )


class OutcomeMeasure(models.Model):
    """One wellbeing measure taken with the person: ONS4 or SWEMWBS, at a timepoint.

    ONS4's four answers are kept (and reported) separately and never summed. SWEMWBS keeps
    its seven item scores, their raw total and the metric score from the conversion table.
    """

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="measures")
    instrument = models.CharField(max_length=10, choices=Instrument.choices)
    timepoint = models.CharField(max_length=10, choices=Timepoint.choices)
    taken_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    ons_life_satisfaction = _score(0, 10, "Life satisfaction")
    ons_worthwhile = _score(0, 10, "Worthwhile")
    ons_happiness = _score(0, 10, "Happiness yesterday")
    ons_anxiety = _score(0, 10, "Anxiety yesterday")

    swemwbs_1 = _score(1, 5, "Optimistic about the future")
    swemwbs_2 = _score(1, 5, "Feeling useful")
    swemwbs_3 = _score(1, 5, "Feeling relaxed")
    swemwbs_4 = _score(1, 5, "Dealing with problems well")
    swemwbs_5 = _score(1, 5, "Thinking clearly")
    swemwbs_6 = _score(1, 5, "Feeling close to other people")
    swemwbs_7 = _score(1, 5, "Able to make up my own mind")
    swemwbs_raw = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    swemwbs_metric = models.DecimalField(
        max_digits=4, decimal_places=2, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["taken_on", "recorded_at"]
        indexes = [models.Index(fields=["referral", "instrument", "timepoint"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(instrument="ons4")
                | (
                    Q(ons_life_satisfaction__isnull=False)
                    & Q(ons_worthwhile__isnull=False)
                    & Q(ons_happiness__isnull=False)
                    & Q(ons_anxiety__isnull=False)
                ),
                name="outcome_measure_ons4_complete",
            ),
            models.CheckConstraint(
                condition=~Q(instrument="swemwbs")
                | (
                    Q(swemwbs_raw__gte=7) & Q(swemwbs_raw__lte=35) & Q(swemwbs_metric__isnull=False)
                ),
                name="outcome_measure_swemwbs_scored",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} ({self.get_timepoint_display()}) {self.taken_on}"

    def save(self, *args, **kwargs):
        if self.instrument == Instrument.SWEMWBS:
            items = [getattr(self, f) for f in SWEMWBS_FIELDS]
            if all(i is not None for i in items):
                self.swemwbs_raw = sum(items)
                self.swemwbs_metric = Decimal(SWEMWBS_METRIC[self.swemwbs_raw])
        super().save(*args, **kwargs)
