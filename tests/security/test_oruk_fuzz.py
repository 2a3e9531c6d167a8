"""Schemathesis against the public Open Referral UK API, from the published ORUK 3.0 OpenAPI.

The directory's API is open to anyone, so it meets the most hostile input: every query the
ORUK description allows, and values it does not (strings for page numbers, odd days and
times, long search text), for each of its operations. None may get a 500.

Only "no server error" is checked here: the published description lists only the 200 answer
(our 400 and 404 are ours), and every response shape is held to the ORUK JSON Schemas in
tests/community_assets/test_oruk_api.py. The remote `$ref`s of the published description are
replaced with an open schema so that nothing is fetched, and its `"type": "time"` (not a JSON
Schema type) for start_time and end_time is read as the string with format "time" it means.
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.community_assets.factories import TermFactory, make_listing, place
from tests.factories import OrganisationFactory, user_with_role
from thriving.accounts.roles import OrganisationKind, Role
from thriving.wsgi import application

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))
RANDOM = os.environ.get("SCHEMATHESIS_RANDOM") == "1"
SPEC = (
    Path(__file__).resolve().parents[2]
    / "community_assets/api/standards/uk-profile-3.0/openapi30.json"
)
REMOTE = "https://"


def _offline(node):
    """The published description, readable offline and by a JSON Schema validator."""
    if isinstance(node, dict):
        if str(node.get("$ref", "")).startswith(REMOTE):
            return {"type": "object"}
        if node.get("type") == "time":
            return {**node, "type": "string", "format": "time"}
        return {key: _offline(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_offline(value) for value in node]
    return node


def _description() -> dict:
    spec = _offline(json.loads(SPEC.read_text()))
    spec["servers"] = [{"url": "/oruk"}]
    return spec


schema = schemathesis.openapi.from_dict(_description())
schema.app = application


@pytest.fixture
def listings(wsgi_in_test_transaction):
    """Three listings with a category and a place, so ids and filters find something."""
    council = OrganisationFactory(kind=OrganisationKind.COUNCIL)
    keeper = user_with_role(Role.COMMUNITY_DEVELOPMENT_WORKER, council)
    term = TermFactory()
    return [
        make_listing(keeper, name=f"Listing {n}", categories=[term], places=[place()])
        for n in range(3)
    ]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=timedelta(seconds=15),
    suppress_health_check=list(HealthCheck),
    derandomize=not RANDOM,
    database=None,
)
def test_oruk_api_never_fails_on_generated_requests(case, listings):
    response = case.call()

    case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])
    if "{" not in case.path:  # a list is always there: a 404 would mean the wrong base path
        assert response.status_code != 404
