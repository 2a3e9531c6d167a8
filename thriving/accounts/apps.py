from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "thriving.accounts"
    label = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from . import checks, signals  # noqa: F401 - checks registers itself

        user_logged_in.connect(signals.audit_logged_in, dispatch_uid="accounts.audit_login")
        user_logged_out.connect(signals.audit_logged_out, dispatch_uid="accounts.audit_logout")
        user_login_failed.connect(
            signals.audit_login_failed, dispatch_uid="accounts.audit_login_failed"
        )
