"""Sieć settings: every value that depends on the environment is read here.

The defaults are the embedded development set-up (SQLite under ``var/``, Celery in-process,
e-mail to the console). Fixed values too long to read here live beside it:
``config.api_settings`` (DRF, the schema), ``config.security_headers`` (CSP, Permissions-Policy),
``config.email_url`` (how EMAIL_URL is read). Production sets ``DJANGO_DEBUG=off`` and then
must provide a secret key.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.api_settings import REST_FRAMEWORK as API_SETTINGS
from config.api_settings import SPECTACULAR_SETTINGS  # noqa: F401 (read by name)
from config.email_url import email_config
from config.security_headers import CONTENT_SECURITY_POLICY, PERMISSIONS_POLICY  # noqa: F401

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("SIEC_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "crm.admin_site.SiecAdminConfig",  # django.contrib.admin: every page runs unscoped
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "simple_history",
    # crm's ground floor, then the apps that stand on it, then crm's top floor (crm.top).
    "crm",
    "contacts",
    "networks",
    "interactions",
    "crm.top",
    "crm.top.imports",
    "crm.top.monitoring",
    "crm.top.mailing",
]

MIDDLEWARE = [
    # First: a request never inherits an escape hatch from whatever runs it (crm.scoping).
    "crm.scoping.StrictScopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "crm.web.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "crm.web.not_found.ProjectNotFoundMiddleware",  # the project's 404 page with DEBUG too
    # Before any view reads a query string or a form: a NUL byte is a 400, never a 500.
    "crm.web.nul.RefuseNulMiddleware",
    # Sign-in protection (crm.signin): the second factor, then the lock-out (axes, last).
    "django_otp.middleware.OTPMiddleware",
    "crm.signin.otp.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'siec.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the in-process Celery tasks and page requests read while an import writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # No JIT compilation: the planner prices a count with a correlated subquery per row (the
    # art. 14 worklist's) or an aggregate over the memberships far above jit_above_cost, and
    # compiling it took 0.5-1 s for a query that runs in 20-50 ms. The pages' queries read
    # pages and small aggregates, where JIT never repays its compilation.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "crm.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "crm.signin.backends.AxesBackend",  # first: a locked-out account or address goes no further
    "django.contrib.auth.backends.ModelBackend",
]
# How many reverse proxies stand in front of gunicorn: the client's address is taken that many
# hops from the end of X-Forwarded-For (0: REMOTE_ADDR; a client can write X-Forwarded-For).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Lock-out after failed sign-ins, per account and per address separately (django-axes). One
# office behind one address shares the per-address count: the limit leaves room for typos.
AXES_FAILURE_LIMIT = env.int("SIGNIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("SIGNIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failures only: no log of everyone's sign-ins and addresses
AXES_LOCKOUT_CALLABLE = "crm.signin.views.locked_out"
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXY_COUNT else ["REMOTE_ADDR"]
)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Two-step sign-in (TOTP): anyone may turn it on; with OTP_REQUIRED these roles must.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=False)
OTP_REQUIRED_ROLES = ["admin", "manager"]
OTP_TOTP_ISSUER = "Sieć ROPS Białystok"
# API tokens stop working this many days after they were made (crm.signin.tokens).
API_TOKEN_LIFETIME_DAYS = env.int("API_TOKEN_LIFETIME_DAYS", default=90)


def _rate(name: str, default: str) -> str | None:
    value = env.str(name, default=default)
    return None if value.lower() in ("", "off", "none") else value


# Requests per address (anonymous) and per person (signed in); "off" for no limit.
API_THROTTLE_RATES = {
    "anon": _rate("API_THROTTLE_ANON", "60/minute"),
    "user": _rate("API_THROTTLE_USER", "1200/minute"),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development whitenoise serves straight from the apps, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE_BACKEND",
            default="whitenoise.storage.CompressedStaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# Documents attached to records (crm.documents): the local folder under MEDIA_ROOT, or any
# S3-compatible store when DOCUMENTS_S3_BUCKET is set (credentials and endpoint below; the
# store's own versioning and backup then apply, `manage.py backup` covers the local folder only).
DOCUMENTS_S3_BUCKET = env.str("DOCUMENTS_S3_BUCKET", default="")
if DOCUMENTS_S3_BUCKET:
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET,
            "endpoint_url": env.str("DOCUMENTS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("DOCUMENTS_S3_REGION", default="") or None,
            "access_key": env.str("DOCUMENTS_S3_ACCESS_KEY", default="") or None,
            "secret_key": env.str("DOCUMENTS_S3_SECRET_KEY", default="") or None,
            "location": env.str("DOCUMENTS_S3_PREFIX", default="documents"),
            "file_overwrite": False,
            "default_acl": None,  # private: every download goes through the application
            "querystring_auth": True,
        },
    }
else:
    STORAGES["documents"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "documents", "base_url": None},
    }
DOCUMENT_MAX_MB = env.int("DOCUMENT_MAX_MB", default=25)
# Uploads above this go to a temporary file instead of memory; the importer has its own limit.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=10 * 1024 * 1024)


_email = email_config(env.str("EMAIL_URL", default="consolemail://"), VAR_DIR)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
if _email["EMAIL_FILE_PATH"]:
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"]
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Sieć ROPS Białystok <siec@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The controller named in the art. 14 GDPR notice people get (contacts.services.notices).
PRIVACY_CONTROLLER_NAME = env.str(
    "PRIVACY_CONTROLLER_NAME", default="Regionalny Ośrodek Polityki Społecznej w Białymstoku"
)
PRIVACY_CONTROLLER_ADDRESS = env.str(
    "PRIVACY_CONTROLLER_ADDRESS", default="ul. gen. George’a Smitha Pattona 8, 15-688 Białystok"
)
PRIVACY_DPO_EMAIL = env.str("PRIVACY_DPO_EMAIL", default="iod@rops-bialystok.pl")

# Security: the production values follow DEBUG; each can still be set explicitly.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
# Off unless set: HSTS for every subdomain (or the browsers' preload list, which takes months
# to leave) commits the public body's whole domain, not only this application.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.str("CSP_REPORT_URI", default=""):
    CONTENT_SECURITY_POLICY["report-uri"] = [env.str("CSP_REPORT_URI")]
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Celery: without REDIS_URL tasks run in-process, so the embedded set-up needs no broker.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The longest task (a 100,000-row import) is bounded by the hard limit; the broker must not
# hand an unacknowledged task to a second worker before that limit has passed.
CELERY_TASK_SOFT_TIME_LIMIT = 50 * 60
CELERY_TASK_TIME_LIMIT = 60 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
CELERY_BEAT_SCHEDULE: dict[str, dict] = {}
# 07:00 in CELERY_TIMEZONE (Europe/Warsaw): the clocks change between 02:00 and 03:00, so 07:00
# exists exactly once every day. Run exactly one beat (or cron `send_follow_up_digests`).
CELERY_BEAT_SCHEDULE["interactions.follow_up_digests"] = {
    "task": "interactions.dispatch_follow_up_digests",
    "schedule": crontab(hour=7, minute=0),
}

# /healthz (crm.health): beat sends a heartbeat every minute, a worker runs it; either one
# older than this many minutes makes the health check fail.
CELERY_BEAT_SCHEDULE["crm.heartbeat"] = {"task": "crm.heartbeat", "schedule": 60.0}
# The watchdog (crm.top.watchdog): work rows (imports, monitoring reports, digests) with no
# sign of life for TASK_STALE_MINUTES are queued again; it looks every two minutes.
TASK_STALE_MINUTES = env.float("TASK_STALE_MINUTES", default=10)
# Rows an import applies per transaction (0: 5,000 on PostgreSQL, 900 on SQLite, which is also
# SQLite's ceiling); each chunk commits with its progress, so smaller chunks report more often.
IMPORT_CHUNK_ROWS = env.int("IMPORT_CHUNK_ROWS", default=0)
# A list export with more rows than this is written by a worker, with a progress bar.
EXPORT_BACKGROUND_ROWS = env.int("EXPORT_BACKGROUND_ROWS", default=5000)
# Seconds between two messages of an e-mail to a selection (a relay that limits the rate).
MAILING_SEND_INTERVAL = env.float("MAILING_SEND_INTERVAL", default=0)
CELERY_BEAT_SCHEDULE["crm.watchdog"] = {"task": "crm.watchdog", "schedule": 120.0}
# The monitoring's numbers and graph, counted ahead once the data has changed
# (crm.top.monitoring.facts).
CELERY_BEAT_SCHEDULE["monitoring.refresh"] = {
    "task": "monitoring.refresh",
    "schedule": 120.0,
}
HEALTH_STALE_MINUTES = env.int("HEALTH_STALE_MINUTES", default=5)
# Retention (crm.top.retention; README "Dane osobowe (RODO)" gives each period's legal basis):
# applied every night at 02:30, after which nothing older than these periods is kept.
RETENTION_PEOPLE_YEARS = env.int("RETENTION_PEOPLE_YEARS", default=5)
RETENTION_PEOPLE_PER_RUN = env.int("RETENTION_PEOPLE_PER_RUN", default=200)
RETENTION_IMPORT_FILE_DAYS = env.int("RETENTION_IMPORT_FILE_DAYS", default=30)
RETENTION_IMPORT_ROWS_MONTHS = env.int("RETENTION_IMPORT_ROWS_MONTHS", default=12)
RETENTION_ACTION_LOG_YEARS = env.int("RETENTION_ACTION_LOG_YEARS", default=6)
RETENTION_ACCESS_LOG_YEARS = env.int("RETENTION_ACCESS_LOG_YEARS", default=2)
RETENTION_EXPORT_FILE_DAYS = env.int("RETENTION_EXPORT_FILE_DAYS", default=7)
CELERY_BEAT_SCHEDULE["crm.retention"] = {
    "task": "crm.retention",
    "schedule": crontab(hour=2, minute=30),
}

if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }

# The client's address for throttling: the same proxy count as the sign-in lock-out.
REST_FRAMEWORK = {**API_SETTINGS, "NUM_PROXIES": TRUSTED_PROXY_COUNT}

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
