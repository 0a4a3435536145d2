"""Settings for the newsroom archive: one module, driven by environment variables.

Development needs no variables at all (SQLite under var/, DEBUG on). Production sets
DEBUG=0, and then the unsafe defaults are refused at start-up instead of silently used.
"""

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no variable: 1/true/yes/on mean yes, 0/false/no/off mean no."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated list, ignoring blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def media_storage(environ) -> dict:
    """The media storage: local disk, or S3-compatible object storage with MEDIA_STORAGE=s3
    (django-storages). A function so a test can build it from a made-up environment."""
    if environ.get("MEDIA_STORAGE", "local") != "s3":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # public renditions are plain URLs (cacheable pages); keep originals/ private in
            # the bucket policy
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }


DEBUG = env_bool("DEBUG", True)

# A development key is made once and kept under var/, so sessions survive restarts without
# any key living in the repository. Production must bring its own.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = key_file.read_text().strip()
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY is too short or a known insecure value.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else "")
if not DEBUG and (not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS):
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names when DEBUG is off.")

ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

INSTALLED_APPS = [
    "publishing.apps.ArchiveAdminConfig",  # django.contrib.admin with the archive's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "corsheaders",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "publishing.apps.LoginSecurityConfig",  # django-axes, in the admin's language
    "publishing",
    "articles",
    "indicators",
    "django_tasks",
    "publishing.apps.TaskQueueConfig",  # django-tasks' database backend, named in Chinese
    "imports",
    "demo",  # load_demo: the demonstration archive (README)
    "newsroom",  # project-wide commands: backup_archive, restore_archive
]

MIDDLEWARE = [
    "newsroom.middleware.RequestIdMiddleware",
    "newsroom.middleware.RefuseNulBytesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag and 304 answers for the API (site pages: publishing.caching.public_page)
    "newsroom.middleware.ApiConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.PrimaryDatabaseMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # last, as django-axes requires: it turns a lockout into a "locked" answer
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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

# DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/newsroom; SQLite under var/ otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A streaming replica for public reads (see newsroom/db_routers.py); writes stay on "default".
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["newsroom.db_routers.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username/address before any password check
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "30")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Lockouts count the client's address as newsroom/proxies.py finds it, not the proxy's.
AXES_CLIENT_IP_CALLABLE = "newsroom.proxies.client_ip"

# The reverse proxies in front of the app servers (addresses or CIDRs, e.g. 127.0.0.1,10.0.0.0/8):
# X-Forwarded-For is believed only from them, for API throttling and log-in lockouts alike.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
try:
    _trusted_networks = [ipaddress.ip_network(item, strict=False) for item in TRUSTED_PROXIES]
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None
if any(network.prefixlen == 0 for network in _trusted_networks):
    raise ImproperlyConfigured("TRUSTED_PROXIES must name the proxies, not every address.")

# Staff sessions end after a working day, and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploads: bytes and pixels above these are refused before anything is decoded or saved.
IMAGE_MAX_BYTES = int(os.environ.get("IMAGE_MAX_MB", "60")) * 2**20
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_MEGAPIXELS", "100")) * 1_000_000
# The most pixels decoded into memory at once (about 4 bytes each). JPEGs decode reduced to what
# the largest rendition needs, or a step smaller (a narrower zoom) over this budget, so any JPEG
# fits; PNG, WebP and TIFF decode whole, so one over this is refused (a 99-megapixel PNG took 17 s
# and ~1 GB of a worker).
IMAGE_MAX_DECODE_PIXELS = int(os.environ.get("IMAGE_MAX_DECODE_MEGAPIXELS", "40")) * 1_000_000
PDF_MAX_BYTES = int(os.environ.get("PDF_MAX_MB", "60")) * 2**20  # page PDFs
# A page desk posts every field of every item on the page (about 40 an item with its photos):
# room for a hundred items, where Django's default (1,000) stopped at about 25.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 4000
MEDIA_URL = "/media/"
# Background jobs (the importer's OCR): django-tasks on its database backend, so the same
# database (SQLite or PostgreSQL) holds the queue; `manage.py db_worker` runs the jobs.
TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

# Production: the internal nginx location that sends media files once newsroom.media has
# checked who may see them (README); empty: Django streams them itself.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Development and tests serve static files straight from the app folders; production from
# STATIC_ROOT after collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": media_storage(os.environ),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Several app servers share one Redis cache; a single development process keeps it in memory.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # answers as an empty cache while Redis is down (newsroom/cache.py)
            "BACKEND": "newsroom.cache.FailSoftRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "newsroom",
            "TIMEOUT": 300,
            # a cache outage must slow the site down, not take it down: short timeouts
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
        }
    }

