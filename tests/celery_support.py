"""Point the project's Celery app at a real broker for a test, and run a real worker on it.

Celery keeps its broker connection pools on the app once they are first used, so changing
`broker_url` or the transport options only takes effect once those pools are dropped; these
helpers do that on the way in and on the way out.
"""

import uuid
from contextlib import contextmanager

import redis
from celery import signals
from celery.contrib.testing.worker import start_worker
from django.db import connection

from thriving.celery import app as celery_app

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


def _drop_connection_pools() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


# Redis's socket options; the SQLAlchemy transport hands every option to create_engine,
# which refuses these.
_REDIS_ONLY_OPTIONS = {"socket_connect_timeout", "socket_timeout", "global_keyprefix"}


@contextmanager
def celery_broker(url: str | None = None, **transport_options):
    conf = celery_app.conf
    saved_url, saved_options = conf.broker_url, conf.broker_transport_options
    conf.broker_url = url or saved_url
    options = {**saved_options, **transport_options}
    if not conf.broker_url.startswith("redis"):
        options = {k: v for k, v in options.items() if k not in _REDIS_ONLY_OPTIONS}
    conf.broker_transport_options = options
    _drop_connection_pools()
    try:
        yield conf.broker_url
    finally:
        conf.broker_url, conf.broker_transport_options = saved_url, saved_options
        _drop_connection_pools()


def _close_worker_database_connection(**kwargs) -> None:
    # The worker thread has its own database connection; close it after each task so the
    # test database can be flushed and dropped while the worker is gone.
    connection.close()


@contextmanager
def running_worker():
    """A real worker in a thread, on the configured (Redis) broker.

    Every key it and the test publish to carries a prefix of its own, so tests and other
    processes sharing the same Redis database never take each other's messages.
    """
    prefix = f"thriving-test-{uuid.uuid4().hex}:"
    with celery_broker(global_keyprefix=prefix) as url:
        signals.task_postrun.connect(_close_worker_database_connection, weak=False)
        try:
            with start_worker(
                celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=20
            ) as worker:
                yield worker
        finally:
            signals.task_postrun.disconnect(_close_worker_database_connection)
            _delete_keys(url, prefix)


def _delete_keys(url: str, prefix: str) -> None:
    client = redis.Redis.from_url(url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()
