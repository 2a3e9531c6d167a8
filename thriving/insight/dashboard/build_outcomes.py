"""The outcome figures of the dashboard: wellbeing change (SWEMWBS and ONS4) and grants.

A mixin of FigureBuilder (build.py), which holds the scope, the filters and the queries the
figures share.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from . import grant_figures, wellbeing_figures
from .figures import Chart, Column, Figure, Kind


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


class OutcomeFigures:
    # --- wellbeing --------------------------------------------------------------------------

    def wellbeing_change(self) -> Figure:
        counts = self.wellbeing.bands
        total = self.wellbeing.overall.swemwbs_n
        rows = [
            {"band": label, "short": short, "referrals": counts[key],
             "share": percent(counts[key], total), "total": total}
            for key, label, short, _ in wellbeing_figures.BANDS
        ]  # fmt: skip
        return Figure(
            slug="wellbeing-change",
            title="Wellbeing change (SWEMWBS)",
            caption="Change in SWEMWBS metric score from the start to the end of support",
            columns=[
                Column("band", "Change"),
                Column("referrals", "Referrals", Kind.COUNT),
                Column("share", "Share (%)", Kind.RATE),
            ],
            rows=self._safe(rows, counts=["referrals"], rates={"share": ("referrals", "total")}),
            chart=Chart("bar", ("referrals",), "Referrals", label_keys=("short",)),
            definition=(
                "For each referral with a start and an end SWEMWBS measure: the end metric "
                "score minus the start metric score (the earliest start and the latest end "
                "measure). Metric scores run from 7 to 35; a change of 3 or more metric points "
                "either way is a meaningful change."
            ),
        )

    def _mean_figure(self, groups, *, slug, title, caption, name_label, definition, first=None):
        rows = ([_mean_row(first.name, first)] if first else []) + [
            _mean_row(group.name or "Not given", group)
            for group in sorted(groups, key=lambda g: g.name or "")
            if group.swemwbs_n
        ]
        return Figure(
            slug=slug,
            title=title,
            caption=caption,
            columns=[
                Column("name", name_label),
                Column("referrals", "Referrals measured", Kind.COUNT),
                Column("mean_change", "Mean change (metric points)", Kind.NUMBER, places=2),
            ],
            rows=self._safe(rows, counts=["referrals"], statistics={"mean_change": "referrals"}),
            chart=Chart("bar", ("mean_change",), "Mean change (metric points)", horizontal=True),
            definition=definition,
        )

    def wellbeing_by_provider(self) -> Figure:
        return self._mean_figure(
            self.wellbeing.by_provider,
            first=self.wellbeing.overall,
            slug="wellbeing-by-provider",
            title="Wellbeing change by provider",
            caption="Mean change in SWEMWBS metric score, by provider",
            name_label="Provider",
            definition=(
                "The change above, averaged over the referrals each provider supported; the "
                "first row is every referral shown."
            ),
        )

    def wellbeing_by_reason(self) -> Figure:
        return self._mean_figure(
            self.wellbeing.by_reason,
            slug="wellbeing-by-reason",
            title="Wellbeing change by reason",
            caption="Mean change in SWEMWBS metric score, by reason for referral",
            name_label="Reason",
            definition="A referral giving more than one reason counts under each of them.",
        )

    def ons4_change(self) -> Figure:
        overall = self.wellbeing.overall
        n = overall.ons4_n
        rows = []
        for field, label in wellbeing_figures.ONS4_QUESTIONS.items():
            start = Decimal(overall.ons4_start.get(field, 0)) / n if n else None
            end = Decimal(overall.ons4_end.get(field, 0)) / n if n else None
            rows.append(
                {
                    "question": label,
                    "referrals": n,
                    "start": _round(start),
                    "end": _round(end),
                    "change": _round(end - start) if n else None,
                }
            )
        return Figure(
            slug="ons4-change",
            title="Personal wellbeing change (ONS4)",
            caption="Mean ONS4 answers at the start and the end of support, question by question",
            columns=[
                Column("question", "Question (answers 0 to 10)"),
                Column("referrals", "Referrals measured", Kind.COUNT),
                Column("start", "Mean at start", Kind.NUMBER, places=2),
                Column("end", "Mean at end", Kind.NUMBER, places=2),
                Column("change", "Mean change", Kind.NUMBER, places=2),
            ],
            rows=self._safe(
                rows,
                counts=["referrals"],
                statistics={"start": "referrals", "end": "referrals", "change": "referrals"},
            ),
            chart=Chart("bar", ("change",), "Mean change (points)", horizontal=True),
            definition=(
                "For each referral with a start and an end ONS4 measure (the earliest start, "
                "the latest end). The four questions are reported separately and never added "
                "up. For anxiety a fall is an improvement; for the other three, a rise."
            ),
        )

    # --- grants -----------------------------------------------------------------------------

    def _grant_figure(self, rows, *, slug, title, caption, name_key, name_label) -> Figure:
        return Figure(
            slug=slug,
            title=title,
            caption=caption,
            columns=[
                Column(name_key, name_label),
                Column("grants", "Grants", Kind.COUNT),
                Column("amount", "Amount awarded (£)", Kind.MONEY),
            ],
            rows=rows,
            chart=Chart("bar", ("amount",), "Amount awarded (£)", horizontal=True),
            definition=(
                "Fast Action grants the panel awarded (approved, offer accepted, paid, "
                "monitoring due or completed), decided in the date range. An award for several "
                "wards is split equally between them, so the ward amounts add up to the money "
                "awarded. The category is the applying group's type (constituted group, "
                "charity, CIO, CIC, ...), the one classification every application gives. "
                "Grants are published openly (360Giving): the provider filter does not apply "
                "to them, and their numbers are not suppressed."
            ),
        )

    def grants_by_ward(self) -> Figure:
        by_ward, by_category = self.grant_rows
        rows = [
            {"ward": name, "grants": n, "amount": _money(total)}
            for _, name, n, total in sorted(by_ward, key=lambda r: r[1])
        ]
        unnamed = [(n, total) for _, named, n, total in by_category if not named]
        if unnamed:
            rows.append(
                {
                    "ward": grant_figures.NO_WARD,
                    "grants": sum(n for n, _ in unnamed),
                    "amount": _money(sum((t for _, t in unnamed), Decimal("0"))),
                }
            )
        return self._grant_figure(
            rows,
            slug="grants-by-ward",
            title="Grants awarded by ward",
            caption="Fast Action grants awarded, by the ward they serve",
            name_key="ward",
            name_label="Ward",
        )

    def grants_by_category(self) -> Figure:
        _, by_category = self.grant_rows
        categories = defaultdict(lambda: [0, Decimal("0")])
        for group_type, _, n, total in by_category:
            label = grant_figures.group_type_label(group_type)
            categories[label][0] += n
            categories[label][1] += total
        rows = [
            {"category": label, "grants": n, "amount": _money(total)}
            for label, (n, total) in sorted(categories.items())
        ]
        return self._grant_figure(
            rows,
            slug="grants-by-category",
            title="Grants awarded by category",
            caption="Fast Action grants awarded, by the type of group applying",
            name_key="category",
            name_label="Type of group",
        )


def _round(value: Decimal | None) -> float | None:
    """Two decimal places, halves away from zero (1.415 is 1.42, as people round)."""
    if value is None:
        return None
    return float(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _money(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(Decimal("0.01"))


def _mean_row(name: str, group) -> dict:
    n = group.swemwbs_n
    return {
        "name": name,
        "referrals": n,
        "mean_change": _round(group.swemwbs_change / n) if n else None,
    }