# The public pages' cache (publishing/caching.py, docs/caching.md): how long a rendered page
# and a page's data are kept per content version (0 turns each off), and how often a process
# re-reads the content version from the shared cache.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "3600"))
PUBLIC_DATA_CACHE_SECONDS = int(os.environ.get("PUBLIC_DATA_CACHE_SECONDS", "3600"))
PUBLIC_PAGE_VERSION_CHECK_SECONDS = float(os.environ.get("PUBLIC_PAGE_VERSION_CHECK_SECONDS", "1"))

# The site's header, footer and feed links ({% cache %} in templates/base.html): the same on
# every page in a language and changed only by a deploy (templates, translations), so each
# process renders them once. Not with DEBUG, where templates change without a restart.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends."
    + ("dummy.DummyCache" if DEBUG else "locmem.LocMemCache"),
    "LOCATION": "template-fragments",
}

# --- Security headers. Production (DEBUG off) gets the strict values by default. -----------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Production serves readers and editors over HTTPS only. Turning any of these off there is
# refused unless ALLOW_PLAIN_HTTP=1 says it is meant (a benchmark on loopback, say): a typo in an
# environment file must not send admin passwords or session cookies in clear text.
_plain_http = [
    name
    for name, is_off in (
        ("SECURE_SSL_REDIRECT", not SECURE_SSL_REDIRECT),
        ("SECURE_COOKIES", not SESSION_COOKIE_SECURE),
        ("SECURE_HSTS_SECONDS", SECURE_HSTS_SECONDS <= 0),
    )
    if is_off
]
if not DEBUG and _plain_http and not env_bool("ALLOW_PLAIN_HTTP", False):
    raise ImproperlyConfigured(
        f"{', '.join(_plain_http)} turned off with DEBUG=0; set ALLOW_PLAIN_HTTP=1 if plain HTTP "
        "is really meant (never for a public site)."
    )
# Behind a TLS-terminating proxy: SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = tuple(env_list("SECURE_PROXY_SSL_HEADER"))
    if len(SECURE_PROXY_SSL_HEADER) != 2:
        raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER must be 'HEADER,value'.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The probes must answer over plain HTTP from the load balancer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# Content-Security-Policy (django-csp 4): no inline or third-party scripts anywhere, site or admin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # the admin and Swagger UI set style attributes; styles cannot run code
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *env_list("CSP_IMG_HOSTS")],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        # ReDoc (API docs) searches in a web worker it creates from a blob
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Logs: one JSON object a line, each with the request id it belongs to. -----------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsroom.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "newsroom.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's own console handler (DEBUG only), which printed every request
        # warning a second time as plain text; LOG_LEVEL now governs Django's messages too.
        "django": {"handlers": [], "level": os.environ.get("LOG_LEVEL", "INFO")},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "django.server": {"level": "INFO"},
    },
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "publishing.api.schema.ArchiveAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["publishing.api.filters.ArchiveFilterBackend"],
    "EXCEPTION_HANDLER": "publishing.api.errors.api_exception_handler",
    # Token first: an anonymous write then gets 401 with WWW-Authenticate, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Anyone reads; writing needs a token of an account with the model's add/change permission.
    "DEFAULT_PERMISSION_CLASSES": ["publishing.api.permissions.TokenWritesModelPermissions"],
    "DEFAULT_THROTTLE_CLASSES": [
        "newsroom.proxies.AnonRateThrottle",
        "newsroom.proxies.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "120/min"),
        "user": os.environ.get("API_TOKEN_RATE", "1200/min"),
    },
    "DEFAULT_PARSER_CLASSES": [
        "publishing.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "publishing.api.renderers.ArchiveBrowsableAPIRenderer",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Anyone may read the API from a browser on another site; nothing else crosses origins.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom archive API",
    "DESCRIPTION": (
        "Everything published in the archive, read-only for anyone; drafts are written by "
        "service accounts with a token (`Authorization: Token …`). Lists are paged by cursor: "
        "follow `next`; `page_size` is 1–100. Errors always have the shape "
        "`{status, code, message, fields?}`; a bad parameter is a 400 naming it. Unknown "
        "parameters are ignored. Responses carry ETag (send If-None-Match for a 304)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
