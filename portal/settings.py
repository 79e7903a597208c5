"""Settings for the PMI protection portal, read from the environment.

Development needs no environment at all: SQLite, tasks run in-process, local memory cache.
Production (DEBUG off) refuses to start without its secrets; see `_require`.
"""

from pathlib import Path
from typing import Any

import environ

from portal import dev_keys
from portal.schedules import BEAT_SCHEDULE

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)


def _require(name: str, dev_default: str, why: str) -> str:
    value = env.str(name, default="")
    if value:
        return value
    if DEBUG:
        return dev_default
    # One line on stderr and a non-zero exit: clearer than a traceback for an operator.
    raise SystemExit(f"Configuration error: set the environment variable {name} ({why}); DEBUG is off.")


SECRET_KEY = _require("SECRET_KEY", dev_keys.SECRET_KEY, "Django's signing key")
# Comma-separated Fernet keys, newest first: encrypt with the first, decrypt with any (rotation).
FIELD_ENCRYPTION_KEYS = _require(
    "FIELD_ENCRYPTION_KEYS", dev_keys.FIELD_ENCRYPTION_KEYS, "key for encrypting NIK and passport numbers"
).split(",")
BLIND_INDEX_KEY = _require("BLIND_INDEX_KEY", dev_keys.BLIND_INDEX_KEY, "HMAC key for exact NIK lookup")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Addresses or networks (CIDR) of our own reverse proxies: only their X-Forwarded-For is believed
# (portal.client.client_address, used by throttles, rate limits, lockouts and the access log).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# Where the public finds the portal: printed QR codes (the village sheet) point here, not at the
# address a staff member happened to use.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "portal.admin_site.PortalAdminConfig",  # django.contrib.admin, its app list built lazily
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # Change history of person records (workers, documents, placements, complaints).
    "simple_history",
    "regions",
    "accounts",
    "workers",
    "placements",
    "complaints",
    "outreach",
    "datarights",
    "dashboards",
    "privacy",
    "village",
    "benchmarks",
]

MIDDLEWARE = [
    # Outermost, so that static files answered by WhiteNoise carry the header too.
    "portal.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.locale.ChosenLanguageMiddleware",
    # Early, so no view, form or filter ever sees a NUL byte; after Locale, so the 400 is translated.
    "portal.middleware.ControlCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.signed_in.AuthenticationMiddleware",
    "accounts.signed_in.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication: the change history records who made each change.
    "simple_history.middleware.HistoryRequestMiddleware",
    # After the user and messages are known: end stale staff sessions, then hold back every page
    # until a password-role user has passed the second factor.
    "accounts.middleware.StaffSessionMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections in production: opening one per request cost more than the request (issue 16,
# P8). The health check drops a connection the server closed, so a restarted database costs no errors.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: throttling and rate limits live here, so production uses Redis (shared by all processes).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend, reading the user of each request in one query (accounts/signed_in.py).
    "accounts.signed_in.SignedInBackend",
]
LOGIN_URL = "admin:login"

# Login lockout by username and address together (a few typos lock one person, not the office behind a
# shared address), and by address alone with a higher limit, so spraying many usernames locks the sprayer.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "accounts.lockout.AddressAwareLockoutHandler"
AXES_LOCKOUT_TEMPLATE = "portal/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The same client address as the throttles and the access log (X-Forwarded-For only from TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "portal.client.client_address"

# Second factor (django-otp): TOTP apps name the account after this issuer; the admin never shows secrets.
OTP_TOTP_ISSUER = "BP3MI Portal"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Sessions of users who sign in with a password end after this long idle, and after this long at most.
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
STAFF_SESSION_MAX_HOURS = env.int("STAFF_SESSION_MAX_HOURS", default=12)

# Bahasa Indonesia first; English second.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "portal.static_storage.ManifestStaticStorage"
        )
    },
}
# Private uploads (documents, attachments): outside the static tree, served only through views.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default="") or BASE_DIR / "private-media")

