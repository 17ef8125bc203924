"""Django settings, all from the environment so one build serves demo and production.

- ``DATABASE_URL``: ``postgresql://user@host:5432/db``; unset → SQLite (WAL) in the data folder.
- ``JUZHU_DATA_DIR``: where the SQLite file, the secret key and uploads live (default ``./data``).
- ``JUZHU_TODAY``: the injectable clock (``juzhu.clock``), only with ``JUZHU_DEMO=1`` (a demo or
  test deployment: ``./run`` and the tests set it); otherwise the settings refuse to load.
- ``JUZHU_DEBUG=1``: development mode (never in production).
- ``JUZHU_HTTPS=1``: served over HTTPS (the default when ``JUZHU_PUBLIC_URL`` is https://):
  the session and CSRF cookies are marked Secure, HSTS is sent, and X-Forwarded-Proto from
  the TLS-ending reverse proxy is trusted — from that proxy alone: waitress's forwarded-header
  filter around the application (juzhu/wsgi.py) is told its address (``JUZHU_TRUSTED_PROXY``,
  juzhu/serve.py) and removes the header from anyone else.
- ``JUZHU_PUBLIC_URL``: the address users type; its host is an allowed host and its origin a
  trusted CSRF origin.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url

from juzhu import clock, datadir

clock.check_environment()  # JUZHU_TODAY outside a demo or test deployment: a clear SystemExit

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("JUZHU_DATA_DIR", BASE_DIR.parent / "data")).resolve()
datadir.secure(DATA_DIR)  # 0700, files 0600, at creation and at every start (refuses when it cannot)


def _secret_key() -> str:
    """From the environment, else a random key kept (mode 600) in the data folder."""
    if os.environ.get("JUZHU_SECRET_KEY"):
        return os.environ["JUZHU_SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        datadir.create_private(path)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("JUZHU_DEBUG") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("JUZHU_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "juzhu.org",
    "juzhu.audit",
    "juzhu.registry",
    "juzhu.credentials",  # the e-permit: signed credentials, keys, status lists; `juzhu permit`
    "juzhu.notify",
    "juzhu.residents",  # residents' accounts, sign-in codes and online requests (issue 10)
    "juzhu.office",
    "juzhu.portal",  # the residents' self-service pages at /m/
    "ninja",  # the API docs from ninja's own static files, not a CDN (juzhu.csp: script-src 'self')
    "juzhu.documents",
    "juzhu.api",  # for `juzhu token` (management commands live in the app they belong to)
    "juzhu.demo",  # for `juzhu demo`
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "juzhu.registry.context.RulesPerRequest",  # one rules version query per request at most
    "juzhu.csp.ContentSecurityPolicy",  # on every response, also those made by the middleware below
    "juzhu.api.middleware.ApiJsonErrors",  # sees the final response: JSON 404/405 under /api/v1/
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "juzhu.org.sessions.IdleTimeout",  # the idle timeout, without a session write on every page
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor was given
    "juzhu.org.access.AccessLoaded",  # the user's permissions and roles in one query (issue 9, Speed)
    "juzhu.office.second_factor_gate.SecondFactorRequired",
    "juzhu.office.password_gate.PasswordChangeRequired",  # after the second factor: a weak password first
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "juzhu.idempotency.Idempotent",  # Idempotency-Key (API) and form_token (office): a double submit runs once
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "juzhu.urls"
WSGI_APPLICATION = "juzhu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "juzhu.office.context_processors.measure_validity",  # R-25a: administrators warned
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        config.setdefault("OPTIONS", {})
        return dict(config)  # a plain dict, as the sqlite branch's
    datadir.create_private(DATA_DIR / "juzhu.sqlite3")  # SQLite's -wal and -shm take its mode
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "juzhu.sqlite3",
        "OPTIONS": {
            # WAL lets readers go on while a clerk writes; IMMEDIATE takes the write
            # lock at BEGIN so two concurrent actions serialise instead of failing
            # half-way with "database is locked".
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        "TEST": {"NAME": DATA_DIR / "test.sqlite3"},
        # Keep each serving thread's connection, as for PostgreSQL: opening one costs more than a
        # card check (Django registers its SQL functions and runs the pragmas on every connect).
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# The staff's password policy (juzhu/org/passwords.py): checked when a password is changed
# (/password/) and at login, where a password falling short must be changed first.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "juzhu.org.passwords.MinimumLength", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "juzhu.org.passwords.NotPublished"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before checking the password
    "juzhu.org.sessions.UserWithUnit",  # Django's ModelBackend, the user read with her unit
]
# Five wrong passwords for one account from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("JUZHU_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "office/locked_out.html"
AXES_RESET_ON_SUCCESS = True
OTP_TOTP_ISSUER = "居住 juzhu"
OTP_TOTP_THROTTLE_FACTOR = 1  # seconds; doubles with each wrong code (django-otp)
CSRF_FAILURE_VIEW = "juzhu.office.views.errors.csrf_failure"  # an expired form explained in Chinese
LOGIN_URL = "login"  # URL names (juzhu/office/urls.py), resolved by Django
LOGIN_REDIRECT_URL = "home"

SESSION_COOKIE_AGE = int(os.environ.get("JUZHU_SESSION_SECONDS", 30 * 60))  # idle timeout at a shared window
SESSION_SAVE_EVERY_REQUEST = False  # juzhu.org.sessions.IdleTimeout slides the expiry, once a minute
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
# The office is Chinese whatever the browser asks for: with one language, LocaleMiddleware
# cannot switch a form's messages to English inside a Chinese page.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request when it is missing
MEDIA_ROOT = DATA_DIR / "media"

# Notifications: the outbox is delivered by this sender (see juzhu.notify.senders).
JUZHU_NOTIFICATION_SENDER = os.environ.get("JUZHU_NOTIFICATION_SENDER", "juzhu.notify.senders.LogSender")
# Permit number format (documented in docs/registry.md).
JUZHU_PERMIT_NUMBER_FORMAT = os.environ.get("JUZHU_PERMIT_NUMBER_FORMAT", "{county}{year}{serial:07d}")
# Where the permit's QR code points (https://…/verify/<permit number>?t=…). Must be an absolute
# https address: without it no card is printed (juzhu.registry.verification.public_base_url).
JUZHU_PUBLIC_URL = os.environ.get("JUZHU_PUBLIC_URL", "")
# How long a write's answer is kept for its Idempotency-Key / form token (juzhu.idempotency).
JUZHU_IDEMPOTENCY_HOURS = 24
# Over HTTPS the cookies must never travel over plain http, where the session could be taken
# on the way; on plain http (./run on 127.0.0.1) a browser would drop a Secure cookie.
HTTPS = os.environ.get("JUZHU_HTTPS", "1" if JUZHU_PUBLIC_URL.lower().startswith("https://") else "0") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
# Over HTTPS the browser is also told never to use plain http for a year (HSTS). The reverse
# proxy that ends TLS says so in X-Forwarded-Proto; Django sends HSTS only on secure requests.
# The header is passed on only from the trusted proxy (juzhu/wsgi.py, juzhu/serve.py, docs/deploy.md).
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS  # names under juzhu's own host are juzhu's too
# A request that reaches Django as plain http (a proxy forwarding port 80, or one whose
# X-Forwarded-Proto is not trusted) is sent to https rather than served.
SECURE_SSL_REDIRECT = HTTPS
SILENCED_SYSTEM_CHECKS = [
    # security.W021 (SECURE_HSTS_PRELOAD): the preload list binds a whole registrable domain
    # (e.g. ankang.gov.cn) and every name under it, which is not juzhu's to promise.
    "security.W021",
]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
if JUZHU_PUBLIC_URL:
    # Users reach the office at the public address: its host is allowed, and its origin is
    # the browser's Origin for a form posted there (a proxy rewriting Host would otherwise
    # make it look cross-site).
    _public = urlsplit(JUZHU_PUBLIC_URL)
    ALLOWED_HOSTS += [_public.hostname] if _public.hostname else []
    CSRF_TRUSTED_ORIGINS = [f"{_public.scheme}://{_public.netloc}"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_refusal": {"()": "juzhu.logfilters.OneLineRefusal"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # One handler, at the root: every logger's lines appear once (granian logs its own start and stop).
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "juzhu": {"level": os.environ.get("JUZHU_LOG_LEVEL", "INFO")},
        "waitress": {"level": "INFO"},
        # Django's own warnings and errors reach the server log in production too (its default
        # console handler speaks only under DEBUG); a refusal (403) is one line, no traceback.
        "django": {"handlers": [], "level": "INFO" if DEBUG else "WARNING"},
        "django.request": {"filters": ["one_line_refusal"]},
        "django.security.csrf": {"filters": ["one_line_refusal"]},
    },
}
