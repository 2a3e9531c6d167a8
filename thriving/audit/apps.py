from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "thriving.audit"
    label = "audit"
