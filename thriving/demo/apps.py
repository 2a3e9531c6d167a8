from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run` and browser tests. Sits on top of every app; nothing imports it."""

    name = "thriving.demo"
    label = "demo"
