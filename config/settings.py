"""Settings, read from the environment only.

The embedded default (nothing set) is a development service on SQLite under ``var/`` with Celery tasks run
in-process and a local-memory cache. Production sets ``DATABASE_URL``, ``REDIS_URL``, ``SECRET_KEY`` and
``ALLOWED_HOSTS`` and leaves ``DJANGO_DEBUG`` off.
"""

import os
from datetime import date, timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off.")
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production-0123456789abcdef"
# Keys before SECRET_KEY (comma-separated): feed cursors and sealed webhook secrets made under them still open.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "sharing.apps.AdminWithSecondFactorConfig",  # the admin behind allauth's sign-in and the second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",  # allauth's security-key list uses it
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "django_countries",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "sharing",
    # After "sharing", whose templates (sharing/templates/allauth/, .../account/, .../mfa/) override allauth's.
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "sharing.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sharing.console.middleware.IdleTimeoutMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sharing.console.middleware.ConsoleSecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into django-axes' 429 answer
]

# Sign-in with a password (allauth's, for people and the admin alike) is limited by django-axes: after
# AXES_FAILURE_LIMIT failures for one username from one address, that username is refused from that address
# (even with the right password) for AXES_COOLOFF_MINUTES, and every further failure there restarts the wait.
# Username and address together, so that an attacker cannot lock the secretariat out from everywhere. Attempts
# are kept in the database (axes' database handler), so the lockout holds on every web process and with the
# cache down. Sign-ins, failures and lockouts go to the audit trail (sharing/receivers.py); axes' own access log
# of successful sign-ins is off, the audit trail has them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "sharing.middleware.client_address"  # the address the audit trail records (NUM_PROXIES)
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# People (partners' staff) sign in at /accounts/login/ (django-allauth) with a password and then a second factor
# (allauth's MFA app: an authenticator app's TOTP code, a recovery code, or a WebAuthn security key); the console
# (/console/) refuses anyone whose session has not passed the second factor and sends a person without one to
# enrol it first (sharing/console/auth.py). Invite-only: there is no sign-up; the secretariat invites a person
# from the admin ("People"), which mails a link to choose a password. The password step and the second-factor step
# count failures together in django-axes (above), so one lockout covers both; allauth's own per-cache failure
# limit is off so that there is one rule, the admin's too.
ACCOUNT_ADAPTER = "sharing.console.forms.InviteOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False  # a session ends with the browser (and after the idle timeout below)
ACCOUNT_LOGOUT_ON_GET = False  # signing out is a POST with a CSRF token
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False  # after choosing a password, sign in (and pass the second factor) as always
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "allauth.account.forms.EmailAwarePasswordResetTokenGenerator"
ACCOUNT_REAUTHENTICATION_TIMEOUT = env_int("ACCOUNT_REAUTHENTICATION_TIMEOUT", 300)
ACCOUNT_RATE_LIMITS = {"login_failed": False}  # django-axes counts failures (both steps)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Allied supply-network sharing] "
MFA_FORMS = {
    "authenticate": "sharing.console.forms.SecondFactorCodeForm",
    "authenticate_webauthn": "sharing.console.forms.SecondFactorKeyForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False  # a security key is a second factor, never the only one
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Allied supply-network sharing")
# WebAuthn needs a secure origin; a developer's http://127.0.0.1 counts as one only in DEBUG.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TRUST_ENABLED = False  # no "trust this browser": every sign-in asks for the second factor
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/console/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/accounts/login/"

# A signed-in person who does nothing for CONSOLE_IDLE_MINUTES is signed out (sharing/console/middleware.py; the
# next request starts from the sign-in page, and the audit trail records "user.session_expired"). Whatever the
# activity, a session lasts at most SESSION_MAX_HOURS, and ends when the browser closes.
CONSOLE_IDLE_MINUTES = env_int("CONSOLE_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = env_int("SESSION_MAX_HOURS", 12) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"

# Mail: invitations (a link to choose a password) and allauth's notices. Development writes each message as a
# file under var/mail/; production sets EMAIL_HOST (and the rest) to a relay.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@sharing.invalid")
# Links in mails (an invitation's) point here: the service's public address as people reach it.
CONSOLE_BASE_URL = os.environ.get("CONSOLE_BASE_URL", "http://127.0.0.1:8000")
# load_demo creates a demo person per role with a known password and second-factor secret: development only.
DEMO_PEOPLE = env_bool("DEMO_PEOPLE", DEBUG)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project-level overrides of other apps' templates (the admin's base_site.html, for its favicon).
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sharing.console.context_processors.console",
            ],
        },
    },
]

