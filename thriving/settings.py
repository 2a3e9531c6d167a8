"""Settings for Thriving Communities.

Every value comes from the environment. With nothing set, the service runs on the embedded
default (SQLite, and a Celery broker kept in a SQLite file) so that `make run` needs nothing
but Python. Production sets DEBUG off and must then provide SECRET_KEY and ALLOWED_HOSTS.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or env_bool("TESTING", False)

# Commands that only read the code (no request served, nothing signed) run without the
# production secrets, so a clean checkout can check its migrations with no environment set.
CODE_ONLY_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate", "help", "version"}
CODE_ONLY = (
    len(sys.argv) > 1 and sys.argv[0].endswith("manage.py") and (sys.argv[1] in CODE_ONLY_COMMANDS)
)

# ------------------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not TESTING and not CODE_ONLY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(or DEBUG=1 for local development)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG and not TESTING and not CODE_ONLY:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. Set ALLOWED_HOSTS to the comma-separated host names "
            "this service answers to (or DEBUG=1 for local development)."
        )
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
]
LOCAL_APPS = [
    "thriving.core",
    "thriving.accounts",
    "thriving.places",
    "thriving.audit",
    "thriving.notifications",
    "thriving.privacy",
    "community_assets",
    "referrals",
    "grants",
    "thriving.insight",
    "thriving.demo",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "thriving.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a sign-in refused for a locked account into the "account locked" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thriving.urls"

# The insight fact tables' covering indexes (INCLUDE columns) are for PostgreSQL; SQLite, the
# embedded default of `make run`, builds them without the extra columns, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
WSGI_APPLICATION = "thriving.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thriving.accounts.context_processors.navigation",
                "thriving.notifications.context_processors.notifications",
            ],
        },
    },
]

# ------------------------------------------------------------------------------------------
# Database
# ------------------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'thriving.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default has web, worker and beat writing one file: take the write lock at
    # the start of a transaction and wait for it, rather than fail with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ------------------------------------------------------------------------------------------
# Accounts and authentication
# ------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 60 * 30))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "thriving-demo-2026")

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Two-factor sign-in (docs/security-signin.md): an authenticator app code after the password,
# required for every role but grant applicants. Off only in unit tests that sign in with
# force_login; `manage.py check --deploy` warns if it is ever off elsewhere.
OTP_REQUIRED = env_bool("OTP_REQUIRED", True)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Thriving Communities")
# Admins may delete a person's authenticator (lost phone) but never read its secret or codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# The one authenticator secret (base32) every seed_demo user shares, so that demos and browser
# tests can make codes: `manage.py demo_totp` prints the current one. Never used for real users.
DEMO_TOTP_SECRET = os.environ.get("DEMO_TOTP_SECRET", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")

# How many proxies in front of the app append to X-Forwarded-For (0: trust only REMOTE_ADDR).
# Lockouts and API throttles count per client address, so behind the TLS proxy set this to 1.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))

# Lockout (django-axes): 5 failed sign-ins (wrong password or wrong code) for one email address
# from one IP address lock that pair for 30 minutes. Admins unlock by deleting the access
# attempt in the admin ("Access attempts").
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", 30)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "thriving.accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "thriving.accounts.lockout.lockout_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "thriving.accounts.lockout.lockout_response"
# Sign-ins and sign-outs are in the audit trail; a second log of them would be one more place
# holding people's addresses.
AXES_DISABLE_ACCESS_LOG = True
# Axes' log lines then name only what it locks by, masked; no email address reaches a log.
AXES_VERBOSE = False

# API tokens last this many days unless the person chooses otherwise when making one.
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("API_TOKEN_DEFAULT_DAYS", 30))

# ------------------------------------------------------------------------------------------
# Internationalisation: times are stored in UTC and shown in Europe/London
# ------------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# ------------------------------------------------------------------------------------------
# Static files: vendored under static/, served by whitenoise
# ------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "private-media"))

# ------------------------------------------------------------------------------------------
# Email
# ------------------------------------------------------------------------------------------
EMAIL_URL = os.environ.get("EMAIL_URL", "console://")
vars().update(dj_email_url.parse(EMAIL_URL))
# A hung mail server must not hold a worker until the task time limit.
EMAIL_TIMEOUT = vars().get("EMAIL_TIMEOUT") or int(os.environ.get("EMAIL_TIMEOUT", 10))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Thriving Communities <no-reply@thriving.example.org>"
)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# ------------------------------------------------------------------------------------------
# Celery: Redis in production; with no REDIS_URL the broker is a SQLite file, so the
# embedded default needs no server.
# ------------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish must never hang a web request when the broker is away: fail fast, and the
# outbox sweep sends what was not queued.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
if REDIS_URL:
    # Without socket timeouts a Redis that accepts connections but never answers holds a
    # publish (and the request behind it) forever. The SQLite broker takes no such options.
    CELERY_BROKER_TRANSPORT_OPTIONS |= {"socket_connect_timeout": 2, "socket_timeout": 3}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "notifications-send-pending-emails": {
        "task": "thriving.notifications.tasks.email_send_pending",
        "schedule": timedelta(minutes=2),
    },
    # Reminders (issue 6): find what is due and tell people once; the daily summary at 8am
    # Monday to Friday (the task itself skips bank holidays).
    "notifications-reminders-sweep": {
        "task": "thriving.notifications.tasks.reminders_sweep",
        "schedule": timedelta(minutes=5),
    },
    "notifications-reminders-digest": {
        "task": "thriving.notifications.tasks.reminders_digest",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon-fri"),
    },
}

# ------------------------------------------------------------------------------------------
# API
# ------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: an anonymous API call then gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "thriving.accounts.api_auth.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Per person (signed in by token or session) and per client address (anonymous calls,
    # such as the open directory API). Rates are read on every request: see throttling.py.
    "DEFAULT_THROTTLE_CLASSES": [
        "thriving.accounts.throttling.AnonRateThrottle",
        "thriving.accounts.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "600/minute"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Escape non-ASCII as \u escapes: an error message that echoes a lone surrogate a client sent
    # ("\ud800" is valid JSON) then still renders, instead of failing to encode as UTF-8.
    "UNICODE_JSON": False,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Thriving Communities API",
    "DESCRIPTION": "Referrals and caseloads for the borough's social prescribing programme.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "thriving.core.openapi.document_throttling",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ReferralStatusEnum": "referrals.workflow.Status",
        "CloseReasonEnum": "referrals.workflow.CloseReason",
        "ReferralUrgencyEnum": "referrals.models.Urgency",
        "ContactMethodEnum": "referrals.models.ContactMethod",
    },
}
CORS_URLS_REGEX = r"^/oruk/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]

# ------------------------------------------------------------------------------------------
# Security: production-shaped by default; DEBUG relaxes only what local http needs
# ------------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", 0 if DEBUG or TESTING else 31536000)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# ------------------------------------------------------------------------------------------
# Web hardening: a Content Security Policy with no inline script or style (docs/security-web.md)
# ------------------------------------------------------------------------------------------
# No page reads the CSRF cookie from JavaScript (forms carry the token, Swagger UI gets it
# from its own script), so scripts need not see it either.
CSRF_COOKIE_HTTPONLY = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Every script and style comes from our own static files: an injected <script> or
# style="" attribute is refused by the browser even if a template ever forgot to escape.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# ------------------------------------------------------------------------------------------
# Logging: no patient details ever reach a log line; see docs/adr/0005
# ------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Whatever a library logs, NHS-number-like sequences and email addresses are replaced
    # before any handler writes it (thriving/core/logging.py).
    "filters": {"redact": {"()": "thriving.core.logging.RedactPersonalDetails"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Not Django's default handlers, which would print unfiltered tracebacks: its
        # records go up to the root's redacting handler.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
    },
}

# ------------------------------------------------------------------------------------------
# Programme
# ------------------------------------------------------------------------------------------
BOROUGH_NAME = os.environ.get("BOROUGH_NAME", "Oldham")

# ------------------------------------------------------------------------------------------
# Grants: who publishes the 360Giving data, attachment limits, the monitoring sweep
# ------------------------------------------------------------------------------------------
# The publisher prefix registered with 360Giving: grant ids are 360G-<prefix>-<reference>.
GRANTS_360G_PREFIX = os.environ.get("GRANTS_360G_PREFIX", "oldhamcouncil")
# The funder as an org-id.guide identifier (GB-LAE-OLD: Oldham's local authority code).
GRANTS_FUNDER_ID = os.environ.get("GRANTS_FUNDER_ID", "GB-LAE-OLD")
GRANTS_FUNDER_NAME = os.environ.get("GRANTS_FUNDER_NAME", "Oldham Council")
GRANTS_360G_LICENSE = os.environ.get(
    "GRANTS_360G_LICENSE", "https://creativecommons.org/licenses/by/4.0/"
)
GRANTS_ATTACHMENT_MAX_BYTES = int(os.environ.get("GRANTS_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))
CELERY_BEAT_SCHEDULE["grants-open-monitoring"] = {
    "task": "grants.tasks.monitoring_open_due",
    "schedule": crontab(hour=6, minute=15),
}

# ------------------------------------------------------------------------------------------
# Privacy: retention periods, and the nightly job that anonymises what is due
# (docs/security-data.md). `manage.py retention_report` shows what it would do.
# ------------------------------------------------------------------------------------------
# Closed referrals keep the person's details this many years after closing.
RETENTION_REFERRAL_YEARS = int(os.environ.get("RETENTION_REFERRAL_YEARS", 8))
# Withdrawn, declined and ineligible grant applications: years after that happened.
RETENTION_GRANT_YEARS = int(os.environ.get("RETENTION_GRANT_YEARS", 2))
CELERY_BEAT_SCHEDULE["privacy-retention-apply"] = {
    "task": "thriving.privacy.tasks.retention_apply",
    "schedule": crontab(hour=2, minute=30),
}

# ------------------------------------------------------------------------------------------
# Insight: the Thriving Communities Index is recomputed every night into a table
# (thriving/insight/index; once a day, so a redelivered task changes nothing).
# ------------------------------------------------------------------------------------------
CELERY_BEAT_SCHEDULE["insight-index-recompute"] = {
    "task": "thriving.insight.tasks.index_recompute",
    "schedule": crontab(hour=3, minute=15),
}
# The referral facts the dashboard and the index read (thriving/insight/facts.py) are
# refreshed on every save; rebuilding them whole every 15 minutes catches bulk updates.
CELERY_BEAT_SCHEDULE["insight-facts-refresh"] = {
    "task": "thriving.insight.tasks.facts_refresh",
    "schedule": timedelta(minutes=15),
}
