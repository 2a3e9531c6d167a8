from django.apps import AppConfig


class CommunityAssetsConfig(AppConfig):
    name = "community_assets"
