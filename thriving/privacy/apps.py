from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "thriving.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self):
        from thriving.core.logging import connect_celery_redaction

        connect_celery_redaction()
