"""A community group's representative registers for Fast Action grants, and confirms their
email address.

The account is made inactive: it cannot sign in, so it cannot apply, until the link in the
verification email is followed. The link carries a signed, timestamped token
(`django.core.signing`), so nothing about a pending registration is stored but the user row.

A registration for an email address that already has an account tells nobody on the page
whether it existed (the page is the same either way): a pending account is sent its link
again, a confirmed one an email saying it already has an account.

"Pending" means inactive and never signed in. An account an administrator deactivated after
it was used has signed in, so a registration link can never bring it back.
"""

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower

from thriving.accounts.models import Membership, Organisation, User
from thriving.accounts.roles import OrganisationKind, Role
from thriving.notifications.services import email_queue

TOKEN_SALT = "grants.registration.verify-email"
TOKEN_MAX_AGE_SECONDS = 3 * 24 * 60 * 60


@dataclass(frozen=True)
class VerificationResult:
    user: User | None
    verified: bool
    already_verified: bool = False


def _is_pending(user: User) -> bool:
    return not user.is_active and user.last_login is None


def make_token(user: User) -> str:
    return signing.TimestampSigner(salt=TOKEN_SALT).sign_object(
        {"user": user.pk, "email": user.email}
    )


def _group_for(name: str) -> Organisation:
    """The community group of that name, or a new one.

    An existing group that already has a representative is not joined this way: anyone could
    type its name, and representatives see all of the group's applications. A new
    representative of such a group is added by the programme's administrators instead.
    """
    group = (
        Organisation.objects.filter(kind=OrganisationKind.COMMUNITY_GROUP, is_active=True)
        .annotate(lower_name=Lower("name"))
        .filter(lower_name=name.lower())
        .first()
    )
    if group is None:
        group = Organisation(name=name, kind=OrganisationKind.COMMUNITY_GROUP)
        group.full_clean()
        group.save()
        return group
    if Membership.objects.filter(
        organisation=group, role=Role.GRANT_APPLICANT, is_active=True
    ).exists():
        raise ValidationError(
            {
                "group_name": f"{group.name} already has a representative registered. Ask them, "
                "or the grants team, to add you to the group."
            }
        )
    return group


def _send_verification(user: User) -> None:
    email_queue(
        to=user.email,
        subject="Confirm your email address for Fast Action grants",
        template="grants/email/registration_verify.txt",
        context={
            "user": user,
            "token": make_token(user),
            "valid_days": TOKEN_MAX_AGE_SECONDS // (24 * 60 * 60),
        },
    )


def _send_already_registered(user: User) -> None:
    email_queue(
        to=user.email,
        subject="You already have a Thriving Communities account",
        template="grants/email/registration_exists.txt",
        context={"user": user},
    )


@transaction.atomic
def applicant_register(*, full_name: str, email: str, password: str, group_name: str) -> User:
    """Register a group's representative, inactive until they confirm their email address.

    Returns the user the email went to (a new one, or the account the address already has).
    Raises ValidationError by field for a weak password or a group that has a representative.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    full_name = full_name.strip()
    group_name = " ".join(group_name.split())
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if _is_pending(existing):
            _send_verification(existing)
        else:
            _send_already_registered(existing)
        return existing

    user = User(email=email, full_name=full_name, is_active=False)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    group = _group_for(group_name)
    user.set_password(password)
    user.full_clean()
    user.save()
    Membership.objects.create(user=user, organisation=group, role=Role.GRANT_APPLICANT)
    _send_verification(user)
    return user


def verification_resend(*, email: str) -> None:
    """Send the link again to a pending registration; say nothing about any other address."""
    user = User.objects.filter(email__iexact=(email or "").strip()).first()
    if user is not None and _is_pending(user):
        _send_verification(user)


@transaction.atomic
def email_verify(*, token: str) -> VerificationResult:
    """Activate the account the token was made for, if the token is genuine and recent."""
    try:
        payload = signing.TimestampSigner(salt=TOKEN_SALT).unsign_object(
            token, max_age=TOKEN_MAX_AGE_SECONDS
        )
    except signing.BadSignature:  # includes SignatureExpired
        return VerificationResult(user=None, verified=False)
    if not isinstance(payload, dict):
        return VerificationResult(user=None, verified=False)
    user = (
        User.objects.select_for_update()
        .filter(pk=payload.get("user"), email__iexact=str(payload.get("email", "")))
        .first()
    )
    if user is None:
        return VerificationResult(user=None, verified=False)
    if user.is_active:
        return VerificationResult(user=user, verified=True, already_verified=True)
    if not _is_pending(user):
        return VerificationResult(user=None, verified=False)
    user.is_active = True
    user.save(update_fields=["is_active"])
    return VerificationResult(user=user, verified=True)
