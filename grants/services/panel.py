"""The panel's side: declaring conflicts of interest and scoring."""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from thriving.accounts.models import User

from .. import permissions
from ..models import SCORE_MAX, SCORE_MIN, Application, ConflictDeclaration, EventKind, Score
from ..workflow import Status, TransitionNotAllowed
from ._common import event_record, lock, require

ScoreInput = tuple[int, str] | Mapping[str, object]


@transaction.atomic
def conflict_declare(
    *, application: Application, by: User, has_conflict: bool, note: str = ""
) -> ConflictDeclaration:
    """Declare a conflict of interest, or none, before seeing more than the summary.

    A declaration stands: declaring the same again changes nothing (a double-clicked form),
    and "no conflict" can later become "conflict" when a member realises one, which removes
    any scores they gave. A conflict is never taken back: the member may have been told
    things about the decision they should not have heard, and the record must show it.
    """
    application = lock(application)
    require(
        permissions.can_declare_conflict(by, application),
        "Only members of this round's panel can declare an interest, while the application "
        "is with the panel.",
    )
    note = (note or "").strip()
    existing = ConflictDeclaration.objects.filter(application=application, member=by).first()
    if existing is not None:
        if existing.has_conflict == has_conflict:
            return existing
        if existing.has_conflict:
            raise TransitionNotAllowed(
                "You declared a conflict of interest on this application. It cannot be "
                "withdrawn; ask the grant officer if it was a mistake."
            )
        existing.has_conflict = True
        existing.note = note
        existing.declared_at = timezone.now()
        existing.full_clean()
        existing.save()
        removed, _ = Score.objects.filter(application=application, member=by).delete()
        event_record(
            application=application,
            actor=by,
            kind=EventKind.CONFLICT,
            reason=f"{by} declared a conflict of interest"
            + (f" (their {removed} scores were removed)" if removed else ""),
        )
        return existing
    declaration = ConflictDeclaration(
        application=application,
        member=by,
        has_conflict=has_conflict,
        note=note,
        declared_at=timezone.now(),
    )
    declaration.full_clean()
    declaration.save()
    event_record(
        application=application,
        actor=by,
        kind=EventKind.CONFLICT,
        reason=f"{by} declared "
        + ("a conflict of interest" if has_conflict else "no conflict of interest"),
    )
    return declaration


def _parse_score(value: ScoreInput) -> tuple[object, str]:
    if isinstance(value, Mapping):
        return value.get("score"), str(value.get("comment") or "")
    score, comment = value
    return score, comment or ""


@transaction.atomic
def score_submit(
    *, application: Application, by: User, scores: Mapping[int, ScoreInput]
) -> list[Score]:
    """A panel member's scores, one per criterion of the round, each 1 to 5 with a comment.

    `scores` maps criterion id to (score, comment) or {"score": ..., "comment": ...}. Every
    criterion must be scored: a member's scores count towards the quorum only as a whole
    set. Scores may be revised while the application is with the panel.

    Refused for anyone not on the round's panel, before a declaration, and after a
    declared conflict.
    """
    application = lock(application)
    require(
        permissions.is_panel_member_of(by, application.round),
        "Only members of this round's panel can score its applications.",
    )
    if application.status != Status.PANEL_REVIEW:
        raise TransitionNotAllowed(
            "Scores can only be given while the application is with the panel."
        )
    declaration = ConflictDeclaration.objects.filter(application=application, member=by).first()
    if declaration is None:
        raise TransitionNotAllowed(
            "Declare whether you have a conflict of interest before scoring this application."
        )
    if declaration.has_conflict:
        raise PermissionDenied(
            "You declared a conflict of interest, so you cannot score this application."
        )

    criteria = list(application.round.criteria.all())
    known = {c.pk for c in criteria}
    given = {int(k) for k in scores}
    if given - known:
        raise ValidationError({"scores": "Score only the criteria of this round."})
    errors: dict[str, str] = {}
    parsed: dict[int, tuple[int, str]] = {}
    for criterion in criteria:
        field = f"criterion_{criterion.pk}"
        raw = next((v for k, v in scores.items() if int(k) == criterion.pk), None)
        if raw is None:
            errors[field] = f"Give a score for {criterion.name}."
            continue
        score, comment = _parse_score(raw)
        try:
            score = int(score)
        except (TypeError, ValueError):
            score = None
        if score is None or not SCORE_MIN <= score <= SCORE_MAX:
            errors[field] = f"Score {criterion.name} from {SCORE_MIN} to {SCORE_MAX}."
            continue
        parsed[criterion.pk] = (score, comment.strip())
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    replaced, _ = Score.objects.filter(application=application, member=by).delete()
    saved = []
    for criterion in criteria:
        score, comment = parsed[criterion.pk]
        row = Score(
            application=application,
            member=by,
            criterion=criterion,
            score=score,
            comment=comment,
            submitted_at=now,
        )
        row.full_clean()
        row.save()
        saved.append(row)
    event_record(
        application=application,
        actor=by,
        kind=EventKind.SCORE,
        reason=f"{by} {'revised their' if replaced else 'submitted'} scores",
    )
    return saved
