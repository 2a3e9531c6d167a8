"""Turning query rows into Figures: one method per figure, the queries they share run once.

Every figure's rows go through the suppression rule when the scope says so, here and only
here, so the page, the chart and both downloads all carry the same (safe) values.
"""

from datetime import date
from functools import cached_property

from thriving.core.suppression import suppress_rows

from . import grant_figures, referral_figures, wellbeing_figures
from .build_outcomes import OutcomeFigures, percent
from .figures import Chart, Column, Dashboard, DashboardFilters, Figure, Kind
from .scope import Scope


class FigureBuilder(OutcomeFigures):
    """Runs the queries and turns their rows into suppressed Figures."""

    def __init__(self, scope: Scope, filters: DashboardFilters, today: date):
        self.scope = scope
        self.filters = filters
        self.today = today

    def _safe(self, rows, **rules) -> list[dict]:
        return suppress_rows(rows, **rules) if self.scope.suppressed else [dict(r) for r in rows]

    def figures(self) -> dict[str, Figure]:
        """Every figure, by its Dashboard field name."""
        return {name: self.figure(name) for name in Dashboard.FIGURE_ORDER}

    def figure(self, name: str) -> Figure:
        """One figure by its Dashboard field name, running only the queries it needs."""
        return getattr(self, name)()

    # --- what several figures share -----------------------------------------------------------

    @cached_property
    def pairs(self):
        return referral_figures.day_pairs(self.scope, self.filters, today=self.today)

    @cached_property
    def practice_and_ward(self):
        return referral_figures.practice_and_ward_counts(self.scope, self.filters)

    @cached_property
    def reason_sums(self):
        return referral_figures.reason_sums(self.scope, self.filters)

    @cached_property
    def wellbeing(self):
        return wellbeing_figures.wellbeing(self.scope, self.filters, self.reason_sums)

    @cached_property
    def grant_rows(self):
        return (
            grant_figures.grants_by_ward(self.filters),
            grant_figures.grants_by_category(self.filters),
        )

    # --- referrals --------------------------------------------------------------------------

    def referrals_by_week(self) -> Figure:
        pairs = self.pairs
        rows = [
            {"week": week, "referrals": n}
            for week, n in referral_figures.weekly_counts(pairs, self.filters)
        ]
        return Figure(
            slug="referrals-by-week",
            title="Referrals over time",
            caption="Referrals submitted each week (weeks start on Monday)",
            columns=[
                Column("week", "Week starting", Kind.DATE),
                Column("referrals", "Referrals", Kind.COUNT),
            ],
            rows=self._safe(rows, counts=["referrals"]),
            chart=Chart("line", ("referrals",), "Referrals"),
            definition=(
                "Referrals by the Monday of the week they were submitted (Europe/London dates). "
                "The first and last weeks may be part-weeks, cut by the date range."
            ),
        )

    def referrals_by_practice(self) -> Figure:
        by_practice, _ = self.practice_and_ward
        rows = [
            {"practice": name, "referrals": n}
            for name, n in sorted(by_practice.items(), key=lambda item: (-item[1], item[0]))
        ]
        return Figure(
            slug="referrals-by-practice",
            title="Referrals by referring practice",
            caption="Referrals by the practice or team that made them, most first",
            columns=[
                Column("practice", "Referring practice or team"),
                Column("referrals", "Referrals", Kind.COUNT),
            ],
            rows=self._safe(rows, counts=["referrals"]),
            chart=Chart("bar", ("referrals",), "Referrals", horizontal=True),
            definition="The organisation of the person who made the referral.",
        )

    def referrals_by_reason(self) -> Figure:
        rows = [
            {"reason": label, "referrals": n}
            for label, n in referral_figures.reason_counts(self.reason_sums)
        ]
        return Figure(
            slug="referrals-by-reason",
            title="Referrals by reason",
            caption="Referrals giving each reason",
            columns=[Column("reason", "Reason"), Column("referrals", "Referrals", Kind.COUNT)],
            rows=self._safe(rows, counts=["referrals"]),
            chart=Chart("bar", ("referrals",), "Referrals", horizontal=True),
            definition=(
                "A referral can give more than one reason and is counted under each, so these "
                "add up to more than the number of referrals."
            ),
        )

    def referrals_by_ward(self) -> Figure:
        _, by_ward = self.practice_and_ward
        rows = [
            {"ward": name, "referrals": by_ward.get(ward_id, 0)}
            for ward_id, name in referral_figures.ward_names(self.filters)
        ]
        if by_ward.get(None):
            rows.append({"ward": referral_figures.NO_WARD, "referrals": by_ward[None]})
        return Figure(
            slug="referrals-by-ward",
            title="Referrals by ward",
            caption="Referrals by the ward the person lives in",
            columns=[Column("ward", "Ward"), Column("referrals", "Referrals", Kind.COUNT)],
            rows=self._safe(rows, counts=["referrals"]),
            chart=Chart("bar", ("referrals",), "Referrals", horizontal=True),
            definition=(
                "The ward of the person's postcode when referred; “Ward not known” when the "
                "postcode is outside the borough's lookup."
            ),
        )

    def funnel(self) -> Figure:
        pairs = self.pairs
        counts = referral_figures.funnel_counts(pairs)
        submitted = sum(pairs.submitted_by_day.values())
        stages = [
            ("Submitted", submitted),
            ("Allocated to a provider", pairs.allocated),
            ("Accepted by a link worker", pairs.accepted),
            ("Engaged", counts["engaged"]),
            ("Closed with a connection taken up", counts["connected"]),
        ]
        rows = [
            {
                "stage": stage,
                "referrals": n,
                "share": percent(n, submitted),
                "submitted": submitted,
            }
            for stage, n in stages
        ]
        intro = (
            "Of the referrals allocated to the organisation"
            if not self.scope.whole_programme
            else "Of all referrals"
        )
        return Figure(
            slug="funnel",
            title="From referral to connection",
            caption="Referrals reaching each stage, and their share of those submitted",
            columns=[
                Column("stage", "Stage"),
                Column("referrals", "Referrals", Kind.COUNT),
                Column("share", "Share of submitted (%)", Kind.RATE),
            ],
            rows=self._safe(
                rows, counts=["referrals"], rates={"share": ("referrals", "submitted")}
            ),
            chart=Chart("bar", ("referrals",), "Referrals"),
            definition=(
                f"{intro} submitted in the date range, how many have ever reached each stage. "
                "Allocated: a provider holds it now (a referral returned to the unallocated "
                "inbox counts again once reallocated). Accepted: a link worker has accepted it. "
                "Engaged: its history shows it marked engaged. Closed "
                "with a connection taken up: the case is closed (not rejected, declined or "
                "unable to contact) and at least one community activity suggested to the "
                "person reached “attending”."
            ),
        )

    def timeliness(self) -> Figure:
        pairs = self.pairs
        rows = [
            referral_figures.interval_row(
                "Days to allocation (submitted to allocated)", pairs.allocation
            ),
            referral_figures.interval_row(
                "Days to first contact (accepted to first contact attempt)",
                pairs.first_contact,
            ),
        ]
        return Figure(
            slug="timeliness",
            title="Days to allocation and to first contact",
            caption="Working days taken, against the service's targets",
            columns=[
                Column("measure", "Measure"),
                Column("target", "Target"),
                Column("completed", "Referrals that got there", Kind.COUNT),
                Column("median", "Median working days", Kind.NUMBER),
                Column("waiting_past_target", "Still waiting, past the target", Kind.COUNT),
                Column("within_target", "Within the target", Kind.COUNT),
                Column("share_within_target", "Share within the target (%)", Kind.RATE),
            ],
            rows=self._safe(
                rows,
                counts=["completed", "waiting_past_target", "within_target", "counted"],
                rates={"share_within_target": ("within_target", "counted")},
                statistics={"median": "completed"},
            ),
            chart=Chart("bar", ("share_within_target",), "Share within the target (%)"),
            definition=(
                "Working days skip weekends and England's bank holidays, counted between "
                "Europe/London dates: a referral submitted on Friday and allocated on Monday "
                "took 1 working day; the same day is 0. Targets (PRODUCT.md): allocation "
                "within 1 working day of submission; a first contact attempt within 2 working "
                "days of acceptance. The median is over referrals that got there; the share "
                "within the target also counts, as missed, referrals still waiting today "
                "beyond the target (unallocated ones; accepted ones with no contact attempt "
                "yet)."
            ),
        )

    def caseload(self) -> Figure:
        rows = [
            {"provider": r.provider, "link_worker": r.link_worker, "open_cases": r.open_cases}
            for r in referral_figures.caseloads(self.scope, self.filters)
        ]
        return Figure(
            slug="caseload",
            title="Caseload per link worker",
            caption="Open cases per link worker today",
            columns=[
                Column("provider", "Provider"),
                Column("link_worker", "Link worker"),
                Column("open_cases", "Open cases", Kind.COUNT),
            ],
            rows=self._safe(rows, counts=["open_cases"]),
            chart=Chart(
                "bar",
                ("open_cases",),
                "Open cases",
                label_keys=("link_worker", "provider"),
                horizontal=True,
            ),
            definition=(
                "Cases accepted, being contacted, engaged or on hold today, whenever they were "
                "referred (the date range does not apply; the provider and ward filters do). "
                "Every active link worker of the providers shown is listed, with 0 when they "
                "have no open case."
            ),
        )
