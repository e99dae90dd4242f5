"""Settings for the MMN community, read from environment variables (README.md lists them all).

DJANGO_ENV chooses the mode: "development" (the default, what `make run` uses) or "production",
which refuses to start without a secret key and an explicit host list, and turns on secure cookies.
"""

import base64
import hashlib
import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


ENVIRONMENT = os.environ.get("DJANGO_ENV", "development").strip().lower()
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DJANGO_DEBUG", default=False)
if PRODUCTION and DEBUG:
    # Debug pages show request data, which here includes members' health posts.
    raise ImproperlyConfigured("DJANGO_DEBUG cannot be on when DJANGO_ENV=production.")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_ENV=production.")
    SECRET_KEY = "development-only-key-never-use-in-production"  # noqa: S105

if PRODUCTION and not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when DJANGO_ENV=production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin, with its default site swapped for one that asks moderators for two-factor
    # authentication (config/admin.py).
    "config.apps.ModeratorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.headless",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "core",
    "audit",
    "notifications",
    "accounts",
    "forum",
    "resources",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Near the top, so that every answer carries the policy, those refused before a view too.
    "csp.middleware.CSPMiddleware",
    # Addresses with NUL bytes and JSON nested too deep never reach a view (config/middleware.py).
    "config.middleware.RequestSafetyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An ETag on every GET and "304 Not Modified" for If-None-Match: a phone on a poor connection
    # fetches only what changed.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.ResolvedUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "config.middleware.HeadlessLoginLimitMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "config.forms.SiteFormRenderer"
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
                "notifications.context_processors.notifications",
                "resources.context_processors.crisis_support",
            ],
            # The admin index's "waiting for you" line counts the forum's queue and the
            # directory's suggestions: it sits above both, with the project's own code.
            "libraries": {"moderation_admin": "config.templatetags.moderation_admin"},
        },
    },
]

# Databases: SQLite by default; PostgreSQL (or any URL dj-database-url reads) from DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work beside a writer; IMMEDIATE transactions take the write lock up front,
    # so concurrent writers wait (up to the timeout) instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Django REST framework imports django.contrib.postgres wherever psycopg is installed (for
    # serializer fields of PostgreSQL's own column types, which no model here has), and that
    # loads the whole driver: 10 MB of every SQLite worker's memory (88 -> 78 MB after a load).
    # Marked absent, the import fails in DRF as it does where psycopg is not installed.
    sys.modules.setdefault("django.contrib.postgres.fields", None)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that accepts connections but never answers must not hold a page for minutes:
    # connecting gives up after DATABASE_CONNECT_TIMEOUT seconds, a statement after
    # DATABASE_STATEMENT_TIMEOUT (0 turns it off, for a long migration run by hand), and a
    # connection whose sent data goes unacknowledged is dropped by the kernel. The page then says
    # the site is unavailable (503) instead of hanging.
    statement_timeout = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "5"))
    prepared_statements = os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") == "1"
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")),
            "options": f"-c statement_timeout={statement_timeout}s",
            "tcp_user_timeout": 10_000,
            "keepalives_idle": 30,
            # Parameters travel apart from the SQL, so psycopg can prepare what a connection
            # has run five times, and PostgreSQL stops planning a page's queries again on every
            # request (a member's thread page 10.5 -> 9.3 ms). PgBouncer in transaction mode
            # before 1.21 cannot keep prepared statements: DATABASE_PREPARED_STATEMENTS=0.
            "server_side_binding": prepared_statements,
            "prepare_threshold": 5 if prepared_statements else None,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default; Redis from REDIS_URL, shared by every app server (rate limits,
# sessions). Production needs a shared cache: with local memory each worker keeps its own
# counts, so four workers let four times the wrong passwords and posts through. DATABASE_CACHE=1
# chooses the database instead of Redis (run `manage.py createcachetable` once).
REDIS_URL = os.environ.get("REDIS_URL", "")
DATABASE_CACHE = env_bool("DATABASE_CACHE")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",  # one Redis client, not one a call
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "mmn"),
            # A Redis that stops answering fails the request in seconds (a 503 page), not never.
            "OPTIONS": {"socket_connect_timeout": 3, "socket_timeout": 3},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif DATABASE_CACHE:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "mmn_cache",
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "mmn"),
        }
    }
elif PRODUCTION:
    raise ImproperlyConfigured(
        "Production needs a cache shared by every worker: set REDIS_URL, or DATABASE_CACHE=1 "
        "(then run `manage.py createcachetable`). With local memory each worker counts sign-in "
        "attempts and posts on its own."
    )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-allauth: email is the login; verification is mandatory; a code by email is offered
# beside the password.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Fetching a code from another device takes time with weak hands: 15 minutes, not allauth's 3.
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
# Codes, not links, to verify an address and to reset a password: a short code is easier to
# type on a phone, and the mobile app has no page for a link to open.
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = 60 * 60
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_TIMEOUT = 60 * 60
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[MMN Community] "

