"""No NHS number or email address reaches a log line, whatever logged it."""

import io
import logging

import pytest
from django.conf import settings

from thriving.core.logging import RedactPersonalDetails, add_redaction, has_identifiers, redact


@pytest.fixture
def log():
    """A logger whose handler writes to a string through the redacting filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(RedactPersonalDetails())
    logger = logging.getLogger("tests.redaction")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    yield logger, stream
    logger.handlers = []


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5919"])
def test_an_nhs_number_is_removed_however_it_is_written(number):
    assert (
        redact(f"Duplicate referral for {number}.")
        == "Duplicate referral for [NHS number removed]."
    )


def test_an_email_address_is_removed():
    assert (
        redact("Could not send to zofia.k+1@example.co.uk") == "Could not send to [email removed]"
    )


@pytest.mark.parametrize(
    "text",
    [
        "referral 3f0e9d4c-1234-4000-8000-123456789012",
        "phone 0161 555 0100",
        "mobile 07700900123",
        "on 2026-11-23 at 13:05",
        "reference TC-ABCD2345",
        "took 1234 ms",
    ],
)
def test_other_numbers_are_left_alone(text):
    assert redact(text) == text


def test_arguments_are_redacted_after_formatting(log):
    logger, stream = log

    logger.info("Referral for %s from %s", "943 476 5919", "gp@practice.nhs.uk")

    assert stream.getvalue() == "Referral for [NHS number removed] from [email removed]\n"


def test_a_traceback_is_redacted(log):
    logger, stream = log

    try:
        raise ValueError("Key (nhs_number)=(9434765919) already exists")
    except ValueError:
        logger.exception("Saving failed")

    output = stream.getvalue()
    assert "Saving failed" in output
    assert "Traceback" in output
    assert "9434765919" not in output
    assert "(nhs_number)=([NHS number removed])" in output


def test_no_record_is_dropped():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "plain message", None, None)

    assert RedactPersonalDetails().filter(record) is True


def test_every_configured_handler_redacts():
    for name, handler in settings.LOGGING["handlers"].items():
        assert "redact" in handler.get("filters", []), name


def test_the_root_loggers_handler_carries_the_filter():
    filters = [f for h in logging.getLogger().handlers for f in h.filters]

    assert any(isinstance(f, RedactPersonalDetails) for f in filters)


def test_handlers_celery_sets_up_get_the_filter_too():
    logger = logging.getLogger("tests.celery-like")
    handler = logging.StreamHandler(io.StringIO())
    logger.handlers = [handler]

    add_redaction(logger)
    add_redaction(logger)

    assert len([f for f in handler.filters if isinstance(f, RedactPersonalDetails)]) == 1
    logger.handlers = []


def test_has_identifiers_spots_what_redact_would_remove():
    assert has_identifiers("see 943 476 5919")
    assert has_identifiers("write to a@b.org")
    assert not has_identifiers("Erasure requested in writing on 3 March 2026")
