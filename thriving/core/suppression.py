"""Small-number suppression: what people who cannot see the cases behind a figure are shown.

Who it applies to. Everything shown or exported to someone who cannot see the cases behind
it: the programme lead (a council officer, who sees no cases) and anyone else looking at
figures for organisations they do not work in. It does not apply to a coordinator looking at
their own provider's figures: they can open every one of those cases anyway, so hiding a 3
from them protects nobody and only makes their figures less useful. The dashboard decides
which applies (`thriving.insight.dashboard.scope`); this module only knows the rule. It is in
the shared core so that every app shows small numbers the same way: the referrer's provider
response table (referrals) and the dashboard and index (insight) all use it.

The rule (issue 5):

- a count of 1 to 4 is shown as "<5"; 0 is shown as 0, and 5 or more as it is;
- a rate, median or mean computed from fewer than 5 cases is withheld and shown as
  "<5 cases", so the small group it rests on cannot be read back from it;
- a rate is withheld as well when its numerator is a count that would be suppressed
  (3 of 200 shown as 1.5% gives the 3 back).

What it does not do. It stops a small group being read off a table. It cannot stop someone
who can change the filters from subtracting one figure from another (the figure for a
month minus the figure for that month less a day); the dashboard is for named council and
provider staff, its downloads are audited, and it is never published.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal

SMALL_NUMBER_LIMIT = 5
FEWER_THAN_FIVE = "<5"
WITHHELD = "<5 cases"

Number = int | float | Decimal


def is_small(count: int | None) -> bool:
    """True for the counts the rule hides: 1 to 4."""
    return count is not None and 0 < count < SMALL_NUMBER_LIMIT


def suppress(count: int | None) -> int | str | None:
    """1-4 become "<5"; 0 and 5 or more are unchanged; None (no figure) stays None."""
    if is_small(count):
        return FEWER_THAN_FIVE
    return count


def withhold_statistic(value: Number | None, cases: int | None) -> Number | str | None:
    """A median or mean: withheld ("<5 cases") when it rests on 1 to 4 cases."""
    if is_small(cases):
        return WITHHELD
    return value


def withhold_rate(
    value: Number | None, numerator: int | None, denominator: int | None
) -> Number | str | None:
    """A share: withheld when its denominator is 1 to 4 cases, or its numerator is a count
    that is itself suppressed."""
    if is_small(denominator) or is_small(numerator):
        return WITHHELD
    return value


def suppress_rows(
    rows: Iterable[Mapping],
    *,
    counts: Iterable[str] = (),
    rates: Mapping[str, tuple[str, str]] | None = None,
    statistics: Mapping[str, str] | None = None,
) -> list[dict]:
    """Apply the rule to a table of figures (one dict per row).

    `counts` names the count columns; `rates` maps a rate column to its (numerator,
    denominator) count columns; `statistics` maps a median or mean column to the count of
    cases it was computed from. Rates and statistics are judged on the raw counts before
    those are replaced by "<5". Other columns (labels, money) pass through unchanged.
    """
    counts = tuple(counts)
    rates = rates or {}
    statistics = statistics or {}
    suppressed = []
    for row in rows:
        out = dict(row)
        for column, (numerator, denominator) in rates.items():
            out[column] = withhold_rate(row[column], row[numerator], row[denominator])
        for column, cases in statistics.items():
            out[column] = withhold_statistic(row[column], row[cases])
        for column in counts:
            out[column] = suppress(row[column])
        suppressed.append(out)
    return suppressed


def is_hidden(value) -> bool:
    """True for a value the rule replaced (for charts, which draw nothing there)."""
    return value in (FEWER_THAN_FIVE, WITHHELD)
