"""The panel's view: summaries before a declaration, scores after scoring, the quorum and
the record a decision is made on."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from thriving.accounts.models import User

from .. import permissions
from ..models import Application, ConflictDeclaration, Criterion, Score
from ..workflow import PANEL_VISIBLE_STATUSES
from .applications import stage_order
from .rounds import panel_rounds

# What a panel member sees of an application before declaring: enough to know whether they
# have an interest (who, what, how much, where), nothing of the case itself.
PANEL_SUMMARY_FIELDS = (
    "id",
    "reference",
    "status",
    "project_title",
    "amount_requested",
    "submitted_at",
    "round",
    "organisation",
)


@dataclass(frozen=True)
class ApplicationSummary:
    id: object
    reference: str
    status: str
    status_label: str
    project_title: str
    organisation_name: str
    amount_requested: Decimal | None
    ward_names: list[str]
    round_name: str
    submitted_at: object


def summary_of(application: Application) -> ApplicationSummary:
    return ApplicationSummary(
        id=application.pk,
        reference=application.reference or "",
        status=application.status,
        status_label=application.get_status_display(),
        project_title=application.project_title,
        organisation_name=application.organisation.name,
        amount_requested=application.amount_requested,
        ward_names=[w.name for w in application.wards.all()],
        round_name=application.round.name,
        submitted_at=application.submitted_at,
    )


def panel_queue(*, member: User, round_=None) -> QuerySet[Application]:
    """Applications before the member's panels (optionally one round), with the member's own
    position on each: `my_declared`, `my_conflict` and `my_scores` (criteria scored).

    Loads only the summary fields (`PANEL_SUMMARY_FIELDS`): a list shows nothing more, and
    details are handed out one application at a time by `panel_application_get`.
    """
    if not member.is_authenticated:
        return Application.objects.none()
    mine = ConflictDeclaration.objects.filter(application=OuterRef("pk"), member=member)
    applications = Application.objects.filter(
        round_id__in=panel_rounds(member), status__in=PANEL_VISIBLE_STATUSES
    )
    if round_ is not None:
        applications = applications.filter(round=round_)
    return (
        applications.only(*PANEL_SUMMARY_FIELDS, "organisation__name", "round__name")
        .select_related("organisation", "round")
        .prefetch_related("wards")
        .annotate(
            my_declared=Exists(mine),
            my_conflict=Exists(mine.filter(has_conflict=True)),
            my_scores=Count("scores", filter=Q(scores__member=member)),
        )
        .order_by(stage_order(), "submitted_at")
    )


def declaration_for(*, member: User, application: Application) -> ConflictDeclaration | None:
    return ConflictDeclaration.objects.filter(application=application, member=member).first()


@dataclass
class PanelApplication:
    """What a panel member may see of one application.

    `application` (the full record: description, budget, answers) is set only once the
    member has declared no conflict; until then, and for ever after a conflict, pages have
    the summary alone, so a template cannot show more by mistake.
    """

    summary: ApplicationSummary
    declaration: ConflictDeclaration | None
    application: Application | None
    may_score: bool
    my_scores: list[Score] = field(default_factory=list)


def panel_application_get(*, member: User, application_id) -> PanelApplication:
    """One application for a panel member or chair; `Application.DoesNotExist` (a 404) for
    applications not before their panel."""
    application = (
        Application.objects.filter(
            round_id__in=panel_rounds(member), status__in=PANEL_VISIBLE_STATUSES
        )
        .select_related("round__fund", "round__chair", "organisation")
        .prefetch_related("wards", "round__panel_members", "round__criteria")
        .get(pk=application_id)
    )
    declaration = declaration_for(member=member, application=application)
    details = permissions.can_view_application_details(member, application, declaration)
    return PanelApplication(
        summary=summary_of(application),
        declaration=declaration,
        application=application if details else None,
        may_score=permissions.can_score_application(member, application, declaration),
        my_scores=list(
            Score.objects.filter(application=application, member=member).select_related("criterion")
        ),
    )


def scores_visible_to(member: User, application: Application) -> QuerySet[Score]:
    """The scores on an application a panel member may see.

    Their own, always. Everyone's (unconflicted members' complete sets) only after they have
    scored every criterion themselves, so no one is swayed by others before making up their
    own mind. A member who declared a conflict, or has not declared, never sees others'.
    """
    own = Score.objects.filter(application=application, member=member).select_related(
        "criterion", "member"
    )
    declaration = declaration_for(member=member, application=application)
    if declaration is None or declaration.has_conflict:
        return own
    criteria = application.round.criteria.count()
    if criteria == 0 or own.count() < criteria:
        return own
    conflicted = ConflictDeclaration.objects.filter(
        application=application, has_conflict=True
    ).values("member_id")
    return (
        Score.objects.filter(application=application)
        .exclude(member_id__in=conflicted)
        .select_related("criterion", "member")
        .order_by("member__full_name", "criterion__position", "criterion_id")
    )


@dataclass(frozen=True)
class QuorumStatus:
    needed: int
    complete: int
    conflicted: int
    undeclared: int
    complete_member_ids: frozenset[int]

    @property
    def met(self) -> bool:
        return self.complete >= self.needed


def quorum_status(application: Application) -> QuorumStatus:
    """How many of the round's current panel members have declared no conflict and scored
    every criterion, against the round's quorum."""
    round_ = application.round
    panel = {m.pk for m in round_.panel_members.all()}
    criteria = round_.criteria.count()
    declarations = {
        d.member_id: d.has_conflict
        for d in ConflictDeclaration.objects.filter(application=application, member_id__in=panel)
    }
    scored = Counter(
        Score.objects.filter(application=application, member_id__in=panel).values_list(
            "member_id", flat=True
        )
    )
    complete = frozenset(
        member
        for member in panel
        if declarations.get(member) is False and criteria and scored[member] >= criteria
    )
    return QuorumStatus(
        needed=round_.quorum,
        complete=len(complete),
        conflicted=sum(1 for has_conflict in declarations.values() if has_conflict),
        undeclared=len(panel - set(declarations)),
        complete_member_ids=complete,
    )


