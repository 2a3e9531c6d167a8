from django.urls import path

from . import downloads, exports
from .views import applicant, index, monitoring, officer, panel, registration

app_name = "grants"

urlpatterns = [
    # Open data: every awarded grant in the 360Giving Data Standard
    path("360giving.json", exports.giving360_json, name="360giving_json"),
    path("360giving.csv", exports.giving360_csv, name="360giving_csv"),
    # Monitoring report files, only to those allowed
    path("attachments/<uuid:pk>/", downloads.attachment_download, name="attachment_download"),
    # Pages (grants.views): where each person starts
    path("", index, name="index"),
    # Registering as a group's representative
    path("register/", registration.register, name="register"),
    path("register/check-your-email/", registration.register_sent, name="register_sent"),
    path("register/verify/<str:token>/", registration.verify_email, name="verify_email"),
    path("register/resend/", registration.resend_verification, name="resend_verification"),
    # Groups
    path("applications/", applicant.applicant_list, name="applicant_list"),
    path("rounds/<int:round_id>/apply/", applicant.apply, name="apply"),
    path("applications/<uuid:pk>/", applicant.application_detail, name="application_detail"),
    path("applications/<uuid:pk>/edit/", applicant.application_edit, name="application_edit"),
    path(
        "applications/<uuid:pk>/submitted/",
        applicant.application_submitted,
        name="application_submitted",
    ),
    path("applications/<uuid:pk>/withdraw/", applicant.withdraw, name="withdraw"),
    path("applications/<uuid:pk>/answer/", applicant.answer_information, name="answer"),
    path("applications/<uuid:pk>/accept/", applicant.accept_offer, name="accept_offer"),
    path("applications/<uuid:pk>/monitoring/", monitoring.monitoring, name="monitoring"),
    path(
        "applications/<uuid:pk>/monitoring/files/",
        monitoring.monitoring_upload,
        name="monitoring_upload",
    ),
    # Grant officers
    path("officer/", officer.officer_rounds, name="officer_rounds"),
    path("officer/rounds/<int:round_id>/", officer.round_queue, name="round_queue"),
    path("officer/rounds/<int:round_id>/times/", officer.round_times, name="round_times"),
    path(
        "officer/applications/<uuid:pk>/",
        officer.officer_application,
        name="officer_application",
    ),
    path("officer/applications/<uuid:pk>/eligibility/", officer.eligibility, name="eligibility"),
    path("officer/applications/<uuid:pk>/payment/", officer.payment, name="payment"),
    path(
        "officer/applications/<uuid:pk>/monitoring/complete/",
        officer.complete_monitoring,
        name="complete_monitoring",
    ),
    path(
        "officer/applications/<uuid:pk>/return/",
        officer.return_to_panel,
        name="return_to_panel",
    ),
    # The decision: grant officers and the round's chair
    path("applications/<uuid:pk>/decision/", officer.decide, name="decide"),
    # Panel members
    path("panel/", panel.panel_list, name="panel_list"),
    path("panel/applications/<uuid:pk>/", panel.panel_application, name="panel_application"),
    path("panel/applications/<uuid:pk>/declare/", panel.declare, name="declare"),
    path("panel/applications/<uuid:pk>/score/", panel.score, name="score"),
]
