"""The message back to the referrer when a case closes: one structured summary, read by the
referrer's page, the closing email and the API.

What it holds: what mattered to the person, the community activities suggested and how far
each got, the wellbeing change from start to end (or why there is no end measure), the
closing reason, the notes the link worker marked to share, and the SNOMED CT concept the
practice can code the referral under. The closing email
(templates/referrals/email/referral_closed.txt) leaves out everything free-text, which may
name the person, and keeps only what is structured.
"""

from dataclasses import dataclass, field

from .connections import connections_for_case
from .models import GoalStatus, Instrument, OutcomeMeasure, Referral, Timepoint
from .presenters_connections import connection_tag
from .presenters_measures import InstrumentChange, instrument_change
from .workflow import NoEndMeasureReason, Status

SNOMED_REFERRAL = ("871731000000106", "Referral to social prescribing service")
SNOMED_DECLINED = ("871711000000103", "Social prescribing declined")


def snomed_concept(referral: Referral) -> tuple[str, str]:
    """The SNOMED CT concept a practice records the referral under: declined when the person
    said no, otherwise the referral to the social prescribing service."""
    if referral.status == Status.DECLINED:
        return SNOMED_DECLINED
    return SNOMED_REFERRAL


# The reasons as the referrer reads them (the choices' labels speak as the link worker).
NO_END_MEASURE_WORDS = {
    NoEndMeasureReason.DECLINED: "The person did not want to answer the wellbeing questions "
    "at the end.",
    NoEndMeasureReason.UNABLE_TO_CONTACT: "The link worker could not reach the person at the end.",
    NoEndMeasureReason.NOT_APPROPRIATE: "It was not appropriate to ask the wellbeing questions "
    "(crisis or bereavement).",
    NoEndMeasureReason.DIED: "The person has died.",
    NoEndMeasureReason.TO_FOLLOW: "The end wellbeing measure is to follow; it will show here "
    "once the link worker records it.",
}


@dataclass(frozen=True)
class ConnectionItem:
    name: str
    tag: dict


@dataclass(frozen=True)
class ReferrerOutcome:
    closed: bool
    status_label: str
    close_reason: str
    snomed_code: str
    snomed_display: str
    what_matters: str = ""
    outcome_summary: str = ""
    goals_achieved: list[str] = field(default_factory=list)
    connections: list[ConnectionItem] = field(default_factory=list)
    wellbeing: list[InstrumentChange] = field(default_factory=list)
    no_end_measure: str = ""
    shared_notes: list[str] = field(default_factory=list)

    @property
    def wellbeing_words(self) -> str:
        """What to say when there is no change to show."""
        if self.wellbeing:
            return ""
        return self.no_end_measure or (
            "No wellbeing change to show: the measures at the start and the end were not both "
            "recorded."
        )


def wellbeing_change(measures) -> list[InstrumentChange]:
    """Start to end for each instrument that has both (review measures do not count here:
    the referrer hears the change over the whole case)."""
    measures = list(measures)
    changes = [instrument_change(i, measures, end_only=True) for i in Instrument.values]
    return [c for c in changes if c is not None]


def no_end_measure_words(referral: Referral, measures) -> str:
    """Why the change is missing, in the referrer's words; empty when there is an end."""
    if any(m.timepoint == Timepoint.END for m in measures):
        return ""
    if referral.no_end_measure_reason:
        return NO_END_MEASURE_WORDS.get(referral.no_end_measure_reason, "")
    return ""


def referrer_outcome(referral: Referral) -> ReferrerOutcome:
    """The summary for a closed referral. Four queries: measures, goals, shared notes and
    connections (with their listings)."""
    code, display = snomed_concept(referral)
    base = {
        "closed": referral.is_closed,
        "status_label": referral.get_status_display(),
        "close_reason": referral.get_close_reason_display() if referral.close_reason else "",
        "snomed_code": code,
        "snomed_display": display,
    }
    if not referral.is_closed or referral.status == Status.REJECTED:
        return ReferrerOutcome(**base)
    measures = list(OutcomeMeasure.objects.filter(referral=referral))
    return ReferrerOutcome(
        **base,
        what_matters=referral.what_matters,
        outcome_summary=referral.outcome_summary,
        goals_achieved=list(
            referral.goals.filter(status=GoalStatus.ACHIEVED).values_list("description", flat=True)
        ),
        connections=[
            ConnectionItem(name=c.service.name, tag=connection_tag(c.status))
            for c in connections_for_case(referral)
        ],
        wellbeing=wellbeing_change(measures),
        no_end_measure=no_end_measure_words(referral, measures),
        shared_notes=list(
            referral.notes.filter(shareable=True)
            .order_by("created_at")
            .values_list("text", flat=True)
        ),
    )
