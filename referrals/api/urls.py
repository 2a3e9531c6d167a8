from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("referrals/", views.ReferralCollectionApi.as_view(), name="referrals"),
    path(
        "referrals/<uuid:referral_id>/", views.ReferralDetailApi.as_view(), name="referral_detail"
    ),
    path("caseload/", views.CaseloadApi.as_view(), name="caseload"),
    path("reasons/", views.ReasonListApi.as_view(), name="reasons"),
]
