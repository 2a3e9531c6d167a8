from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "thriving.notifications"
    label = "notifications"
