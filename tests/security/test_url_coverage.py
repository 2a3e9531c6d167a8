"""Every URL in the URL conf is covered here, generated from the URL conf itself.

Each pattern is either on the short public list below (with the reason it is public), or it
refuses someone signed out; every object page (a pattern naming a record by uuid or int) also
refuses a signed-in person of another organisation in the same role, with a 404 or 403. A URL
added later that is neither public nor protected, or an object page this file cannot build a
record for, makes a test here fail.

Grant officers and community development workers act for the whole borough (one council runs
the grants and keeps the directory), so they are no outsider to any record: the outsiders here
are referrers, coordinators and link workers of other organisations, representatives of other
community groups, another community development worker (for their own imports) and panel
members not on a round's panel.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.http import HttpResponse
from django.urls import path, reverse

from tests.security.urlconf import Route, build_path, routes

pytestmark = pytest.mark.django_db

# Public by design: signing in and out, the public directory and its Open Referral UK API,
# the 360Giving publication, group self-registration, and the API's description.
PUBLIC = {
    "health": "load balancer health check; reports only up or down",
    "accounts:login": "signing in",
    "accounts:logout": "signing out",
    "accounts:password_reset": "asking for a password reset email",
    "accounts:password_reset_done": "the reset email is on its way",
    "accounts:password_reset_confirm": "the link in the reset email (a signed token)",
    "accounts:password_reset_complete": "the password has been reset",
    "community_assets:public_search": "the public community directory",
    "community_assets:public_detail": "a public directory listing",
    "oruk:*": "the directory as an Open Referral UK API, open by design",
    "grants:360giving_json": "awarded grants published in the 360Giving Data Standard",
    "grants:360giving_csv": "awarded grants published in the 360Giving Data Standard",
    "grants:register": "community groups register themselves to apply for grants",
    "grants:register_sent": "registration: check your email",
    "grants:verify_email": "registration: the link in the verification email (a signed token)",
    "grants:resend_verification": "registration: send the verification email again",
    "api-schema": "the OpenAPI description of the API; holds no data",
    "api-docs": "the API's documentation page; holds no data",
    "admin:login": "the admin's own sign-in page",
    "admin:logout": "signing out of the admin",
}

# Object pages whose record is not any one organisation's.
SHARED_OBJECT_PAGES = {
    "grants:apply": "every community group may apply to an open round; rounds are the council's",
}

REFERRAL_SIDE = ("referrer_b", "coordinator_b", "link_worker_b")
GRANT_SIDE = ("applicant_b", "panel_member_b")


@dataclass(frozen=True)
class ObjectRule:
    """Object pages matching `glob`: which record kind each parameter names, and who of the
    other side must be refused."""

    glob: str
    kinds: dict
    outsiders: tuple


# First match wins.
OBJECT_RULES = [
    ObjectRule(
        "referrals:*",
        {"pk": "referral", "goal_id": "goal", "connection_id": "connection"},
        REFERRAL_SIDE,
    ),
    ObjectRule("api:referral_detail", {"referral_id": "referral"}, REFERRAL_SIDE),
    ObjectRule("community_assets:import_*", {"pk": "directory_import"}, ("cdw_b",)),
    # Reading a listing is borough-wide for directory staff; a keeper of another group's
    # listing with no staff role is still refused.
    ObjectRule("community_assets:detail", {"pk": "listing"}, ("applicant_b",)),
    ObjectRule("community_assets:*", {"pk": "listing"}, ("applicant_b", "link_worker_b")),
    ObjectRule("grants:attachment_download", {"pk": "attachment"}, GRANT_SIDE),
    ObjectRule("grants:round_*", {"round_id": "round"}, GRANT_SIDE),
    ObjectRule("grants_api:round_applications", {"round_id": "round"}, GRANT_SIDE),
    ObjectRule("grants:*", {"pk": "application"}, GRANT_SIDE),
    ObjectRule("notifications:read", {"pk": "notification"}, ("link_worker_b", "coordinator_a")),
    ObjectRule("accounts:api_token_*", {"pk": "api_token"}, ("link_worker_b", "coordinator_a")),
]

# For each record kind, a page its owner reaches: proof the records the outsiders are refused
# really exist and are reachable (so a 404 above means refused, not missing).
OWNER_REACHES = {
    "referral": ("link_worker_a", "get", "referrals:detail", "pk", 200),
    # An empty form back on the case page (200) shows the goal and connection were found.
    "goal": ("link_worker_a", "post", "referrals:goal_update", "goal_id", 200),
    "connection": ("link_worker_a", "post", "referrals:connection_move", "connection_id", 200),
    "listing": ("applicant_a", "get", "community_assets:edit", "pk", 200),
    "directory_import": ("cdw_a", "get", "community_assets:import_detail", "pk", 200),
    "application": ("applicant_a", "get", "grants:application_detail", "pk", 200),
    "round": ("officer", "get", "grants:round_queue", "round_id", 200),
    "attachment": ("applicant_a", "get", "grants:attachment_download", "pk", 200),
    "notification": ("link_worker_a", "post", "notifications:read", "pk", 302),
    "api_token": ("link_worker_a", "post", "accounts:api_token_revoke", "pk", 302),
}

ALL_ROUTES = list(routes())


def _is_public(route: Route) -> bool:
    return route.matches(*PUBLIC)


def _is_admin(route: Route) -> bool:
    return (
        route.name == "admin"
        or route.name.startswith("admin:")
        or route.display.startswith("admin/")
    )


PROTECTED = [r for r in ALL_ROUTES if not _is_public(r)]
OBJECT_PAGES = [
    r
    for r in PROTECTED
    if r.object_parameters and not _is_admin(r) and not r.matches(*SHARED_OBJECT_PAGES)
]
ADMIN_PAGES = [r for r in PROTECTED if _is_admin(r)]


def _ids(route: Route) -> str:
    return route.label


def _login_paths() -> set[str]:
    return {reverse("accounts:login"), reverse("admin:login")}


def _refused_anonymous(response) -> bool:
    if response.status_code in (401, 403):
        return True
    if response.status_code == 302:
        return urlsplit(response["Location"]).path in _login_paths()
    return False


def _answers(client, url: str) -> dict[str, int]:
    return {"GET": client.get(url), "POST": client.post(url)}


def _sent_to(response, path: str) -> bool:
    return response.status_code == 302 and urlsplit(response["Location"]).path == path


def _refusal_problem(client, url: str) -> dict[str, int] | None:
    """None when someone signed out is refused (or the method is not allowed), else the
    status codes that let them in."""
    answers = _answers(client, url)
    refused = all(_refused_anonymous(r) or r.status_code == 405 for r in answers.values())
    if refused and any(r.status_code != 405 for r in answers.values()):
        return None
    return {method: response.status_code for method, response in answers.items()}


def _rule_for(route: Route) -> ObjectRule:
    for rule in OBJECT_RULES:
        if route.matches(rule.glob):
            missing = set(route.object_parameters) - set(rule.kinds)
            assert not missing, (
                f"{route.label}: no record kind for {sorted(missing)} in rule {rule.glob!r}"
            )
            return rule
    raise AssertionError(
        f"{route.label} names a record but no OBJECT_RULES entry says whose it is: add one "
        "(and a record to tests/security/worlds.py), or list it in SHARED_OBJECT_PAGES"
    )


def _values(route: Route, rule: ObjectRule, world) -> dict[str, str]:
    return {
        name: str(world.records[rule.kinds[name]].pk)
        for name in route.converters
        if name in rule.kinds
    }


def test_the_url_conf_has_routes_to_check():
    assert len(ALL_ROUTES) > 100
    assert len(OBJECT_PAGES) > 30


def test_the_public_list_stays_short():
    assert len(PUBLIC) <= 25


@pytest.mark.parametrize("glob", sorted(PUBLIC) + sorted(SHARED_OBJECT_PAGES))
def test_every_listed_exception_names_a_real_url(glob):
    assert any(route.matches(glob) for route in ALL_ROUTES), f"{glob} matches no URL: remove it"


@pytest.mark.parametrize("route", [r for r in ALL_ROUTES if _is_public(r)], ids=_ids)
def test_public_url_answers_someone_signed_out_without_error(client, route):
    response = client.get(build_path(route))

    assert response.status_code < 500


@pytest.mark.parametrize("route", [r for r in PROTECTED if not _is_admin(r)], ids=_ids)
def test_url_refuses_someone_signed_out(client, route):
    statuses = _refusal_problem(client, build_path(route))

    assert statuses is None, statuses


def test_every_admin_url_refuses_everyone_but_staff(client, link_worker):
    """One test for the admin's few hundred URLs (every model adds six), which all go through
    the same AdminSite.admin_view gate: signed out, or signed in without is_staff, is sent to
    the admin's sign-in page."""
    assert len(ADMIN_PAGES) > 50
    problems = {}
    for route in ADMIN_PAGES:
        url = build_path(route)
        problem = _refusal_problem(client, url)
        if problem:
            problems[route.label] = ("signed out", problem)
    client.force_login(link_worker)
    for route in ADMIN_PAGES:
        response = client.get(build_path(route))
        if not _sent_to(response, reverse("admin:login")):
            problems[route.label] = ("not staff", response.status_code)

    assert problems == {}