# allauth's headless API signs the mobile app in at /_allauth/app/v1/ (session token in
# X-Session-Token); its OpenAPI specification is served at /_allauth/openapi.html.
HEADLESS_CLIENTS = ("app",)
HEADLESS_SERVE_SPECIFICATION = True
HEADLESS_SPECIFICATION_TEMPLATE_NAME = "api/allauth_specification.html"

# Two-factor authentication (allauth.mfa): an authenticator app (TOTP) for any member who wants
# it, with recovery codes for a lost phone. Moderators must have it before the admin opens
# (config/admin.py). The same steps are in the headless API at /_allauth/app/v1/auth/2fa/...
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "MMN Community"
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_FORMS = {
    "authenticate": "accounts.mfa_forms.SignInCodeForm",
    "reauthenticate": "accounts.mfa_forms.ConfirmCodeForm",
    "activate_totp": "accounts.mfa_forms.SetUpAppForm",
}
# Accept the codes of the 30-second steps either side of the current one. A member with weak
# hands may need longer than one step to type six digits, or starts typing just as the code
# changes: a code now works for up to a minute after it appears (not up to 30 seconds), still
# only once, and allauth's rate limit on failed attempts still applies.
MFA_TOTP_TOLERANCE = 1
# The key that encrypts authenticator secrets in the database (a Fernet key: 32 url-safe base64
# bytes, from `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key()
# .decode())"`). Its own variable, not the secret key: rotating that must not lock members out.
MFA_SECRET_KEY = os.environ.get("MFA_SECRET_KEY", "")
if not MFA_SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("MFA_SECRET_KEY is required when DJANGO_ENV=production.")
    MFA_SECRET_KEY = base64.urlsafe_b64encode(hashlib.sha256(SECRET_KEY.encode()).digest()).decode()
try:
    if len(base64.urlsafe_b64decode(MFA_SECRET_KEY.encode())) != 32:
        raise ValueError
except ValueError as error:
    raise ImproperlyConfigured(
        "MFA_SECRET_KEY must be 32 bytes in url-safe base64 (a Fernet key)."
    ) from error
# Setting up, viewing recovery codes or turning two-factor off first asks for the password again
# (MFA_REAUTHENTICATION_REQUIRED, on by default). Finding and installing an authenticator app can
# take a while with weak hands: that confirmation lasts 15 minutes, not allauth's 5.
ACCOUNT_REAUTHENTICATION_TIMEOUT = 15 * 60

# Wrong passwords: at most 10 a minute from one address and 5 in LOGIN_FAILED_WINDOW_SECONDS
# for one account (allauth's own defaults, written out so the mobile sign-in's 429 can say in
# Retry-After how long the wait is: config.middleware.HeadlessLoginLimitMiddleware).
LOGIN_FAILED_WINDOW_SECONDS = 5 * 60
ACCOUNT_RATE_LIMITS = {"login_failed": f"10/m/ip,5/{LOGIN_FAILED_WINDOW_SECONDS}s/key"}

LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"

# The texts a member agrees to at sign-up; a new version of either asks members again.
TERMS_VERSION = "2026-11"
HEALTH_DATA_CONSENT_VERSION = "2026-11"

# Email: console by default, so a developer sees verification links in the terminal.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
if PRODUCTION and EMAIL_BACKEND.rsplit(".", 2)[-2] in {"console", "locmem", "dummy", "filebased"}:
    # The console would write sign-in codes and reset links into the server's logs.
    raise ImproperlyConfigured("Set EMAIL_BACKEND to a real backend when DJANGO_ENV=production.")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "MMN Community <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development whitenoise serves straight from the app folders; production runs collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# The site's public address, for links in emails and for the spam service. In development it
# follows PORT, the port `make run` serves on; production must say it.
SITE_URL = os.environ.get("SITE_URL", "")
if not SITE_URL:
    if PRODUCTION:
        raise ImproperlyConfigured("SITE_URL is required when DJANGO_ENV=production.")
    SITE_URL = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"

# Background work (django-tasks): run at once unless a worker is configured. Production uses the
# database backend and `manage.py db_worker`.
TASKS_BACKEND = os.environ.get(
    "TASKS_BACKEND",
    "django_tasks_db.DatabaseBackend"
    if PRODUCTION
    else "django_tasks.backends.immediate.ImmediateBackend",
)
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}

# Moderation policy thresholds (forum/moderation/policy.py reads them).
MODERATION_PREMODERATE_FIRST = int(os.environ.get("MODERATION_PREMODERATE_FIRST", "2"))
MODERATION_FLAGS_TO_HIDE = int(os.environ.get("MODERATION_FLAGS_TO_HIDE", "3"))
MODERATION_TRUSTED_AFTER_APPROVED = 5
MODERATION_NEW_MEMBER_PER_MINUTE = 3
MODERATION_NEW_MEMBER_PER_DAY = 20
MODERATION_TRUSTED_PER_MINUTE = 10
MODERATION_TRUSTED_PER_DAY = 200
MODERATION_UNTRUSTED_MAX_LINKS = 2
MODERATION_DUPLICATE_WINDOW_DAYS = 30
MODERATION_BURST_PER_10_MINUTES = 8

