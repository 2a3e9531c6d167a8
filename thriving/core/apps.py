from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thriving.core"
    label = "core"
    verbose_name = "Core"
