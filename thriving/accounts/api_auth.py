"""API authentication with keys that expire: `Authorization: Token <key>`.

Tokens are made on the "API tokens" page, which only a person who has passed two-factor
sign-in can reach, so a token carries that assurance with it. A key leaked in a log or a
script stops working on its own after its expiry date, and its owner can revoke it sooner.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken
from .services import api_token_hash, api_token_touch


class ExpiringTokenAuthentication(TokenAuthentication):
    keyword = "Token"
    model = ApiToken

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key_hash=api_token_hash(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(
                _("This token has expired. Make a new one on the API tokens page.")
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        api_token_touch(token=token)
        return (token.user, token)
