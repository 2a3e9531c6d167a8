from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "thriving.insight"
    label = "insight"
    verbose_name = "Insight"
