"""Keep people's identifiers out of log lines.

Code here never logs patient details on purpose, but a library can: a database error quotes
the row it refused ("Key (nhs_number)=(9434765919) already exists"), an SMTP error quotes the
address it could not reach. The filter below is attached to every log handler (settings
LOGGING, and Celery's own handlers from `connect_celery_redaction`), so whatever reaches a
log has NHS-number-like sequences and email addresses replaced first, in the message, its
arguments and any traceback.
"""

import logging
import re

NHS_NUMBER_MARK = "[NHS number removed]"
EMAIL_MARK = "[email removed]"

# Ten digits, whole or grouped 3-3-4 with spaces or hyphens, not part of a longer number.
_NHS_NUMBER_RE = re.compile(r"(?<![\w-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w-])")
_EMAIL_RE = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")


def redact(text: str) -> str:
    """`text` with every NHS-number-like sequence and email address replaced."""
    return _NHS_NUMBER_RE.sub(NHS_NUMBER_MARK, _EMAIL_RE.sub(EMAIL_MARK, text))


def has_identifiers(text: str) -> bool:
    """Whether `text` holds something `redact` would remove."""
    return bool(_NHS_NUMBER_RE.search(text) or _EMAIL_RE.search(text))


class RedactPersonalDetails(logging.Filter):
    """Rewrites each record in place (the message is formatted once, then redacted), and
    never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def add_redaction(logger: logging.Logger) -> None:
    """Put the filter on every handler of `logger` that does not have it yet."""
    for handler in logger.handlers:
        if not any(isinstance(f, RedactPersonalDetails) for f in handler.filters):
            handler.addFilter(RedactPersonalDetails())


def connect_celery_redaction() -> None:
    """Celery workers set up their own handlers (for the root and the task loggers) after
    Django's LOGGING has been applied; give those the filter too."""
    from celery.signals import after_setup_logger, after_setup_task_logger

    def _redact_handlers(logger=None, **kwargs):
        if logger is not None:
            add_redaction(logger)

    after_setup_logger.connect(_redact_handlers, weak=False, dispatch_uid="redact-celery")
    after_setup_task_logger.connect(_redact_handlers, weak=False, dispatch_uid="redact-celery-task")
