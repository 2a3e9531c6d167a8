import logging

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from thriving.accounts.roles import Role
from thriving.celery import app as celery_app

logger = logging.getLogger(__name__)

# Where each role starts, in order of precedence for someone with several roles.
_HOME_FOR_ROLE = [
    (Role.COORDINATOR, "referrals:inbox"),
    (Role.LINK_WORKER, "referrals:caseload"),
    (Role.REFERRER, "referrals:referrer_list"),
    (Role.COMMUNITY_DEVELOPMENT_WORKER, "community_assets:mine"),
    (Role.GRANT_OFFICER, "grants:index"),
    (Role.PANEL_MEMBER, "grants:index"),
    (Role.GRANT_APPLICANT, "grants:index"),
    (Role.PROGRAMME_LEAD, "insight:dashboard"),
]


@login_required
def home(request):
    for role, url_name in _HOME_FOR_ROLE:
        if request.user.has_role(role):
            return redirect(url_name)
    return render(request, "home.html")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True
    except (DatabaseError, InterfaceError):
        logger.warning("Health check: database unreachable")
        return False


def _broker_ok() -> bool:
    """Reach the broker within a couple of seconds, without retrying for long.

    Virtual transports (the SQLite broker of the embedded default) connect lazily, so
    declaring the default queue and counting its messages is what makes them touch their
    store; on Redis it is one LLEN.
    """
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            conn.default_channel.queue_declare(queue=celery_app.conf.task_default_queue)
        return True
    except Exception:  # noqa: BLE001 - kombu, redis and SQLAlchemy each raise their own errors
        logger.warning("Health check: broker unreachable")
        return False


@never_cache
@require_GET
def health(request):
    """For load balancers and compose health checks. 503 only when the database is down:
    without a broker the service still takes referrals and the outbox catches up later."""
    database = _database_ok()
    broker = _broker_ok()
    body = {
        "status": "ok" if database and broker else ("degraded" if database else "down"),
        "database": "ok" if database else "down",
        "broker": "ok" if broker else "down",
        "broker_transport": celery_app.conf.broker_url.split(":", 1)[0],
    }
    return JsonResponse(body, status=200 if database else 503)