# Akismet spam checks: off unless a key is set. A slow or failing service holds comments, and
# `manage.py recheck_spam` (from cron, every few minutes) asks again about those it never answered.
AKISMET_API_KEY = os.environ.get("AKISMET_API_KEY", "")
AKISMET_TIMEOUT = float(os.environ.get("AKISMET_TIMEOUT", "3"))

# Forum sizes: what a page shows, and the limits a form enforces.
FORUM_THREADS_PER_PAGE = int(os.environ.get("FORUM_THREADS_PER_PAGE", "25"))
FORUM_COMMENTS_PER_PAGE = int(os.environ.get("FORUM_COMMENTS_PER_PAGE", "20"))
# Visitors' copies of the home, category and thread pages, and the rows and comments every
# viewer's page shares (core/pagecache.py), are kept until a write changes what they show, and
# at most this long (relative times, a deploy's templates); 0 turns the cache off. Off with the
# database cache: its versions would be rows that every forum write locks until it commits, and
# its pages would push the sign-in limits out (it culls a third of its keys when full).
PAGE_CACHE_SECONDS = 0 if DATABASE_CACHE else int(os.environ.get("PAGE_CACHE_SECONDS", "60"))

# The REST API for the mobile client (/api/v1/): JSON only, one error shape (core/api/errors.py),
# allauth's session token or the browser session, and throttles per member and per anonymous
# client.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.auth.SessionTokenAuthentication",
        "core.api.auth.BrowserSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttles.MemberThrottle",
        "core.api.throttles.AnonymousThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Requests a minute, per member (by account) and per anonymous client (by address).
API_THROTTLE_RATES = {
    "member": os.environ.get("API_MEMBER_RATE", "120/min"),
    "anonymous": os.environ.get("API_ANONYMOUS_RATE", "60/min"),
}
# The largest JSON body the API reads: a comment is at most 20,000 characters.
API_MAX_BODY_BYTES = int(os.environ.get("API_MAX_BODY_BYTES", str(256 * 1024)))
API_PAGE_SIZE = int(os.environ.get("API_PAGE_SIZE", "25"))
API_MAX_PAGE_SIZE = 100

SPECTACULAR_SETTINGS = {
    "TITLE": "MMN Community API",
    "VERSION": "1",
    "DESCRIPTION": (
        "The REST API of the MMN Community, for its mobile client. Sign in through allauth's "
        'headless API (the "app" client, specification at [/_allauth/openapi.html]'
        "(/_allauth/openapi.html)): every call here accepts its session token in the "
        "`X-Session-Token` header. Every 4xx answer has the shape "
        '`{"error": {"code", "message", "fields"}}`. Reads carry an `ETag`; send it '
        "back in `If-None-Match` to get `304 Not Modified` when nothing changed."
    ),
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Our PATCH bodies are validated whole (a comment's edit needs its `body`): no "Patched"
    # copies that mark every field optional.
    "COMPONENT_SPLIT_PATCH": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ThreadStatusEnum": "forum.models.ThreadStatus",
        "CommentStatusEnum": "forum.models.CommentStatus",
        "SuggestionStatusEnum": "resources.models.SuggestionStatus",
        "LinkStatusEnum": "resources.models.LinkStatus",
    },
}

# Content-Security-Policy on every answer, enforced (django-csp): scripts and styles come from
# our own files only, never inline, so markup that slipped past the Markdown cleaner still could
# not run or restyle anything; no frame, plugin, <base> or form posting elsewhere. No page needs a
# nonce: Django's admin starts its scripts from files and data attributes. The two-factor QR code
# is inline SVG, not a data: image. The API documentation pages add what Swagger UI and Redoc
# need, none of it 'unsafe-inline' (config/api/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The header the reverse proxy sets to the visitor's address (deploy/Caddyfile: X-Real-IP,
# replacing whatever a client sent). Behind a proxy every connection comes from 127.0.0.1, so
# without it the limits per address would count all visitors as one: ten wrong passwords from
# anyone would lock everyone out. Only behind such a proxy: a client talking to the app
# directly could name any address. Empty: the connection's own address (core.http.client_ip).
TRUSTED_CLIENT_IP_HEADER = os.environ.get(
    "TRUSTED_CLIENT_IP_HEADER", "X-Real-IP" if PRODUCTION else ""
)
# The addresses the proxy connects from: the header is believed from these alone.
TRUSTED_PROXY_ADDRESSES = env_list("TRUSTED_PROXY_ADDRESSES", ["127.0.0.1", "::1"])

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # A monitor on the machine asks the app server itself, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    # Off unless the operator turns them on. includeSubDomains holds every subdomain of the
    # site's domain to HTTPS for SECURE_HSTS_SECONDS, those the charity does not run too (a
    # mail or donations host a provider runs); preload asks browsers to build that into
    # themselves, which takes months to undo, and needs includeSubDomains.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # httpx logs every request at INFO; the link check prints its own progress, one line a link.
    "loggers": {"httpx": {"level": "WARNING"}, "httpcore": {"level": "WARNING"}},
}
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
