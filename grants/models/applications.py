"""An application, its budget, its answers, its history and the questions asked of it."""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from thriving.accounts.models import Organisation
from thriving.accounts.roles import OrganisationKind
from thriving.core.validators import validate_no_control_characters
from thriving.places.models import Ward

from ..workflow import COMMITTED_STATUSES, Status
from .money import money_field
from .rounds import EligibilityQuestion, Round


class GroupType(models.TextChoices):
    CONSTITUTED = "constituted_group", "Constituted group (with a written constitution)"
    CHARITY = "charity", "Registered charity"
    CIO = "cio", "Charitable incorporated organisation (CIO)"
    CIC = "cic", "Community interest company (CIC)"
    COMPANY = "company", "Company limited by guarantee"
    UNCONSTITUTED = "unconstituted", "Unconstituted group"


# A CIO is a registered charity; a CIC is a company. Registration numbers are what makes a
# recipient identifiable across funders in 360Giving data (GB-CHC-..., GB-COH-...).
NEEDS_CHARITY_NUMBER = frozenset({GroupType.CHARITY, GroupType.CIO})
NEEDS_COMPANY_NUMBER = frozenset({GroupType.CIC, GroupType.COMPANY})

_CHARITY_NUMBER_RE = re.compile(r"^[0-9]{6,8}$")
_COMPANY_NUMBER_RE = re.compile(r"^([0-9]{1,8}|[A-Z]{2}[0-9]{6})$")


def normalise_charity_number(value: str) -> str:
    return re.sub(r"\s", "", value or "")


def normalise_company_number(value: str) -> str:
    """Companies House numbers are 8 characters: '1234567' is '01234567'."""
    compact = re.sub(r"\s", "", value or "").upper()
    return compact.zfill(8) if compact.isdigit() else compact


def validate_charity_number(value: str) -> None:
    if value and not _CHARITY_NUMBER_RE.match(normalise_charity_number(value)):
        raise ValidationError(
            "Enter a charity number of 6 to 8 digits, like 1234567", code="charity_number"
        )


def validate_company_number(value: str) -> None:
    if value and not _COMPANY_NUMBER_RE.match(normalise_company_number(value)):
        raise ValidationError(
            "Enter a company number of 8 characters, like 01234567 or SC123456",
            code="company_number",
        )


class ApplicationQuerySet(models.QuerySet):
    def submitted(self):
        """Everything past draft: what the council may see."""
        return self.exclude(status=Status.DRAFT)

    def committed(self):
        return self.filter(status__in=COMMITTED_STATUSES)

    def for_organisations(self, organisation_ids):
        return self.filter(organisation_id__in=organisation_ids)

    def with_list_relations(self):
        return self.select_related("round__fund", "organisation", "applicant").prefetch_related(
            "wards"
        )


