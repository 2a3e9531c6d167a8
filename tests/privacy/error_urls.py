"""The project's URLs plus three that fail with a person's details in the error, to show
that the error pages never repeat them."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import include, path

DETAILS = "Zofia Kowalczyk, NHS number 9434765919, zofia.k@example.com"


def fails(request):
    raise RuntimeError(f"Could not save the referral for {DETAILS}")


def refuses(request):
    raise PermissionDenied(f"Only the link worker of {DETAILS}")


def finds_nothing(request):
    raise Http404(f"No referral for {DETAILS}")


urlpatterns = [
    path("fails/", fails),
    path("refuses/", refuses),
    path("finds-nothing/", finds_nothing),
    path("", include("thriving.urls")),
]
