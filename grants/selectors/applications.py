"""Applications: who may see which, the officer's queue, and one application's parts."""

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from thriving.accounts.models import User
from thriving.accounts.roles import Role

from .. import permissions
from ..models import (
    APPLICANT_VISIBLE_EVENT_KINDS,
    Application,
    ApplicationEvent,
    EligibilityAnswer,
    InformationRequest,
    MonitoringAttachment,
    Payment,
)
from ..workflow import PANEL_VISIBLE_STATUSES, Status
from .rounds import panel_rounds


def _visibility(user: User) -> Q:
    q = Q(pk__in=[])
    groups = user.organisation_ids_for(Role.GRANT_APPLICANT)
    if groups:
        q |= Q(organisation_id__in=groups)
    if permissions.is_grant_officer(user):
        q |= ~Q(status=Status.DRAFT)
    q |= Q(round_id__in=panel_rounds(user), status__in=PANEL_VISIBLE_STATUSES)
    return q


def applications_for(user: User) -> QuerySet[Application]:
    """Every application the user may see at least the summary of (`can_view_application`)."""
    if not user.is_authenticated:
        return Application.objects.none()
    return (
        Application.objects.filter(_visibility(user))
        .select_related("round__fund", "round__chair", "organisation", "applicant")
        .prefetch_related("wards", "round__panel_members")
    )


def application_get(*, user: User, application_id) -> Application:
    """One application the user may see; `Application.DoesNotExist` otherwise (a 404).

    For a panel member this is the summary's source only: show details to them only when
    `permissions.can_view_application_details(user, application, declaration)` says so, or
    use `panel_application_get`, which hands over details only then.
    """
    return applications_for(user).get(pk=application_id)


def applications_of_groups(user: User) -> QuerySet[Application]:
    """The group representative's own applications (every group they represent), newest
    first: their "my applications" list, drafts included."""
    groups = user.organisation_ids_for(Role.GRANT_APPLICANT)
    return (
        Application.objects.filter(organisation_id__in=groups)
        .select_related("round__fund", "organisation")
        .prefetch_related("wards")
        .order_by("-created_at")
    )


def stage_order() -> Case:
    """Statuses in the order of the journey (workflow.Status), for queues sorted by stage."""
    return Case(
        *(When(status=status, then=Value(i)) for i, status in enumerate(Status)),
        output_field=IntegerField(),
    )


def round_queue(*, user: User, round_) -> QuerySet[Application]:
    """The grant officer's queue for a round: every submitted application, with counts the
    queue shows (open questions, declarations, conflicts, panel members who have scored).

    Empty for anyone who is not a grant officer. Ordered by stage, oldest first, so what has
    waited longest is at the top of each stage.
    """
    if not permissions.can_view_round_queue(user, round_):
        return Application.objects.none()
    open_requests = InformationRequest.objects.filter(
        application=OuterRef("pk"), answered_at__isnull=True
    )
    return (
        Application.objects.filter(round=round_)
        .submitted()
        .select_related("organisation", "round")
        .prefetch_related("wards")
        .annotate(
            has_open_question=Exists(open_requests),
            declarations=Count("conflict_declarations", distinct=True),
            conflicts=Count(
                "conflict_declarations",
                filter=Q(conflict_declarations__has_conflict=True),
                distinct=True,
            ),
            scorers=Count("scores__member", distinct=True),
        )
        .order_by(stage_order(), "submitted_at")
    )


# ------------------------------------------------------------------------------------------
# One application's parts
# ------------------------------------------------------------------------------------------


def application_timeline(*, user: User, application: Application) -> QuerySet[ApplicationEvent]:
    """The history shown on the application page. The group sees its own steps and the
    council's; conflict and scoring events stay with the council and the panel."""
    events = application.events.select_related("actor").order_by("at", "pk")
    if permissions.can_view_internal_events(user, application):
        return events
    return events.filter(kind__in=APPLICANT_VISIBLE_EVENT_KINDS)


@dataclass(frozen=True)
class EligibilityRow:
    question: object
    answer: bool | None
    meets_expectation: bool


def eligibility_rows(application: Application) -> list[EligibilityRow]:
    """Each of the round's questions with the group's answer; `meets_expectation` is False
    where the answer is not the one an eligible group gives (flagged for the officer)."""
    answers = {
        a.question_id: a.answer
        for a in EligibilityAnswer.objects.filter(application=application).only(
            "question_id", "answer"
        )
    }
    rows = []
    for question in application.round.eligibility_questions.all():
        answer = answers.get(question.pk)
        expected = question.expected_answer
        rows.append(
            EligibilityRow(
                question=question,
                answer=answer,
                meets_expectation=answer is None or expected is None or expected == answer,
            )
        )
    return rows


def budget_lines_of(application: Application):
    return application.budget_lines.order_by("position", "pk")


def information_requests_of(application: Application) -> QuerySet[InformationRequest]:
    return application.information_requests.select_related("asked_by", "answered_by")


def open_information_request(application: Application) -> InformationRequest | None:
    return application.information_requests.filter(answered_at__isnull=True).first()


def payments_of(application: Application) -> QuerySet[Payment]:
    return application.payments.select_related("recorded_by")


def attachment_get(*, user: User, attachment_id) -> MonitoringAttachment:
    """An attachment the user may download; `DoesNotExist` (a 404) for anyone else, so its
    existence is not confirmed to them."""
    attachment = MonitoringAttachment.objects.select_related(
        "report__application__organisation"
    ).get(pk=attachment_id)
    if not permissions.can_view_attachment(user, attachment):
        raise MonitoringAttachment.DoesNotExist
    return attachment
