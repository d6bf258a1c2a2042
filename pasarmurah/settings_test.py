"""Test settings: the real settings, with what a test run needs changed (pytest uses this module)."""

from pasarmurah.settings import *  # noqa: F403
from pasarmurah.settings import HUEY

# Jobs run in-process and at once, so tests are deterministic.
HUEY = HUEY | {"immediate": True, "huey_class": "huey.MemoryHuey"}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = STORAGES | {  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
HTTPS = SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
WHITENOISE_AUTOREFRESH = True

# SQLite tests use a file, not Django's shared in-memory database: WAL, IMMEDIATE transactions and the busy
# timeout then behave as in production, so concurrency tests mean something.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405
# Staff two-factor is off for the suite (fixtures log staff in with force_login); accounts' and audit's tests
# turn it on where they test it.
STAFF_2FA = "off"
