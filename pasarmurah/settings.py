"""Settings for Pasar Murah e-CRM, read from the environment with safe defaults.

Every knob is documented in README.md ("Configuration"). Tests adjust what they need in conftest.py.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from pasarmurah.env import database_config, env_bool, env_int, env_list, env_str, secret_key, var_dir_secure

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
var_dir_secure(VAR_DIR)  # umask 077 for the whole process; var/ 0700, its files 0600

# --- Paths, site, apps, middleware and templates ------------------------------------------------------------
SECRET_KEY = secret_key(var_dir=VAR_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "huey.contrib.djhuey",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pasarmurah.core",
    "pasarmurah.mail",
    "pasarmurah.accounts",
    "pasarmurah.store",
    "pasarmurah.catalog",
    "pasarmurah.shipping",
    "pasarmurah.checkout",
    "pasarmurah.orders",
    "pasarmurah.promotions",
    "pasarmurah.inventory",
    "pasarmurah.ops",
    "pasarmurah.crm",
    "pasarmurah.purchasing",
    "pasarmurah.campaigns",
    "pasarmurah.automations",
    "pasarmurah.audit",
    "pasarmurah.reports",
    "pasarmurah.storefront",
    "pasarmurah.backoffice",
    # One app per staff area, so each owns its templates (backoffice/<area>/); labels avoid the domains'.
    "pasarmurah.backoffice.orders",
    "pasarmurah.backoffice.tickets",
    "pasarmurah.backoffice.members",
    "pasarmurah.backoffice.birthday",
    "pasarmurah.backoffice.purchasing",
    "pasarmurah.backoffice.counter",
    "pasarmurah.backoffice.segments",
    "pasarmurah.backoffice.inventory",
    "pasarmurah.backoffice.campaigns",
    "pasarmurah.backoffice.automations",
    "pasarmurah.backoffice.audit",
    "pasarmurah.backoffice.reports",
    "pasarmurah.demo",
]

MIDDLEWARE = [
    "pasarmurah.core.middleware.HealthCheckMiddleware",  # /healthz: before the HTTPS redirect and host check
    "pasarmurah.ops.logs.RequestIdMiddleware",  # X-Request-ID on the response and on every log line
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pasarmurah.core.middleware.PrivatePagesMiddleware",  # Cache-Control: private, no-store when personal
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pasarmurah.core.middleware.IgnoreAcceptLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "pasarmurah.core.pagecache.VisitorPageMiddleware",  # a bare visitor's cached page: nothing below runs
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the session passed the staff 2FA
    "pasarmurah.accounts.middleware.StaffTwoFactorMiddleware",  # no staff page or admin without it
    "pasarmurah.audit.context.AuditContextMiddleware",  # who acts in this request, for the audit log
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "pasarmurah.urls"
WSGI_APPLICATION = "pasarmurah.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "pasarmurah" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "pasarmurah.storefront.context_processors.store",
                "pasarmurah.checkout.context_processors.cart",
                "pasarmurah.promotions.context_processors.birthday",
                "pasarmurah.crm.context_processors.wishlist",
                "pasarmurah.core.pagecache.csrf_placeholder",
            ],
        },
    },
]

FORM_RENDERER = "pasarmurah.core.forms.ShopFormRenderer"

# --- Database -----------------------------------------------------------------------------------------------
DATABASES = {"default": database_config(env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"] == "django.db.backends.mysql":
    # MariaDB cannot index expressions such as Lower("email") (check models.W044). The rules still hold:
    # the same columns are unique on their own and utf8mb4_unicode_ci compares them case-insensitively.
    SILENCED_SYSTEM_CHECKS = ["models.W044"]

# --- Cache, sessions and jobs -------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
# Two caches, neither holding anything that must last (login and form counters live in the database,
# accounts.throttle): "default" for a few small shared values (promos, menu, store profile, birthday
# programme) and "pages" for the storefront's whole pages, page shells and product-grid fragments, which many
# different URLs fill; being bounded and apart, their churn evicts only their own kind.
PAGE_CACHE_MAX_MB = env_int("PAGE_CACHE_MAX_MB", 256)
# What a cached storefront page depends on besides its URL (catalog version, running promos): the storefront
# views pass it to core.pagecache.visitor_page_cache, and VisitorPageMiddleware keys visitors' pages with it.
PAGE_CACHE_KEY_PARTS = "pasarmurah.catalog.fragments.page_key_parts"
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        # Bounded by the Redis server's maxmemory policy (volatile-lru recommended: the job queue shares the
        # server and its keys have no expiry), under its own prefix.
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
        },
    }
else:
    # diskcache: SQLite files shared by every gunicorn worker on one host (one read is one indexed SELECT, no
    # file per entry), bounded by size and evicting the least recently stored entries, never at random.
    _DISK_CACHE_OPTIONS = {"eviction_policy": "least-recently-stored", "statistics": 0, "tag_index": 0}
    CACHES = {
        "default": {
            "BACKEND": "pasarmurah.core.cache.DiskCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "SHARDS": 4,
            "DATABASE_TIMEOUT": 1.0,
            "OPTIONS": _DISK_CACHE_OPTIONS | {"size_limit": 64 * 2**20},
        },
        "pages": {
            "BACKEND": "pasarmurah.core.cache.DiskCache",
            "LOCATION": str(VAR_DIR / "cache-pages"),
            "SHARDS": 8,
            "DATABASE_TIMEOUT": 1.0,
            "OPTIONS": _DISK_CACHE_OPTIONS | {"size_limit": PAGE_CACHE_MAX_MB * 2**20},
        },
    }
# Sessions are read from the default cache and written to both (the database keeps them: an evicted entry is
# read from there again), so a member's request does not ask the database for its session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

HUEY = {
    "name": "pasarmurah",
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "utc": True,
    "consumer": {"workers": env_int("HUEY_WORKERS", 2), "worker_type": "thread", "periodic": True},
}
if REDIS_URL:
    HUEY |= {"huey_class": "huey.RedisHuey", "url": REDIS_URL}
else:
    HUEY |= {"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")}

# --- Accounts -----------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# ModelBackend with the signed-in user's row read from the member's cached values (accounts/backends.py)
AUTHENTICATION_BACKENDS = ["pasarmurah.accounts.backends.MemberBackend"]
LOGIN_URL = "/akun/masuk/"
LOGIN_REDIRECT_URL = "/"
# Staff who log in without a `next` land on their workspace, members on LOGIN_REDIRECT_URL.
STAFF_HOME_URL = env_str("STAFF_HOME_URL", "/staf/")
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins (accounts.throttle): per (account, client address) pair before that pair is locked for the
# window; per client address before each account gets only `per_pair_busy_ip` failures from it; per account
# (from anywhere) before each further try waits `delay_seconds`, doubling up to `max_delay_seconds`.
LOGIN_THROTTLE = {
    "per_pair": env_int("LOGIN_THROTTLE_PER_PAIR", 5),
    "per_ip": env_int("LOGIN_THROTTLE_PER_IP", 50),
    "per_pair_busy_ip": 2,
    "per_account": env_int("LOGIN_THROTTLE_PER_ACCOUNT", 10),
    "delay_seconds": 2,
    "max_delay_seconds": env_int("LOGIN_THROTTLE_MAX_DELAY", 120),
    "window_seconds": env_int("LOGIN_THROTTLE_WINDOW", 15 * 60),
}
# Registrations and password-reset requests per client address and hour (each sends a mail).
MAIL_FORMS_PER_IP_PER_HOUR = env_int("MAIL_FORMS_PER_IP_PER_HOUR", 10)
# Visitors' contact-form messages per client address and hour. Generous: behind a carrier NAT many honest
# people share one address; the form's honeypot and fill-time check stop most bots already.
CONTACT_MESSAGES_PER_IP_PER_HOUR = env_int("CONTACT_MESSAGES_PER_IP_PER_HOUR", 30)
# Behind a reverse proxy every request comes from the proxy: take the client from X-Forwarded-For.
TRUST_X_FORWARDED_FOR = env_bool("BEHIND_PROXY", False)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# Staff two-factor login (TOTP app + recovery codes, accounts.two_factor): "required" (the Owner must enrol
# and every enrolled staff account must give its code), "optional" (staff may enrol; who has, gives the code),
# "off". Customer Service may always choose. ./run.sh serves the demo with "optional" so its logins work.
STAFF_2FA = env_str("STAFF_2FA", "required")
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Pasar Murah")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret key or its QR code
# Wrong codes per account and client address in LOGIN_THROTTLE's window before the code step is locked there.
STAFF_2FA_MAX_FAILURES = env_int("STAFF_2FA_MAX_FAILURES", 5)

# --- Language and time --------------------------------------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "id")
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "pasarmurah" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "pasarmurah" / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Payment proofs and ticket photos live here, outside MEDIA_ROOT, and are served by permission-checked views.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    # Product images are public: readable by a reverse proxy serving MEDIA_ROOT (outside var/, see README),
    # whatever the process umask (077, pasarmurah.env.var_dir_secure). Private uploads are owner-only.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail -------------------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 15)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Toko Pasar Murah Solo <halo@pasarmurah.test>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Admin", address) for address in env_list("ADMINS", [])]
# The outbox (pasarmurah.mail) knows no domain: these callables (no arguments, returning a dict) add what
# every mail template may use besides `site_url`.
MAIL_CONTEXT = ["pasarmurah.store.selectors.email_context"]

# --- Security -----------------------------------------------------------------------------------------------
# HTTPS is on unless DEBUG or HTTPS=0 (./run.sh serves the demo on plain http://127.0.0.1).
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy: scripts only from our own origin (no inline script, no CDN).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logs, monitoring and error reports ---------------------------------------------------------------------
# One JSON object per line with the request id (pasarmurah.ops.logs); LOG_FORMAT=plain for reading by eye.
LOG_FORMAT = env_str("LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "pasarmurah.ops.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"},
        "json": {"()": "pasarmurah.ops.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain" if LOG_FORMAT == "plain" else "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
# /healthz: besides the database and the cache (which make it 503), these checks report a state ("ok" or not:
# then the answer says "degraded", still 200, so a stopped worker does not take the web hosts out of a pool).
HEALTH_CHECKS = {"worker": "pasarmurah.ops.selectors.worker_health"}
# The job worker writes a heartbeat each minute; older than this, /healthz calls it stale.
WORKER_HEARTBEAT_STALE_SECONDS = env_int("WORKER_HEARTBEAT_STALE_SECONDS", 180)
# Errors to Sentry only when a DSN is given (pasarmurah.ops.errors); nothing personal is sent.
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    from pasarmurah.ops.errors import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        release=env_str("SENTRY_RELEASE", ""),
        traces_sample_rate=float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0") or 0),
    )

# --- Backups (pasarmurah.ops) -------------------------------------------------------------------------------
# `manage.py backup` and the daily job write archives here (outside var/ in production: another disk).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_TIME = env_str("BACKUP_TIME", "02:30")  # the daily job, shop time (WIB)
DATABASE_ANALYZE_TIME = env_str("DATABASE_ANALYZE_TIME", "03:30")  # SQLite's planner statistics, daily (WIB)
BACKUP_KEEP_DAILY = env_int("BACKUP_KEEP_DAILY", 7)
BACKUP_KEEP_WEEKLY = env_int("BACKUP_KEEP_WEEKLY", 4)
# Older than this, the last successful backup shows as a problem on the staff dashboard.
BACKUP_MAX_AGE_HOURS = env_int("BACKUP_MAX_AGE_HOURS", 26)

# --- Members: what one member may send ----------------------------------------------------------------------
# What one member may send, counted from the stored rows (so nothing can evict the count): payment proofs per
# order in all and per member per hour; ticket messages (new tickets and replies) and ticket photos per member
# per hour; photos per ticket in all; guestbook testimonials per member per day.
MEMBER_LIMITS = {
    "proofs_per_order": env_int("MEMBER_PROOFS_PER_ORDER", 5),
    "proofs_per_hour": env_int("MEMBER_PROOFS_PER_HOUR", 10),
    "ticket_messages_per_hour": env_int("MEMBER_TICKET_MESSAGES_PER_HOUR", 20),
    "ticket_photos_per_hour": env_int("MEMBER_TICKET_PHOTOS_PER_HOUR", 10),
    "photos_per_ticket": env_int("TICKET_PHOTOS_PER_TICKET", 20),
    "testimonials_per_day": env_int("MEMBER_TESTIMONIALS_PER_DAY", 3),
}

# --- Domain hooks: privacy (erasure, export) and what follows a login ---------------------------------------
# Privacy (UU PDP): each domain adds how it erases and exports a member's data (called with user=...).
# Each export section is marked with core.privacy.export_section: which models it exports, what it leaves out.
MEMBER_ERASURE_STEPS = [
    "pasarmurah.mail.services.member_erase_mail_data",
    "pasarmurah.crm.services.member_erase_crm_data",
    "pasarmurah.orders.services.member_erase_order_data",
    "pasarmurah.promotions.services.member_erase_promotions_data",
    "pasarmurah.checkout.services.member_erase_cart",
    "pasarmurah.crm.services.member_erase_segment_data",
    "pasarmurah.campaigns.services.member_erase_campaign_data",
    "pasarmurah.automations.services.member_erase_automation_data",
    "pasarmurah.audit.services.member_erase_audit_data",
]
# What every login does next, whichever view logged in (called with request= and user=, in this order).
AFTER_LOGIN_STEPS = [
    "pasarmurah.checkout.services.cart_merge_at_login",
    "pasarmurah.crm.services.wishlist_claim_at_login",
]
# Extra cards on the member's account page (called with user=: a dict with `template` and context, or None).
ACCOUNT_DASHBOARD_CARDS = [
    "pasarmurah.crm.selectors.member_stats_card",
]
MEMBER_EXPORT_SECTIONS = [
    "pasarmurah.mail.selectors.member_export_mail_data",
    "pasarmurah.crm.selectors.member_export_crm_data",
    "pasarmurah.orders.selectors.member_export_order_data",
    "pasarmurah.promotions.selectors.member_export_promotions_data",
    "pasarmurah.checkout.selectors.member_export_checkout_data",
    "pasarmurah.purchasing.selectors.member_export_purchasing_data",
    "pasarmurah.crm.selectors.member_export_segment_data",
    "pasarmurah.inventory.selectors.member_export_inventory_data",
    "pasarmurah.campaigns.selectors.member_export_campaign_data",
    "pasarmurah.automations.selectors.member_export_automation_data",
    "pasarmurah.audit.selectors.member_export_audit_data",
]

# --- Campaigns ----------------------------------------------------------------------------------------------
# Campaign mails handed to the outbox per hour (SMTP relays cap it); the job spreads them over the minutes.
CAMPAIGN_MAILS_PER_HOUR = env_int("CAMPAIGN_MAILS_PER_HOUR", 3000)

# --- Benchmarks ---------------------------------------------------------------------------------------------
# BENCH_CALIBRATION=1 adds /bench/calibrate, a bare Django view the bench/ harness measures the pages against.
# Never on in production.
BENCH_CALIBRATION = env_bool("BENCH_CALIBRATION", False)