# Database: DATABASE_URL, else an SQLite file under var/.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "db.sqlite3"),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Whatever the URL says: wait up to the busy timeout for the write lock rather than fail at once, and take
    # that lock when a transaction begins (IMMEDIATE). A deferred transaction that has read and then writes
    # must upgrade its lock, which SQLite refuses at once (no wait) if another writer went first: the loser of
    # two concurrent writes answered 503. Begun IMMEDIATE, writers queue and each sees what the one before wrote.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound on the server (psycopg's Cursor rather than Django's default ClientCursor), so that psycopg
    # prepares a statement it has run DB_PREPARE_THRESHOLD times on a connection (Django's default is never): the
    # list page's SELECT is then parsed and analysed once per connection, not per request. The filtered 100-row
    # capacity page (bench/reads.py's, full scale) cost PostgreSQL 5.9 ms of CPU a request with client-side
    # binding, 5.0 ms with this (medians of three alternating rounds, backend CPU from /proc/<pid>/schedstat).
    # A prepared statement is still planned for each execution's values (plan_cache_mode force_custom_plan;
    # DB_PLAN_CACHE_MODE sets another, e.g. auto, PostgreSQL's default). Under auto, after five executions
    # PostgreSQL may keep one generic plan for any values when its estimate looks no dearer, and in the load
    # test's mix (bench/load/run.py: four filtered read shapes over many products, countries, thresholds) some
    # kept generic plans cost far more than the plans for the values at hand: the backends spent 9.9-10.2 ms of
    # CPU a request under auto, 5.8-6.2 with custom plans, and the filtered reads went 79-81 -> 107-115 req/s
    # (alternating runs, full scale, 2026-12-01, load 1.2-2.2 before each). Parsing and analysis are still saved.
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    if env_bool("DB_SERVER_SIDE_BINDING", True):
        _pg_options["server_side_binding"] = True
        _pg_options["prepare_threshold"] = env_int("DB_PREPARE_THRESHOLD", 5)
    _plan_cache_mode = f"-c plan_cache_mode={os.environ.get('DB_PLAN_CACHE_MODE') or 'force_custom_plan'}"
    _pg_options["options"] = f"{_pg_options.get('options', '')} {_plan_cache_mode}".strip()  # after the URL's own
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: Celery broker and Django cache. Unset: tasks run in-process and the cache is local memory.
REDIS_URL = os.environ.get("REDIS_URL", "")


def _redis_url_of_test_worker(url: str, worker: str) -> str:
    """pytest-xdist's worker ``gwN`` (PYTEST_XDIST_WORKER) gets the Redis database N places after the URL's, as it
    gets its own test database: one worker's ``cache.clear()`` (a FLUSHDB) and throttle counters never reach the
    other's. A Celery worker a test starts inherits the variable, so it lands on the same database."""
    from urllib.parse import urlsplit, urlunsplit

    if not worker.startswith("gw") or not worker[2:].isdigit():
        return url
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    number = base + int(worker[2:])
    if number > 15:
        raise ImproperlyConfigured(f"REDIS_URL {url}: test worker {worker} would need Redis database {number}")
    return urlunsplit(parts._replace(path=f"/{number}"))


if REDIS_URL and os.environ.get("PYTEST_XDIST_WORKER"):
    REDIS_URL = _redis_url_of_test_worker(REDIS_URL, os.environ["PYTEST_XDIST_WORKER"])
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "sharing.cache.SharedClientRedisCache",  # Django's, one redis client per pool
            "LOCATION": os.environ.get("CACHE_URL", REDIS_URL),
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "sharing"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sharing"}}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 270)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600)}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
# Celery would point sys.stdout/stderr at a logger whose handler (LOGGING's, writing to stderr) writes back to it,
# and every log line of beat and the worker would be dropped.
CELERY_WORKER_REDIRECT_STDOUTS = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve static files straight from the apps so `make run` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Files served at the site's root: /favicon.ico, which browsers ask for on pages that name no icon (the guide as
# text, the API's JSON); a 404 there is a console error on every such page.
WHITENOISE_ROOT = BASE_DIR / "sharing" / "root"

