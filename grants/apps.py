from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"

    def ready(self):
        from . import (
            reminders,  # noqa: F401 - registers this app's reminder rules
            retention,  # noqa: F401 - registers retention and subject access
        )
