"""Rounds: which a person has business with, and which are open."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from thriving.accounts.models import User

from .. import permissions
from ..models import Round


def rounds_open(*, today: date | None = None) -> QuerySet[Round]:
    """Rounds taking applications today: what a group chooses from when it applies."""
    return (
        Round.objects.open_on(today or timezone.localdate())
        .select_related("fund")
        .order_by("closes_on", "name")
    )


def panel_rounds(user: User) -> QuerySet[Round]:
    """Ids of the rounds the user sits on the panel of, or chairs (a subquery)."""
    return Round.objects.filter(Q(panel_members=user) | Q(chair=user)).values("pk")


def rounds_for(user: User) -> QuerySet[Round]:
    """Rounds the user has business with: all of them for grant officers, their own for panel
    members and chairs, the open ones for group representatives."""
    if not user.is_authenticated:
        return Round.objects.none()
    rounds = Round.objects.select_related("fund", "chair").prefetch_related("panel_members")
    if permissions.is_grant_officer(user):
        return rounds
    q = Q(pk__in=panel_rounds(user))
    if permissions.applicant_organisations(user):
        q |= Q(pk__in=Round.objects.open_now().values("pk"))
    return rounds.filter(q)


def round_get(*, user: User, round_id) -> Round:
    """One round the user may see; `Round.DoesNotExist` otherwise (a 404)."""
    return rounds_for(user).prefetch_related("criteria", "eligibility_questions").get(pk=round_id)