# Security: strict unless DEBUG; each can be relaxed explicitly (e.g. behind a TLS-terminating proxy).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("TRUST_X_FORWARDED_PROTO", False) else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 20 * 1024 * 1024)
# A bulk call of 5,000 rows is about 2 MB; anything far beyond is refused before it is parsed.
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_BYTES", 10 * 1024 * 1024)
# File imports (sharing.interchange.imports): uploads wait here for the job, so web and worker must share it.
IMPORT_DIR = Path(os.environ.get("IMPORT_DIR", VAR_DIR / "imports"))
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 200 * 1024 * 1024)
# A running import whose worker shows no sign of life (a committed chunk) for this long is sent again and resumes
# after its last committed chunk; longer than any one chunk takes. After IMPORT_MAX_ATTEMPTS claims it is failed.
IMPORT_LEASE_SECONDS = env_int("IMPORT_LEASE_SECONDS", 180)
IMPORT_MAX_ATTEMPTS = env_int("IMPORT_MAX_ATTEMPTS", 10)

# List pages of the published kinds read as rows and rendered by orjson (sharing.api.list_rows); off, they go
# through the output serializers (the reference the tests compare the rows with, byte for byte).
SHARING_LIST_ROWS = os.environ.get("SHARING_LIST_ROWS", "1") != "0"
# Their SQL compiled once per shape of page and run again with each request's parameters (sharing.api.page_sql);
# off, every page's queryset is built and compiled.
SHARING_LIST_SQL_CACHE = os.environ.get("SHARING_LIST_SQL_CACHE", "1") != "0"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sharing.api.authentication.PartnerKeyAuthentication",
        "sharing.api.authentication.PersonSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["sharing.api.permissions.IsAuthenticatedPrincipal"],
    "DEFAULT_THROTTLE_CLASSES": ["sharing.api.throttling.PrincipalRateThrottle"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "sharing.api.pagination.CursorPage",
    # The browsable API only in development: in production it is a second, HTML, surface for every endpoint.
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    ],
    "DEFAULT_PARSER_CLASSES": ["sharing.api.parsers.StrictJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "sharing.api.negotiation.ContentNegotiation",
    "DEFAULT_SCHEMA_CLASS": "sharing.api.schema.SharingAutoSchema",
    "EXCEPTION_HANDLER": "sharing.api.errors.problem_exception_handler",
    "DEFAULT_METADATA_CLASS": "sharing.api.permissions.FixedMetadata",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": None,
    "COERCE_DECIMAL_TO_STRING": True,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# Requests per key (or per user, or per client address without credentials), kept in the cache.
SHARING_THROTTLE_RATES = {
    "key": os.environ.get("THROTTLE_RATE_KEY", "6000/min"),
    "anon": os.environ.get("THROTTLE_RATE_ANON", "600/min"),
    "auth_failures": os.environ.get("THROTTLE_RATE_AUTH_FAILURES", "30/min"),
}

# API keys and their partners are kept in each worker process's memory this long after being read
# (sharing.api.key_cache): a key revoked or a partner suspended elsewhere is refused at most this much later (at
# once in the process that made the change). 0: read from the database on every request.
API_KEY_CACHE_SECONDS = float(os.environ.get("API_KEY_CACHE_SECONDS", "5"))

# /health/ may answer with a broker status this many seconds old (load balancers poll it often).
HEALTH_BROKER_CACHE_SECONDS = float(os.environ.get("HEALTH_BROKER_CACHE_SECONDS", "2"))

SPECTACULAR_SETTINGS = {
    "TITLE": "Allied supply-network sharing API",
    "DESCRIPTION": (
        "Partner governments publish and query supply-network data for critical products, under TLP 2.0 "
        "sharing markings. Authenticate with `Authorization: Api-Key <key>`. Errors are RFC 9457 problem details."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Offline (air-gapped) docs: no validator badge from validator.swagger.io, no web fonts (sharing/api/docs.py).
    # deepLinking off: with it, each operation's path is a link inside the operation's toggle button (a control
    # nested in a control, which screen readers and keyboards cannot reach; axe-core's nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "validatorUrl": None},
    "REDOC_UI_SETTINGS": {"theme": {"typography": {
        "fontFamily": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
        "headings": {"fontFamily": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"},
        "code": {"fontFamily": "ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace"},
    }}},
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "PartnerStatusEnum": "sharing.choices.PartnerStatus",
        "HealthStatusEnum": ["ok", "degraded", "down"],
        "RunStatusEnum": "sharing.choices.RunStatus",  # match runs and scenario runs
        "CountryEnum": "django_countries.countries",
        "SubscriptionKindEnum": "sharing.models.interchange.SUBSCRIPTION_KINDS",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sharing.api.schema.add_problem_responses",
        "sharing.api.schema.add_paging_headers",
    ],
}

# Sharing rules
SHARING_MIN_CONTRIBUTORS = env_int("SHARING_MIN_CONTRIBUTORS", 3)
# Analytics: a scenario taking out more than this many countries, partners, facilities and demand figures
# together runs as a Celery job (202, poll the run); smaller ones are answered at once.
SCENARIO_SYNC_MAX_ITEMS = env_int("SCENARIO_SYNC_MAX_ITEMS", 20)

# Multi-tier exposure analytics: how many tiers of suppliers the walk follows at most.
EXPOSURE_MAX_TIERS = env_int("EXPOSURE_MAX_TIERS", 10)
# ...and the most states (facility, product, path memory) one tier may hold: bounds the work inside tangled cycles.
EXPOSURE_MAX_STATES = env_int("EXPOSURE_MAX_STATES", 200_000)

# Procurement (issue 15). One reporting currency: every unit cost (capacity records, the catalogue's reference unit
# cost) is in it, so the content share adds costs without exchange rates; partners convert before publishing.
PROCUREMENT_CURRENCY = os.environ.get("PROCUREMENT_CURRENCY", "USD")
# Qualifying (allied) countries for the content share: ISO codes, or empty for the countries of the active partners.
PROCUREMENT_QUALIFYING_COUNTRIES = env_list("PROCUREMENT_QUALIFYING_COUNTRIES", [])
# The domestic content threshold by delivery year (the 2022 US rule, FAR 25.101): (first year or None, last year or
# None, percent); the content must exceed the percent. The fallback threshold applies instead when the agency
# found no offer meeting the threshold (?fallback=true), but never raises it.
PROCUREMENT_CONTENT_THRESHOLDS = [(None, 2023, 60), (2024, 2028, 65), (2029, None, 75)]
PROCUREMENT_CONTENT_FALLBACK = 55
# Price preference (FAR 25.105, DFARS 225.502): percent added to foreign offers when the lowest offer is foreign.
PROCUREMENT_PREFERENCE = {"standard": 20, "small_business": 30, "defence": 50}
PROCUREMENT_MAX_OFFERS = env_int("PROCUREMENT_MAX_OFFERS", 1000)

# Trust X-Forwarded-For from this many proxies in front of the service (0: use the socket address).
NUM_PROXIES = env_int("NUM_PROXIES", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "sharing.logging.JsonFormatter"}},
    "filters": {"request": {"()": "sharing.logging.RequestContextFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Naming "django" drops the console handler Django's default logging gives it, through which every Django
    # record (e.g. runserver's "Watching for file changes") was printed a second time, unformatted.
    "loggers": {
        "django": {"level": "INFO"},
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # Every sign-in and failure is in the audit trail; django-axes' own line per attempt would repeat it.
        "axes": {"level": "WARNING"},
        # The PDF renderer logs each layout step at INFO; its warnings (a refused URL, an unsupported rule) stay.
        "weasyprint": {"level": "WARNING"},
    },
}

CSRF_FAILURE_VIEW = "sharing.api.errors.csrf_failure"

# Emergency matching
MATCHING_KM_PER_DAY = env_int("MATCHING_KM_PER_DAY", 800)  # door to door, mixed sea, air and road
MATCHING_HANDLING_DAYS = env_int("MATCHING_HANDLING_DAYS", 2)
OFFER_RESPONSE_SECONDS = env_int("OFFER_RESPONSE_SECONDS", 48 * 3600)
MATCHING_TEST_PAUSE_SECONDS = float(os.environ.get("MATCHING_TEST_PAUSE_SECONDS", "0"))

# Webhooks
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6)
WEBHOOK_RETRY_BASE_SECONDS = float(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "30"))
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "5"))
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", DEBUG)
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)
# CA certificates for receivers' TLS (a closed network's own CA); empty: the public roots (certifi).
WEBHOOK_CA_BUNDLE = os.environ.get("WEBHOOK_CA_BUNDLE", "")
# Standard Webhooks (sharing/services/webhooks.py). After a rotation the secret before it still signs for this
# long (both signatures in webhook-signature), so a receiver can change its secret without losing a delivery.
WEBHOOK_SECRET_ROTATION_OVERLAP_SECONDS = env_int("WEBHOOK_SECRET_ROTATION_OVERLAP_SECONDS", 24 * 3600)
# Endpoints registered before the service spoke Standard Webhooks also get the old X-Sharing-Signature,
# X-Sharing-Event and X-Sharing-Delivery headers until this date (UTC, exclusive); then the standard headers only.
WEBHOOK_LEGACY_SIGNATURE_UNTIL = date.fromisoformat(os.environ.get("WEBHOOK_LEGACY_SIGNATURE_UNTIL", "2027-06-30"))
# Subscriptions to changes (sharing/interchange/subscriptions.py): changes per batch, and how often the periodic
# job looks for subscriptions with changes to send (a publish does not wait for it: see the guide).
SUBSCRIPTION_BATCH_SIZE = env_int("SUBSCRIPTION_BATCH_SIZE", 500)
SUBSCRIPTION_POLL_SECONDS = float(os.environ.get("SUBSCRIPTION_POLL_SECONDS", "30"))
# The changes feed pages like every list (?cursor=, ?page_size=, a `next` URL). Its old parameters, ?after= and
# ?limit=, were deprecated on the first date and keep working until the second (UTC, exclusive): answers to them
# carry Deprecation (RFC 9745) and Sunset (RFC 8594) headers; from the sunset on they are a 400 problem.
FEED_LEGACY_PARAMS_DEPRECATED = date.fromisoformat(os.environ.get("FEED_LEGACY_PARAMS_DEPRECATED", "2026-11-30"))
FEED_LEGACY_PARAMS_SUNSET = date.fromisoformat(os.environ.get("FEED_LEGACY_PARAMS_SUNSET", "2027-06-30"))
# Background work whose Celery message was not sent (broker down) or was lost: a run still queued, a delivery
# never tried, this long after it was made is sent again by the periodic jobs (sharing/services/enqueue.py).
BACKGROUND_RESEND_AFTER_SECONDS = env_int("BACKGROUND_RESEND_AFTER_SECONDS", 120)

