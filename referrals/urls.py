from django.urls import path

from .views import cases, connections, measures, referrer

app_name = "referrals"

urlpatterns = [
    # Referrers
    path("new/", referrer.submit, name="submit"),
    path("ours/", referrer.referrer_list, name="referrer_list"),
    # Coordinators and link workers
    path("inbox/", cases.inbox, name="inbox"),
    path("caseload/", cases.caseload, name="caseload"),
    path("cases/", cases.organisation_cases, name="organisation_cases"),
    # One referral: the referrer's view or the case, by permission
    path("<uuid:pk>/", cases.detail, name="detail"),
    path("<uuid:pk>/allocate/", cases.allocate, name="allocate"),
    path("<uuid:pk>/return/", cases.return_to_triage, name="return_to_triage"),
    path("<uuid:pk>/reject/", cases.reject, name="reject"),
    path("<uuid:pk>/accept/", cases.accept, name="accept"),
    path("<uuid:pk>/assign/", cases.assign, name="assign"),
    path("<uuid:pk>/contact/", cases.contact_attempt, name="contact_attempt"),
    path("<uuid:pk>/unable-to-contact/", cases.unable_to_contact, name="unable_to_contact"),
    path("<uuid:pk>/what-matters/", cases.what_matters, name="what_matters"),
    path("<uuid:pk>/notes/", cases.note, name="note"),
    path("<uuid:pk>/goals/", cases.goal_add, name="goal_add"),
    path("<uuid:pk>/goals/<int:goal_id>/", cases.goal_update, name="goal_update"),
    path("<uuid:pk>/next-contact/", cases.next_contact, name="next_contact"),
    path("<uuid:pk>/hold/", cases.hold, name="hold"),
    path("<uuid:pk>/resume/", cases.resume, name="resume"),
    path("<uuid:pk>/close/", cases.close, name="close"),
    # Wellbeing measures
    path("<uuid:pk>/wellbeing/ons4/", measures.ons4, name="measure_ons4"),
    path("<uuid:pk>/wellbeing/swemwbs/", measures.swemwbs, name="measure_swemwbs"),
    # Connections to community support from the directory
    path("<uuid:pk>/connections/find/", connections.find, name="connection_find"),
    path("<uuid:pk>/connections/", connections.suggest, name="connection_suggest"),
    path(
        "<uuid:pk>/connections/<uuid:connection_id>/",
        connections.move,
        name="connection_move",
    ),
]
