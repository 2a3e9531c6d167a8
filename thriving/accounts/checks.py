"""A deployment check: two-factor sign-in must not be switched off outside tests."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def two_factor_required(app_configs, **kwargs):
    if settings.OTP_REQUIRED:
        return []
    return [
        Warning(
            "OTP_REQUIRED is off: staff can use the service without a second factor.",
            hint="Unset OTP_REQUIRED (it defaults to on); only unit tests turn it off.",
            id="accounts.W001",
        )
    ]
