from django.apps import AppConfig


class CommunityAssetsConfig(AppConfig):
    name = "community_assets"

    def ready(self):
        from . import reminders  # noqa: F401 - registers this app's reminder rules
