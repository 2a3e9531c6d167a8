from django.urls import path

from . import views

app_name = "grants_api"

urlpatterns = [
    path(
        "rounds/<int:round_id>/applications/",
        views.RoundApplicationList.as_view(),
        name="round_applications",
    ),
]
