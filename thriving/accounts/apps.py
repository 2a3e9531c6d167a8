from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "thriving.accounts"
    label = "accounts"
