from django.urls import path

from . import views

# Included in thriving/insight/urls.py under /insight/ with the "insight" namespace.
urlpatterns = [
    path("index/", views.index, name="index"),
    path("index/methodology/", views.methodology, name="index_methodology"),
    path("index.csv", views.index_csv, name="index_csv"),
    path("index/recompute/", views.recompute, name="index_recompute"),
]