# Security headers; the stricter ones switch on with DEBUG off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Django's database sessions, read by a statement written once (portal/sessions.py).
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Content Security Policy: everything is served by us, no inline script.
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
    }
}

REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "portal.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "portal.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "portal.throttling.AnonRateThrottle",
        "portal.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="120/min"),
        "user": env.str("THROTTLE_USER", default="600/min"),
        # Accepted submissions only (portal.ratelimit.submission_admit): per address, sized for an
        # outreach event behind one carrier address; per NIK and per phone, to stop a single abuser.
        "public_write": env.str("THROTTLE_PUBLIC_WRITE", default="60/hour"),
        "public_write_nik": env.str("THROTTLE_PUBLIC_WRITE_NIK", default="3/hour"),
        "public_write_phone": env.str("THROTTLE_PUBLIC_WRITE_PHONE", default="10/hour"),
        "public_check": env.str("THROTTLE_PUBLIC_CHECK", default="20/hour"),
        "public_lookup": env.str("THROTTLE_PUBLIC_LOOKUP", default="60/min"),
        "stats": env.str("THROTTLE_STATS", default="120/min"),
    },
    "DEFAULT_PAGINATION_CLASS": "portal.api.KeysetPagination",
    "PAGE_SIZE": 50,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "PMI Protection Portal API",
    "DESCRIPTION": "Public checks, registrations and complaints; staff registers; region-scoped aggregates.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.schema.postprocess_control_characters",
    ],
    # One schema name per shared enumeration (a position code is a position code everywhere).
    "ENUM_NAME_OVERRIDES": {
        "PositionCodeEnum": "workers.choices.PositionCode",
        "PhaseEnum": "workers.choices.Phase",
        "SexEnum": "workers.choices.Sex",
        "EmployerTypeEnum": "placements.choices.EmployerType",
        "WorkerStatusEnum": "workers.models.WorkerStatus",
    },
}

# Celery: without a broker URL tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=3600)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=3300)
# Publishing must fail fast when Redis is down or hangs: the write stands and the sweeps catch up.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
# A late-acked message comes back after this long if its worker vanished; longer than any task.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Look for abandoned messages often enough that the timeout above is what decides.
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT)),
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    # Above kombu's 1 s BRPOP wait, so an idle worker is not mistaken for a dead broker.
    "socket_timeout": env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=5.0),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="portal")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="BP3MI Portal <noreply@portal.invalid>")

# The office that receives complaints giving no village (code of an accounts.Office).
COMPLAINT_INTAKE_OFFICE = env.str("COMPLAINT_INTAKE_OFFICE", default="bp3mi-lampung")

DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo-pass-2026")
DEMO_API_TOKEN = env.str("DEMO_API_TOKEN", default="demo-api-token-lampungtimur-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Change history: records are read in the admin, never restored from there (writes go through services).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Retention periods (privacy/retention.py declares the kinds and their defaults, docs/retention.md the
# policy): RETENTION_<KIND>_DAYS overrides one, e.g. RETENTION_CLOSED_COMPLAINT_DAYS=2555.
RETENTION_KINDS = (
    "UNVERIFIED_REGISTRATION",
    "WORKER_RECORD",
    "CLOSED_COMPLAINT",
    "ACCESS_LOG",
    "DATA_RIGHTS_REQUEST",
)
RETENTION_DAYS: dict[str, int] = {
    kind: env.int(f"RETENTION_{kind}_DAYS") for kind in RETENTION_KINDS if f"RETENTION_{kind}_DAYS" in env
}
# Rows of the access log younger than this are never deleted, whatever RETENTION_ACCESS_LOG_DAYS says
# (the database trigger enforces the same floor).
RETENTION_ACCESS_LOG_FLOOR_DAYS = 365
RETENTION_BATCH = env.int("RETENTION_BATCH", default=5000)
