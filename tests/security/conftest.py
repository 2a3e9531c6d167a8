"""Fixtures of the security tests: two organisations' people and records (worlds.py), and
a signed-in GP."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from rest_framework.test import APIClient

from tests.security.worlds import build_worlds


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_and_email(settings, world_media):
    """The root conftest's fixture of the same name, with one media folder for the module: the
    world's uploaded file must still be there for every test that downloads it."""
    settings.MEDIA_ROOT = world_media
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    """Built once for the module (it takes a second) inside a transaction rolled back at the
    end; each test's own transaction nests inside it, so no test sees another's changes."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=world_media),
        transaction.atomic(),
    ):
        yield build_worlds()
        transaction.set_rollback(True)


@pytest.fixture
def gp_client(client, referrer):
    """The browser of a GP (a referrer), signed in."""
    client.force_login(referrer)
    return client


@pytest.fixture
def gp_api(referrer):
    """An API client of a GP (a referrer), signed in by session."""
    api = APIClient()
    api.force_login(referrer)
    return api


@pytest.fixture
def wsgi_in_test_transaction(db):
    """Calls straight into the WSGI application fire request_started/finished, whose handler
    closes a connection that is inside a transaction: the test's own. Django's test client
    disconnects it for the same reason."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)
