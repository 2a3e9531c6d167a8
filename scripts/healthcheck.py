"""Container health checks for docker-compose.yml.

    python scripts/healthcheck.py web      GET /health/ on this container; healthy on 200
    python scripts/healthcheck.py broker   connect to the Celery broker (used for beat)

The web check asks as the TLS-terminating proxy would: with a Host from ALLOWED_HOSTS (Django
refuses any other) and X-Forwarded-Proto: https (otherwise SECURE_SSL_REDIRECT answers 301).
"""

import os
import sys
import urllib.error
import urllib.request


def _host() -> str:
    first = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip()
    if first in {"", "*"}:
        return "localhost"
    return first.lstrip(".")


def web() -> bool:
    request = urllib.request.Request(  # noqa: S310 - a fixed http URL on this container
        "http://127.0.0.1:8000/health/",
        headers={"Host": _host(), "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def broker() -> bool:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from thriving.celery import app

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=5)
    except Exception:  # noqa: BLE001 - any failure to connect is "unhealthy"
        return False
    return True


if __name__ == "__main__":
    checks = {"web": web, "broker": broker}
    name = sys.argv[1] if len(sys.argv) > 1 else "web"
    if name not in checks:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(checks)}}}")
    sys.exit(0 if checks[name]() else 1)
