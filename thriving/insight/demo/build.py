"""Writes the planned demo history: about 800 referrals over the last 12 months with their
events, reasons, contact attempts, connections and wellbeing measures, in a few bulk inserts
(seconds, where building each case through the services would take minutes).

Each history referral's submission token is its natural key (TOKEN_NAMESPACE), and its
reference starts TC-H, so the history can be told apart from the demo's hand-made stories:
seeding again adds only the histories that are missing and changes nothing else.
"""

import importlib
import importlib.util
import uuid
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from community_assets.services import service_reach_record
from referrals.models import (
    SWEMWBS_FIELDS,
    SWEMWBS_METRIC,
    Connection,
    ContactAttempt,
    Instrument,
    OutcomeMeasure,
    Referral,
    ReferralEvent,
    ReferralReason,
    Urgency,
)
from thriving.demo import data
from thriving.places.models import Ward

from .cast import Cast, cast_ensure, imd_ranks_load, setting_for
from .history import case_history
from .plans import Case

HISTORY_SIZE = 800
INDEX_SERVICES = "thriving.insight.index.services"
FACTS = "thriving.insight.facts"
TOKEN_NAMESPACE = uuid.UUID("8d3c3f0e-4b52-4f57-9a0e-2c6f7d1b5a93")
BATCH = 500


def history_token(index: int) -> uuid.UUID:
    return uuid.uuid5(TOKEN_NAMESPACE, f"demo-history-{index}")


def history_referrals():
    """The demo history's referrals (not the hand-made demo stories)."""
    return Referral.objects.filter(
        submission_token__in=[history_token(i) for i in range(HISTORY_SIZE)]
    )


class _Writer:
    """Turns planned cases into unsaved rows, then saves each kind in one bulk insert."""

    def __init__(self, cast: Cast):
        self.cast = cast
        self.wards = {ward.name: ward for ward in Ward.objects.all()}
        self.reasons = {reason.code: reason for reason in ReferralReason.objects.all()}
        self.referrals, self.events, self.links = [], [], []
        self.attempts, self.connections, self.measures = [], [], []
        # When each row really happened, by primary key or position: inserts stamp
        # auto_now(_add) fields with the present, so these are put back afterwards.
        self.moments, self.measured_at = {}, []

    def worker(self, case: Case):
        return self.cast.workers[case.provider][case.worker] if case.provider else None

    def actor(self, case: Case, who: str | None):
        coordinator = self.cast.coordinators[case.provider or "provider"]
        return {
            None: None,
            "referrer": self.cast.referrers[case.practice],
            "coordinator": coordinator,
            "accepter": coordinator if case.accepted_by_coordinator else self.worker(case),
            "link_worker": self.worker(case),
        }[who]

    def add(self, case: Case, token: uuid.UUID) -> None:
        referral = Referral(
            id=uuid.uuid5(TOKEN_NAMESPACE, f"referral-{case.index}"),
            reference=case.reference,
            submission_token=token,
            ward=self.wards.get(case.ward) if case.ward else None,
            consent_to_referral=True,
            consent_to_share=case.consent_to_share,
            reason_details=_details(case),
            urgency=Urgency.URGENT if case.urgent else Urgency.ROUTINE,
            referrer=self.cast.referrers[case.practice],
            referring_organisation=self.cast.organisations[case.practice],
            status=case.status,
            status_before_hold=case.status_before_hold,
            provider=self.cast.organisations[case.provider] if case.provider else None,
            link_worker=self.worker(case) if case.accepted_at else None,
            what_matters=case.what_matters,
            what_matters_recorded_at=case.what_matters_recorded_at,
            next_contact_date=case.next_contact_date,
            close_reason=case.close_reason,
            outcome_summary=case.outcome_summary,
            no_end_measure_reason=case.no_end_measure_reason,
            submitted_at=case.submitted_at,
            allocated_at=case.allocated_at,
            accepted_at=case.accepted_at,
            first_contact_at=case.first_contact_at,
            closed_at=case.closed_at,
            **case.person,
        )
        self.moments[referral.pk] = max(e.at for e in case.events)
        self.referrals.append(referral)
        through = Referral.reasons.through
        self.links += [
            through(referral_id=referral.pk, referralreason_id=self.reasons[code].pk)
            for code in case.reasons
        ]
        self.events += [
            ReferralEvent(
                referral_id=referral.pk,
                at=e.at,
                actor=self.actor(case, e.actor),
                kind=e.kind,
                from_status=e.from_status,
                to_status=e.to_status,
                reason=e.reason,
            )
            for e in case.events
        ]
        worker = self.worker(case)
        self.attempts += [
            ContactAttempt(
                referral_id=referral.pk, at=a.at, method=a.method, outcome=a.outcome, by=worker
            )
            for a in case.attempts
        ]
        for n, plan in enumerate(case.connections):
            connection = Connection(
                id=uuid.uuid5(TOKEN_NAMESPACE, f"connection-{case.index}-{n}"),
                referral_id=referral.pk,
                service_id=plan.listing.id,
                status=plan.status,
                suggested_on=timezone.localtime(plan.suggested_at).date(),
                contacted_on=plan.contacted_on,
                attending_from=plan.attending_from,
                ended_on=plan.ended_on,
                created_by=worker,
            )
            self.moments[connection.pk] = plan.suggested_at
            self.connections.append(connection)
        self.measures += [_measure(referral, m, worker) for m in case.measures]
        self.measured_at += [m.at for m in case.measures]

    def save(self) -> None:
        Referral.objects.bulk_create(self.referrals, batch_size=BATCH)
        Referral.reasons.through.objects.bulk_create(self.links, batch_size=BATCH)
        ReferralEvent.objects.bulk_create(self.events, batch_size=BATCH)
        ContactAttempt.objects.bulk_create(self.attempts, batch_size=BATCH)
        Connection.objects.bulk_create(self.connections, batch_size=BATCH)
        OutcomeMeasure.objects.bulk_create(self.measures, batch_size=BATCH)
        self._backdate()

    def _backdate(self) -> None:
        """Put the history's own moments back into the fields inserts stamp with the
        present (a bulk update, unlike a save, leaves auto_now fields alone)."""
        for referral in self.referrals:
            referral.updated_at = self.moments[referral.pk]
        for attempt in self.attempts:
            attempt.created_at = attempt.at
        for connection in self.connections:
            connection.created_at = connection.updated_at = self.moments[connection.pk]
        for measure, at in zip(self.measures, self.measured_at, strict=True):
            measure.recorded_at = at
        Referral.objects.bulk_update(self.referrals, ["updated_at"], batch_size=BATCH)
        ContactAttempt.objects.bulk_update(self.attempts, ["created_at"], batch_size=BATCH)
        Connection.objects.bulk_update(
            self.connections, ["created_at", "updated_at"], batch_size=BATCH
        )
        OutcomeMeasure.objects.bulk_update(self.measures, ["recorded_at"], batch_size=BATCH)


