"""Overture settings: everything comes from environment variables.

With nothing set, Overture runs in development mode on SQLite in ``var/``.
``OVERTURE_PRODUCTION=true`` switches to production mode, which refuses to
start without ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from overture.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("OVERTURE_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)

PRODUCTION = env_bool("OVERTURE_PRODUCTION", False)
DEBUG = env_bool("DEBUG", not PRODUCTION)

SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if PRODUCTION:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random string of at least 50 characters in production."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host(s) in production.")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production.")
else:
    SECRET_KEY = SECRET_KEY or "development-only-key-never-used-in-production-0123456789"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_ox",
    "overture.accounts",
    "overture.companies",
    "overture.candidates",
    "overture.interviews",
    "overture.notifications",
    "overture.support",
    "overture.scheduling",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "overture.accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
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
                "django.template.context_processors.csp",
                "overture.accounts.context_processors.roles",
                "overture.lib.rules.context",
                "overture.notifications.context_processors.unread_notices",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'overture.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue
    # instead of failing with "database is locked" half-way through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file, not memory, so that concurrent connections (threads
    # racing to accept, book or sweep) see one database and queue on its lock.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Email: SMTP when EMAIL_HOST is set (always in production); otherwise every
# message is printed to the console and kept in var/mail/ for /dev/mailbox/.
SMTP_HOST = env_str("EMAIL_HOST")
# The development mailbox (/dev/mailbox/) exists only when mail is not really sent.
DEV_MAILBOX = not SMTP_HOST
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Overture <no-reply@overture.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if PRODUCTION and not SMTP_HOST:
    raise ImproperlyConfigured("EMAIL_HOST must name an SMTP server in production.")
if SMTP_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": env_int("EMAIL_TIMEOUT", 30),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "overture.notifications.mailbox.DevMailboxBackend"}}
DEV_MAILBOX_DIR = VAR_DIR / "mail"

# Periodic jobs, run once per tick however many workers or schedulers run.
# The sweep runs every minute; in development every 15 seconds, so the demo's
# deadline is seen as soon as it passes.
SCHEDULES = {
    "sweep": {
        "task": "overture.interviews.tasks.sweep",
        "every": env_int("SWEEP_EVERY", 60 if PRODUCTION else 15),
    },
    "redeliver-notices": {
        "task": "overture.notifications.tasks.redeliver_notices",
        "every": 60,
    },
}
# Busy times imported from candidates' other calendars (SPEC §6).
SCHEDULES["refresh-calendar-imports"] = {
    "task": "overture.scheduling.tasks.refresh_imports",
    "every": 15 * 60,
}

# Background tasks run in the database (django-ox) unless REDIS_URL is set:
# no broker; a task whose worker died is re-queued once its lease runs out,
# and every worker also dispatches SCHEDULES.
TASK_LOCK_TIMEOUT = env_int("TASK_LOCK_TIMEOUT", 120)
REDIS_URL = env_str("REDIS_URL")
TASKS: dict[str, dict[str, Any]]
if REDIS_URL:
    # Many workers on many machines: RQ on Redis (`manage.py rqworker
    # --job-class django_tasks_rq.Job default`) and `manage.py run_scheduler`
    # for SCHEDULES. RQ is not transactional: enqueueing waits for the
    # commit, and the redeliver-notices job re-queues anything lost.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": TASK_LOCK_TIMEOUT * 5}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {
        "default": {
            "BACKEND": "django_ox.backend.OxBackend",
            "QUEUES": [],
            "OPTIONS": {
                "MAX_ATTEMPTS": env_int("TASK_MAX_ATTEMPTS", 5),
                "LOCK_TIMEOUT": TASK_LOCK_TIMEOUT,
                "SCHEDULES": SCHEDULES,
            },
        }
    }

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Security. Production assumes HTTPS (behind a proxy that sets X-Forwarded-Proto).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per task attempt is noise in development; failures still show.
        # With a handler of its own here, ox_worker adds no second one.
        "django_ox": {
            "handlers": ["console"],
            "propagate": False,
            "level": env_str("TASK_LOG_LEVEL", "INFO" if PRODUCTION else "WARNING"),
        },
        "django.tasks": {"level": env_str("TASK_LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
    },
}

# Product rules (SPEC §3, §5). Help articles read the same numbers.
OVERTURE: dict[str, Any] = {
    "REQUEST_TTL": timedelta(days=14),
    "EDIT_WINDOW": timedelta(minutes=5),
    "NOTE_MAX_LENGTH": 2000,
    "ACCEPT_NOTE_MAX_LENGTH": 1000,
    # Deadlines that run themselves (SPEC §3-5, §7).
    "REMINDERS_BEFORE_DEADLINE": (timedelta(hours=72), timedelta(hours=24)),
    "BOOKING_EXPECTED_WITHIN": timedelta(hours=48),
    "FOLLOW_UP_EVERY": timedelta(hours=48),
    "FOLLOW_UP_MAX_LENGTH": 1000,
    "RESPONSE_WINDOW": timedelta(days=30),
    "FAST_RESPONDER_UNDER": timedelta(hours=48),
    # An unsent notice is queued again after this long, whatever became of its task.
    "NOTICE_REDELIVER_AFTER": timedelta(seconds=env_int("NOTICE_REDELIVER_AFTER", 600)),
}

# Calendar and scheduling (SPEC §6). A candidate may change their own cap and buffer.
SCHEDULING: dict[str, Any] = {
    "BUFFER": timedelta(minutes=15),
    "NOTICE": timedelta(hours=12),
    "HORIZON": timedelta(days=30),
    "DAILY_CAP": 3,
    "DURATIONS": (15, 30, 45, 60),
    "GRID": timedelta(minutes=15),
    "DEFAULT_WEEKLY_HOURS": ("09:00-17:00",) * 5 + ("", ""),
    # How often an imported calendar URL is fetched again, and how much of it is read.
    "IMPORT_REFRESH": timedelta(hours=1),
    "IMPORT_MAX_BYTES": 2_000_000,
    "IMPORT_TIMEOUT": 10,
    # Fetching a URL on a private or loopback address is refused in production.
    "IMPORT_ALLOW_PRIVATE_HOSTS": env_bool("CALENDAR_IMPORT_ALLOW_PRIVATE_HOSTS", not PRODUCTION),
}

AUTHENTICATION_BACKENDS = ["overture.accounts.backends.EmailBackend"]

FORM_RENDERER = "overture.lib.forms.FormRenderer"