@dataclass
class CriterionResult:
    criterion: Criterion
    average: Decimal | None
    scores: list[Score]


@dataclass
class DecisionRecord:
    """The record a decision is made on: every declaration (listed for all who may see the
    record), the quorum, and the scores the viewer may see with per-criterion averages and
    a weighted average out of 5 across criteria."""

    application: Application
    declarations: list[ConflictDeclaration]
    quorum: QuorumStatus
    scores_visible: bool
    criteria: list[CriterionResult]
    weighted_average: Decimal | None


def decision_record(*, user: User, application: Application) -> DecisionRecord:
    """Raises `PermissionDenied` for users who may not see the record at all.

    Grant officers and an unconflicted chair see every score; panel members see what
    `scores_visible_to` allows them."""
    if not permissions.can_view_decision_record(user, application):
        raise PermissionDenied("You cannot see the decision record for this application.")
    declarations = list(
        ConflictDeclaration.objects.filter(application=application)
        .select_related("member")
        .order_by("member__full_name")
    )
    own = next((d for d in declarations if d.member_id == user.pk), None)
    if permissions.is_grant_officer(user) or (
        permissions.is_chair_of(user, application.round) and not (own and own.has_conflict)
    ):
        conflicted = {d.member_id for d in declarations if d.has_conflict}
        scores = list(
            Score.objects.filter(application=application)
            .exclude(member_id__in=conflicted)
            .select_related("criterion", "member")
        )
    else:
        scores = list(scores_visible_to(user, application))
    scores_visible = any(s.member_id != user.pk for s in scores) or (
        permissions.is_grant_officer(user) or permissions.is_chair_of(user, application.round)
    )
    by_criterion: dict[int, list[Score]] = defaultdict(list)
    for score in scores:
        by_criterion[score.criterion_id].append(score)
    results, weighted, weights = [], Decimal(0), 0
    for criterion in application.round.criteria.all():
        rows = by_criterion.get(criterion.pk, [])
        average = (
            (Decimal(sum(s.score for s in rows)) / len(rows)).quantize(Decimal("0.01"))
            if rows
            else None
        )
        results.append(CriterionResult(criterion=criterion, average=average, scores=rows))
        if average is not None:
            weighted += average * criterion.weight
            weights += criterion.weight
    return DecisionRecord(
        application=application,
        declarations=declarations,
        quorum=quorum_status(application),
        scores_visible=scores_visible,
        criteria=results,
        weighted_average=(weighted / weights).quantize(Decimal("0.01")) if weights else None,
    )
