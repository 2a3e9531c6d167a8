"""The Thriving Communities Index as data: its indicators, their sources, their direction and
default weights, and the rules for time windows and small numbers.

Everything the computation (services.py), the pages, the CSV, the API and the methodology page
say about the index comes from here, so the method is written down once. A new data migration
is needed only to change the *default* weights stored for a fresh database; the weights in use
are edited in the admin (Insight › Index weights).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from grants.workflow import COMMITTED_STATUSES
from referrals.connection_workflow import ConnectionStatus

# Referrals, grant decisions and end measures count when they fall in the 365 days up to the
# moment of computing: a rolling year, so the index moves a little every night, never in jumps.
WINDOW_DAYS = 365

# A referral is "connected to a community activity" when at least one of its connections is,
# at the time of computing, contacted (the person and the group have been in touch) or
# attending (the person has started going). A suggestion nobody followed up, and one that
# ended not taken up or with no space, does not count.
CONNECTED_STATUSES = frozenset({ConnectionStatus.CONTACTED, ConnectionStatus.ATTENDING})

# Grants count once the panel has decided to award them (approved, offer accepted, paid,
# monitoring, completed): the money is committed from that moment.
GRANT_STATUSES = COMMITTED_STATUSES

# Rates and means worked out from 1-4 cases, and shares whose numerator is 1-4, are shown as
# this, never as a figure: with a ward's population or referral count on the same page the
# figure would give the count away. The value still counts in the computation. Counts
# themselves go through thriving.core.suppression.suppress (1-4 shown as "<5").
FEWER_THAN_FIVE = "Fewer than 5 cases"

NEED = "need"
CAPACITY = "capacity"


class IndexIndicator(models.TextChoices):
    SERVICES = "services", "Community services per 1,000 residents"
    REFERRALS = "referrals", "Referrals per 1,000 residents"
    CONNECTED = "connected", "Share of referrals connected to a community activity"
    GRANTS = "grants", "Grant money per 1,000 residents"
    WELLBEING = "wellbeing", "Mean wellbeing change (SWEMWBS)"
    DEPRIVATION = "deprivation", "Deprivation (Index of Multiple Deprivation rank)"


@dataclass(frozen=True)
class Indicator:
    """One indicator of the index.

    `direction` turns a standardised score into an oriented one: +1 when a higher value means
    more need or thinner capacity, -1 when a lower value does. After orienting, a higher score
    always points to a ward the programme should look at first.
    """

    code: str
    label: str
    short_label: str
    kind: str  # NEED or CAPACITY
    direction: int
    default_weight: Decimal
    source: str
    why: str
    raw_field: str
    score_field: str
    # The count of cases the raw value is worked out from, when it is about people: small
    # numbers are then not shown (see FEWER_THAN_FIVE). None for places, money and IMD.
    cases_field: str | None = None
    # For a share: the count it is a share of `cases_field` for. A share is not shown either
    # when this count is 1-4 (3 of 10 shown as 30% gives the 3 back).
    numerator_field: str | None = None

    @property
    def direction_text(self) -> str:
        return "higher means more need" if self.direction > 0 else "lower means more need"


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code=IndexIndicator.REFERRALS.value,
        label=IndexIndicator.REFERRALS.label,
        short_label="Referrals per 1,000",
        kind=NEED,
        direction=+1,
        default_weight=Decimal("1.00"),
        source="Referrals submitted in the last 365 days for people living in the ward "
        "(the ward the referral's postcode is in), per 1,000 residents.",
        why="More referrals per head means more people with a need beyond the medical.",
        raw_field="referrals_per_1000",
        score_field="score_referrals",
        cases_field="referrals",
    ),
    Indicator(
        code=IndexIndicator.DEPRIVATION.value,
        label=IndexIndicator.DEPRIVATION.label,
        short_label="IMD rank",
        kind=NEED,
        direction=-1,
        default_weight=Decimal("1.00"),
        source="The ward's Index of Multiple Deprivation rank, entered in the admin "
        "(Places › Wards); 1 is the most deprived.",
        why="A lower rank means a more deprived ward.",
        raw_field="imd_rank",
        score_field="score_deprivation",
    ),
    Indicator(
        code=IndexIndicator.WELLBEING.value,
        label=IndexIndicator.WELLBEING.label,
        short_label="Wellbeing change",
        kind=NEED,
        direction=-1,
        default_weight=Decimal("1.00"),
        source="For people living in the ward whose end SWEMWBS measure was taken in the last "
        "365 days: the metric score of their last end measure minus that of their first start "
        "measure, averaged over those people.",
        why="A smaller improvement (or a fall) means support is not yet making the difference.",
        raw_field="wellbeing_change",
        score_field="score_wellbeing",
        cases_field="wellbeing_cases",
    ),
    Indicator(
        code=IndexIndicator.SERVICES.value,
        label=IndexIndicator.SERVICES.label,
        short_label="Services per 1,000",
        kind=CAPACITY,
        direction=-1,
        default_weight=Decimal("1.00"),
        source="Active listings in the community directory with a place in the ward, per "
        "1,000 residents. A listing that meets in two wards counts in both; online-only "
        "listings count in none.",
        why="Fewer community activities per head means thinner capacity.",
        raw_field="services_per_1000",
        score_field="score_services",
    ),
    Indicator(
        code=IndexIndicator.CONNECTED.value,
        label=IndexIndicator.CONNECTED.label,
        short_label="Connected share",
        kind=CAPACITY,
        direction=-1,
        default_weight=Decimal("1.00"),
        source="Of the ward's referrals in the last 365 days, the share with at least one "
        "connection to a directory activity that is now contacted (the person and the group "
        "have been in touch) or attending (the person has started going).",
        why="A lower share means people are harder to connect to something local.",
        raw_field="connected_share",
        score_field="score_connected",
        cases_field="referrals",
        numerator_field="connected_referrals",
    ),
    Indicator(
        code=IndexIndicator.GRANTS.value,
        label=IndexIndicator.GRANTS.label,
        short_label="Grants per 1,000",
        kind=CAPACITY,
        direction=-1,
        default_weight=Decimal("1.00"),
        source="Fast Action grant money awarded (approved and after) by decisions in the last "
        "365 days, per 1,000 residents. A grant serving several wards is split equally "
        "between them; one naming no ward counts in none.",
        why="Less grant money per head means less investment in local groups.",
        raw_field="grants_per_1000",
        score_field="score_grants",
    ),
)

INDICATORS_BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}
DEFAULT_WEIGHTS: dict[str, Decimal] = {i.code: i.default_weight for i in INDICATORS}
MAX_WEIGHT = Decimal("10")
