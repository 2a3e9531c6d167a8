from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "thriving.insight"
    label = "insight"
    verbose_name = "Insight"

    def ready(self):
        from . import signals

        signals.connect()  # keeps the referral facts fresh (facts.py)