class Application(models.Model):
    """A community group's application to a round, and the grant that may follow.

    Most fields may be empty while it is a draft (a group can save and come back);
    `services.application_submit` refuses an incomplete one, and a constraint makes sure a
    submitted application has its amount, dates, reference and submission time.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Given on submission, e.g. FA-2026-0001.",
    )
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="grant_applications",
        help_text="The group's representative who started the application.",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="grant_applications",
        limit_choices_to={"kind": OrganisationKind.COMMUNITY_GROUP},
    )

    # The group
    group_type = models.CharField(max_length=20, choices=GroupType.choices, blank=True)
    charity_number = models.CharField(
        max_length=10, blank=True, validators=[validate_charity_number]
    )
    company_number = models.CharField(
        max_length=10, blank=True, validators=[validate_company_number]
    )

    # The project
    project_title = models.CharField(
        max_length=140,
        blank=True,
        validators=[validate_no_control_characters],
        help_text="Under 140 characters: it is the grant's title in published data.",
    )
    project_description = models.TextField(blank=True, validators=[validate_no_control_characters])
    wards = models.ManyToManyField(Ward, blank=True, related_name="grant_applications")
    people_reached = models.PositiveIntegerField(null=True, blank=True)
    amount_requested = money_field(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    # Declarations: every one must be made before submitting.
    declaration_accurate = models.BooleanField(
        "The information in this application is true and complete", default=False
    )
    declaration_use_of_funds = models.BooleanField(
        "We will spend the grant only on this project and return any money not spent",
        default=False,
    )
    declaration_monitoring = models.BooleanField(
        "We will send a monitoring report when the project ends", default=False
    )
    declaration_publication = models.BooleanField(
        "We agree that details of the grant may be published as open data", default=False
    )

    # The outcome
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    amount_awarded = money_field(null=True, blank=True)
    decision_rationale = models.TextField(
        blank=True, help_text="Why the panel decided as it did. The applicant sees this."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grant_decisions",
    )
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    offer_accepted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submission_token = models.UUIDField(
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="From the new-application form: pressing Save or Submit twice, or "
        "resending the form, starts one application, not two.",
    )

    objects = ApplicationQuerySet.as_manager()

    DECLARATION_FIELDS = (
        "declaration_accurate",
        "declaration_use_of_funds",
        "declaration_monitoring",
        "declaration_publication",
    )

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [
            models.Index(fields=["round", "status"]),
            models.Index(fields=["organisation", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested__isnull=True) | Q(amount_requested__gte=0),
                name="grants_application_requested_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(amount_awarded__isnull=True) | Q(amount_awarded__gte=0),
                name="grants_application_awarded_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(amount_awarded__isnull=True)
                | Q(amount_awarded__lte=F("amount_requested")),
                name="grants_application_awarded_lte_requested",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=COMMITTED_STATUSES) | Q(amount_awarded__isnull=False),
                name="grants_application_award_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="grants_application_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[Status.DRAFT, Status.WITHDRAWN])
                | Q(
                    reference__isnull=False,
                    submitted_at__isnull=False,
                    amount_requested__isnull=False,
                    start_date__isnull=False,
                    end_date__isnull=False,
                ),
                name="grants_application_submitted_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"Draft: {self.project_title or 'untitled'}"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_committed(self) -> bool:
        return self.status in COMMITTED_STATUSES

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must be the same as or after the start date."
        if (
            self.amount_awarded is not None
            and self.amount_requested is not None
            and self.amount_awarded > self.amount_requested
        ):
            errors["amount_awarded"] = "The award cannot be more than the amount asked for."
        if self.organisation_id and self.organisation.kind != OrganisationKind.COMMUNITY_GROUP:
            errors["organisation"] = "Only a community group can apply for a grant."
        if errors:
            raise ValidationError(errors)


class BudgetLine(models.Model):
    """One line of the project budget; the lines add up to the amount requested."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    description = models.CharField(max_length=200, validators=[validate_no_control_characters])
    amount = money_field()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["application", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="grants_budget_line_amount_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description}: £{self.amount}"


class EligibilityAnswer(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="eligibility_answers"
    )
    question = models.ForeignKey(
        EligibilityQuestion, on_delete=models.PROTECT, related_name="answers"
    )
    answer = models.BooleanField()

    class Meta:
        ordering = ["application", "question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"], name="grants_eligibility_answer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {'Yes' if self.answer else 'No'}"

    @property
    def meets_expectation(self) -> bool:
        expected = self.question.expected_answer
        return expected is None or expected == self.answer


class EventKind(models.TextChoices):
    STATUS = "status", "Status changed"
    EDITED = "edited", "Draft saved"
    CONFLICT = "conflict", "Conflict of interest declared"
    SCORE = "score", "Scores submitted"
    PAYMENT = "payment", "Payment recorded"
    MONITORING = "monitoring", "Monitoring"
    ATTACHMENT = "attachment", "File added"


# The panel's own deliberations stay within the council and the panel.
APPLICANT_VISIBLE_EVENT_KINDS = frozenset(
    {
        EventKind.STATUS,
        EventKind.EDITED,
        EventKind.PAYMENT,
        EventKind.MONITORING,
        EventKind.ATTACHMENT,
    }
)


class ApplicationEvent(models.Model):
    """One change in an application's history: who, when, from, to and why. Never edited.

    Events are the timeline on the application page and the source of the time measures
    (days from submission to decision).
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the system acted (a scheduled task).",
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.STATUS)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["application", "at"]),
            models.Index(fields=["to_status", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.from_status}→{self.to_status}"


class InformationRequest(models.Model):
    """A question the grant officer asks during the eligibility check, and the group's answer."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="information_requests"
    )
    question = models.TextField(validators=[validate_no_control_characters])
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()
    answer = models.TextField(blank=True, validators=[validate_no_control_characters])
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "asked_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="grants_information_answered_has_answer",
            )
        ]

    def __str__(self) -> str:
        return self.question[:60]

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
