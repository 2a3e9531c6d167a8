from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download/<slug:figure>.csv", views.download_csv, name="dashboard_csv"),
    path("download/<slug:figure>.xlsx", views.download_xlsx, name="dashboard_xlsx"),
]
