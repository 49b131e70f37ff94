"""Django settings for innspill. Everything that differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("INNSPILL_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# A development key is acceptable only with DEBUG on; production must set SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "dev-insecure-" + "x" * 50 if DEBUG or os.environ.get("INNSPILL_DEV") else ""
)
# Without a key the placeholder below lets commands that need none run (compilemessages);
# the system check innspill.E001 (common/checks.py) stops runserver, serve, migrate and check.
SECRET_KEY_MISSING = not SECRET_KEY
if SECRET_KEY_MISSING:
    SECRET_KEY = "unset-" + "y" * 50  # noqa: S105 - refused by the check innspill.E001
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "innspill.common",
    "innspill.accounts",
    "innspill.organisations",
    "innspill.cycles",
    "innspill.conferences",
    "innspill.registrations",
    "innspill.reports",
    "innspill.surveys",
    "innspill.rounds",
    "innspill.inputs",
    "innspill.archive",
    "innspill.followups",
    "innspill.practices",
    "innspill.api",
    "innspill.demo",
    "innspill.capture",
    "innspill.meetings",
    "innspill.limits",
]

MIDDLEWARE = [
    "innspill.common.middleware.ServerTimingMiddleware",
    "innspill.common.middleware.PrivateNoStoreMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "innspill.common.middleware.LinkLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "innspill.common.middleware.RejectNulBytesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lock-out raised during login into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "innspill.urls"
# Form widgets render through our templates, so templates/django/forms/ can give them
# Designsystemet's classes once instead of in every form.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "innspill.wsgi.application"

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
                "innspill.accounts.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'innspill.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; busy timeout avoids "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes counts failed logins first and refuses a locked-out username or address
# (docs/security.md): 10 failures lock for an hour or until an admin unlocks.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Behind our reverse proxy the client is the address it appended, as for the rate limits.
AXES_CLIENT_IP_CALLABLE = "innspill.limits.decorators.client_ip"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "archive:input-list"

LANGUAGE_CODE = "nb"
# Each language named in itself, untranslated: a reader finds their own language in the switcher
# whatever language the page is in. The participant pages are in all nine; staff and public pages
# in the first three (the rest fall back to bokmål there). Arabic is right to left (LANGUAGES_BIDI).
LANGUAGES = [
    ("nb", "Norsk bokmål"),
    ("nn", "Norsk nynorsk"),
    ("en", "English"),
    ("se", "Davvisámegiella"),
    ("ar", "العربية"),
    ("so", "Soomaali"),
    ("ti", "ትግርኛ"),
    ("uk", "Українська"),
    ("pl", "Polski"),
]
STAFF_LANGUAGES = ("nb", "nn", "en")
LOCALE_PATHS = [BASE_DIR / "locale"]
# Numeric dates for se, so and ti, which Django has no formats or month names for.
FORMAT_MODULE_PATH = ["innspill.common.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing root
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The import preview posts three fields per input read; a long report has several hundred inputs.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "innspill@localhost")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "innspill",
    }
}

# Security. Cookies are secure unless DEBUG; check --deploy is clean with production env.
SESSION_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Our own page, in the site's language and layout (handler403/404/500 are in innspill.urls).
CSRF_FAILURE_VIEW = "innspill.common.errors.csrf_failure"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The report stylesheet serves screen and print; WeasyPrint notes the screen-only rules it skips.
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

# innspill's own settings
INNSPILL = {
    "ARCHIVE_PAGE_SIZE": 20,
    "API_MAX_PAGE_SIZE": 500,
    "EXPORT_MAX_ROWS": 100_000,
    # Days after the conference: dietary and accessibility needs are deleted after the first,
    # names, e-mail addresses and organisations of participants anonymised after the second
    # (docs/privacy.md). The daily retention task applies them.
    "PERSONAL_NEEDS_RETENTION_DAYS": int(os.environ.get("PERSONAL_NEEDS_RETENTION_DAYS", "30")),
    "PERSONAL_DATA_RETENTION_DAYS": int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "180")),
    # An import draft nobody confirmed, and a media file no row points to, are removed after
    # this many days (the daily file clean-up task).
    "FILE_CLEANUP_GRACE_DAYS": int(os.environ.get("FILE_CLEANUP_GRACE_DAYS", "7")),
    "CORPUS_DIR": os.environ.get("CORPUS_DIR", ""),
    # A model trained here (with staff corrections) is written to this path and preferred over the shipped one.
    "CLASSIFIER_MODEL": Path(
        os.environ.get("CLASSIFIER_MODEL", VAR_DIR / "models" / "classifier_model.npz")
    ),
}

# The site's public address: links in e-mails, on badges and in exports are built on it
# (common.mail.site_url). Production must set it (system check innspill.E002); development
# defaults to the local server.
INNSPILL_SITE_URL = os.environ.get("INNSPILL_SITE_URL") or (
    "http://127.0.0.1:8000" if DEBUG or os.environ.get("INNSPILL_DEV") else ""
)

# Server-side time of each response in a `Server-Timing` header: for development and the
# benchmarks, never by default in production (it tells an attacker how long a lookup took).
INNSPILL_SERVER_TIMING = env_bool("INNSPILL_SERVER_TIMING", DEBUG)
# Responses on these paths (and every response to a logged-in user) carry personal data and
# are sent with `Cache-Control: private, no-store`.
INNSPILL_PRIVATE_PATHS = (
    "/ansatt/",
    "/deltaker/",
    "/evaluering/svar/",
    "/sporsmal/svar/",
    "/admin/",
)

# Every staff page and the admin need a second factor (TOTP or a recovery code, django-otp,
# accounts/second_factor.py); the local demo turns it off.
INNSPILL_ADMIN_REQUIRE_OTP = env_bool("INNSPILL_ADMIN_REQUIRE_OTP", not DEBUG)
# Background tasks (django-tasks) are stored in the database and run by a separate worker process
# (`python -m innspill run_worker`, started by `serve` and `make demo`). INNSPILL_TASKS_EAGER runs
# them in-line in the process that enqueues them instead (tests, one-off scripts).
# Requests per address and per link on exports, the API and public forms (innspill.limits).
INNSPILL_RATE_LIMITS = env_bool("INNSPILL_RATE_LIMITS", True)
INNSPILL_TASKS_EAGER = env_bool("INNSPILL_TASKS_EAGER", False)
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if INNSPILL_TASKS_EAGER
        else "django_tasks_db.DatabaseBackend",
    }
}
# A worker writes a heartbeat every few seconds; one silent for this long is taken as dead and its
# running tasks are marked failed (common/tasks.py: tasks_reap_stale).
INNSPILL_WORKER_TIMEOUT = int(os.environ.get("INNSPILL_WORKER_TIMEOUT", "60"))
# Housekeeping tasks that the task workers enqueue once a day, at or after this local hour
# (common/schedule.py): no cron needed, and a day missed while no worker ran is caught up.
INNSPILL_DAILY_TASKS = [
    "innspill.registrations.tasks.personal_data_purge_task",
    "innspill.surveys.tasks.survey_contacts_purge_task",
    "innspill.inputs.tasks.files_cleanup_task",
]
INNSPILL_DAILY_TASKS_HOUR = int(os.environ.get("INNSPILL_DAILY_TASKS_HOUR", "3"))
# The web process builds its archive caches in a background thread at start-up (archive/warmup.py).
INNSPILL_WARM_ON_START = env_bool("INNSPILL_WARM_ON_START", True)