# The periodic jobs, in this one place. Celery beat runs them in both modes (sharing/periodic.py): under
# `make serve-prod` it sends them to the workers; under `make run` (no broker) it runs them itself.
# The audit trail on PostgreSQL, partitioned by month (sharing/services/audit_partitions.py): the periodic job
# audit-partitions makes this month's partition and the next AUDIT_PARTITIONS_AHEAD; with AUDIT_RETENTION_MONTHS
# above 0 it exports each month partition older than that many months (this one counted) to gzip JSON lines in
# AUDIT_EXPORT_DIR, verifies the file and drops the partition. 0 (the default) keeps every month in the database.
AUDIT_PARTITIONS_AHEAD = env_int("AUDIT_PARTITIONS_AHEAD", 3)
AUDIT_RETENTION_MONTHS = env_int("AUDIT_RETENTION_MONTHS", 0)
AUDIT_EXPORT_DIR = Path(os.environ.get("AUDIT_EXPORT_DIR", VAR_DIR / "audit-exports"))
CELERY_BEAT_SCHEDULER = "sharing.periodic:Scheduler"
CELERY_RESULT_EXPIRES = None  # results are ignored: no backend_cleanup job
CELERY_BEAT_SCHEDULE = {
    "expire-offers": {"task": "sharing.expire_offers", "schedule": 60.0},
    "expire-requests": {"task": "sharing.expire_requests", "schedule": 300.0},
    "retry-due-webhooks": {"task": "sharing.retry_due_webhooks", "schedule": 60.0},
    "resend-stalled-runs": {"task": "sharing.resend_stalled_runs", "schedule": 60.0},
    "deliver-subscriptions": {"task": "sharing.deliver_subscriptions", "schedule": SUBSCRIPTION_POLL_SECONDS},
    "audit-partitions": {"task": "sharing.audit_partitions", "schedule": 6 * 3600.0},
}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "sharing")
