from django.urls import path

from . import views

app_name = "insight_api"

urlpatterns = [
    path("index/", views.IndexApi.as_view(), name="index"),
]
