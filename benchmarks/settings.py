"""The settings of ``make bench``: the application's, as production runs them, plus the floors.

DEBUG is off (no query log, templates cached, errors not rendered), but nothing needs HTTPS or
collected static files: gunicorn is reached over plain HTTP on the loopback.
"""

import warnings

from config.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "benchmarks.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = False
WHITENOISE_USE_FINDERS = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# Never the shared Redis: the cold-cache cases clear the cache, and tasks run in-process.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True

# Static files are served from the apps (finders); no collectstatic, so no STATIC_ROOT.
warnings.filterwarnings("ignore", "No directory at", UserWarning)

# The load of eight clients is the measurement, not abuse: the API's per-person limit (1,200 a
# minute) answered 429 to most of a case's requests once earlier cases had used the minute.
API_THROTTLE_RATES = {"anon": None, "user": None}