def _details(case: Case) -> str:
    return data.REASON_DETAILS.get(case.reasons[0], "")


def _measure(referral: Referral, planned, worker) -> OutcomeMeasure:
    measure = OutcomeMeasure(
        referral_id=referral.pk,
        instrument=planned.instrument,
        timepoint=planned.timepoint,
        taken_on=planned.taken_on,
        recorded_by=worker,
        **planned.scores,
    )
    if planned.instrument == Instrument.SWEMWBS:
        # bulk_create skips save(), which scores SWEMWBS: score it the same way here.
        measure.swemwbs_raw = sum(planned.scores[f] for f in SWEMWBS_FIELDS)
        measure.swemwbs_metric = Decimal(SWEMWBS_METRIC[measure.swemwbs_raw])
    return measure


def _reach_record(service_ids: set) -> None:
    """Hand the directory the new totals of the listings the history connected people to."""
    totals = (
        Connection.objects.filter(service_id__in=service_ids)
        .values("service_id")
        .annotate(
            connected=Count("referral", distinct=True),
            attended=Count("referral", distinct=True, filter=Q(attending_from__isnull=False)),
        )
    )
    for row in totals:
        service_reach_record(
            service_id=row["service_id"], connected=row["connected"], attended=row["attended"]
        )


def _index_computed() -> bool:
    """Whether the index has been computed before (False before the index exists)."""
    try:
        return apps.get_model("insight", "IndexRun").objects.exists()
    except LookupError:
        return False


def _optional(module_name: str, name: str):
    """A function of another part of issue 5, or None while that part is not there yet."""
    try:
        found = importlib.util.find_spec(module_name) is not None
    except ModuleNotFoundError:  # a parent package is missing
        found = False
    return getattr(importlib.import_module(module_name), name, None) if found else None


def _facts_refresh(referral_ids: list) -> None:
    """Bulk inserts send no signals, so the dashboard's referral facts of the new history
    are written here rather than by the facts' own signal handlers."""
    refresh = _optional(FACTS, "refresh_referral_facts")
    if refresh is not None and referral_ids:
        refresh(referral_ids)


def _index_compute(stdout) -> None:
    """Compute the Thriving Communities Index once, when the index is there to compute."""
    compute = _optional(INDEX_SERVICES, "index_compute")
    if compute is None:
        stdout.write("Demo history: the index is not there yet, so it was not computed.")
        return
    compute()
    stdout.write("Demo history: the Thriving Communities Index computed.")


@transaction.atomic
def seed(stdout) -> None:
    now = timezone.now()
    cast = cast_ensure()
    ranks_loaded = imd_ranks_load()
    setting = setting_for(cast)
    tokens = {history_token(i): i for i in range(HISTORY_SIZE)}
    existing = set(
        Referral.objects.filter(submission_token__in=tokens).values_list(
            "submission_token", flat=True
        )
    )
    writer = _Writer(cast)
    for token, index in tokens.items():
        if token not in existing:
            writer.add(case_history(index, setting=setting, now=now), token)
    writer.save()
    if writer.connections:
        _reach_record({c.service_id for c in writer.connections})
    _facts_refresh([r.pk for r in writer.referrals])
    if ranks_loaded:
        stdout.write("Demo history: illustrative deprivation (IMD) ranks given to the wards.")
    stdout.write(
        f"Demo history: {len(writer.referrals)} referrals over the last 12 months added "
        f"({history_referrals().count()} in all), with {len(writer.events)} events, "
        f"{len(writer.connections)} connections and {len(writer.measures)} wellbeing measures."
    )
    if writer.referrals or ranks_loaded or not _index_computed():
        _index_compute(stdout)
