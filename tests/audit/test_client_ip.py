"""Where a request came from, as the audit trail records it."""

from django.test import RequestFactory

from thriving.audit.services import client_ip


def request_from(remote: str, forwarded: str = ""):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_a_proxy_the_address_is_the_connections(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_the_address_is_the_one_it_added(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request_from("10.0.0.2", "198.51.100.1")) == "198.51.100.1"


def test_addresses_a_client_adds_itself_are_not_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    request = request_from("10.0.0.2", "192.0.2.66, 198.51.100.1")

    assert client_ip(request) == "198.51.100.1"


def test_a_forwarded_value_that_is_not_an_address_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request_from("10.0.0.2", "<script>")) == "10.0.0.2"


def test_no_request_has_no_address():
    assert client_ip(None) is None
