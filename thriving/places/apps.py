from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "thriving.places"
    label = "places"
