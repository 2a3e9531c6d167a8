"""Schemathesis against /api/schema/: generated requests, valid and not, for every operation,
signed out and as a referrer, a link worker and a grant officer. No request may get a 500,
and every response must be one the schema describes (status code, content type, body,
headers).

Runs in-process through the WSGI application, inside each test's transaction; bounded by
MAX_EXAMPLES per operation (each sent four times, once per identity) and a per-example
deadline.
"""

import os
from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from referrals.workflow import Status
from tests.factories import GPPracticeFactory, ProviderFactory, user_with_role
from tests.grants.factories import CouncilFactory, RoundFactory
from tests.referrals.case_data import referral_in
from thriving.accounts.roles import Role
from thriving.accounts.services import api_token_create
from thriving.wsgi import application

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

# `make schemathesis` runs deeper: more examples, a fresh random seed each time.
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))
RANDOM = os.environ.get("SCHEMATHESIS_RANDOM") == "1"
ROLES = ("referrer", "link_worker", "grant_officer")

# Every check about what the server answered. Left out: positive_data_acceptance (a request the
# schema allows may still break a rule the schema cannot say, such as an NHS number's check
# digit, and is rightly a 400), negative_data_rejection (DRF reads a malformed page_size as
# "the default page size", lenient but harmless; bodies are held to their rules in
# test_bad_input.py) and the stateful checks, which need links between operations.
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
]


@pytest.fixture(autouse=True)
def _no_rate_limits(wsgi_in_test_transaction, settings):
    # A fuzzer calls faster than any person; the limits have their own tests.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
    }


# Read once, at collection, from the running application's own /api/schema/ (no database
# needed to describe the API).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def tokens(db) -> dict[str, str]:
    """A key for someone in each role, with records of their own for the operations to find."""
    practice, provider = GPPracticeFactory(), ProviderFactory()
    referrer = user_with_role(Role.REFERRER, practice)
    link_worker = user_with_role(Role.LINK_WORKER, provider)
    officer = user_with_role(Role.GRANT_OFFICER, CouncilFactory())
    referral_in(Status.SUBMITTED, practice=practice, referrer=referrer)
    referral_in(
        Status.ENGAGED,
        practice=practice,
        referrer=referrer,
        provider=provider,
        link_worker=link_worker,
    )
    RoundFactory()
    user = {"referrer": referrer, "link_worker": link_worker, "grant_officer": officer}
    return {role: api_token_create(user=user[role], name="schemathesis")[1] for role in ROLES}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=timedelta(seconds=15),
    suppress_health_check=list(HealthCheck),
    derandomize=not RANDOM,
    database=None,
)
def test_api_answers_every_generated_request_as_its_schema_says(case, tokens):
    for headers in [{}, *({"Authorization": f"Token {key}"} for key in tokens.values())]:
        response = case.call(headers=headers)

        case.validate_response(response, checks=CHECKS)