@pytest.mark.parametrize("route", OBJECT_PAGES, ids=_ids)
def test_object_page_refuses_people_of_another_organisation(client, world, route):
    rule = _rule_for(route)
    url = build_path(route, _values(route, rule, world))

    refused = {}
    for outsider in rule.outsiders:
        client.force_login(world.people[outsider])
        refused[outsider] = {m: r.status_code for m, r in _answers(client, url).items()}

    for outsider, statuses in refused.items():
        assert set(statuses.values()) <= {403, 404, 405}, (outsider, statuses)
        assert set(statuses.values()) != {405}, (outsider, statuses)


@pytest.mark.parametrize("kind", sorted(OWNER_REACHES))
def test_owner_reaches_the_record_the_outsiders_are_refused(client, world, kind):
    owner, method, url_name, parameter, expected = OWNER_REACHES[kind]
    client.force_login(world.people[owner])
    url = reverse(url_name, kwargs=_owner_kwargs(url_name, world, parameter, kind))

    response = getattr(client, method)(url)

    assert response.status_code == expected


def _owner_kwargs(url_name: str, world, parameter: str, kind: str) -> dict[str, str]:
    route = next(r for r in ALL_ROUTES if r.name == url_name)
    values = _values(route, _rule_for(route), world)
    assert values[parameter] == str(world.records[kind].pk)
    return values


def test_every_record_kind_has_an_owner_check():
    kinds = {kind for rule in OBJECT_RULES for kind in rule.kinds.values()}

    assert kinds == set(OWNER_REACHES)


# A URL conf of our own, to show the walk catches a page that protects nothing.
def _open_page(request, pk):
    return HttpResponse("anyone can read this")


urlpatterns = [path("open/<int:pk>/", _open_page, name="open")]


@pytest.mark.urls(__name__)
def test_an_unprotected_page_would_fail_the_signed_out_check(client):
    (route,) = list(routes())

    response = client.get(build_path(route))

    assert not _refused_anonymous(response)
    assert route.object_parameters == ["pk"]
