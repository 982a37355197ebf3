"""socaid settings, all read from the environment.

See README.md ("Configuration") for every variable. Production needs DEBUG off,
SECRET_KEY, ALLOWED_HOSTS, SITE_URL and DATABASE_URL; HTTPS is assumed behind a proxy
that sets X-Forwarded-Proto.
"""
import datetime
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from socaid.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("SOCAID_DATA_DIR") or BASE_DIR / "data")

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and env_bool("SOCAID_CODE_ONLY_COMMAND", False):
    # Set by manage.py for makemigrations and the like, which never sign anything: a throwaway key.
    SECRET_KEY = secrets.token_urlsafe(50)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off; set SECRET_KEY to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))') or set DEBUG=1 for development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

# The portal's own address, for links that leave the browser (e-mails): a mail has no request to take it from.
SITE_URL = (env_str("SITE_URL") or "").rstrip("/")
if not SITE_URL and (DEBUG or env_bool("SOCAID_CODE_ONLY_COMMAND", False)):
    SITE_URL = "http://127.0.0.1:8000"
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        "SITE_URL is required when DEBUG is off: the portal's address as users reach it, "
        "for example https://socaid.cantho.gov.vn (used in the links of e-mails)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
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
    "simple_history",
    "import_export",
    "socaid.apps.SignInProtectionConfig",  # django-axes
    "django_countries",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "socaid.jobs",
    "partners",
    "projects",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "socaid.middleware.ContentSecurityPolicyMiddleware",  # outside everything, so that every answer carries it
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "socaid.middleware.ChosenLanguageMiddleware",
    "socaid.middleware.RequestSizeLimitMiddleware",  # before anything reads the body (the CSRF check does)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "socaid.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one account from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind reverse proxies every request comes from the proxy: the lockout keys on the address they forwarded.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "socaid.client_address.client_address"

ROOT_URLCONF = "socaid.urls"

# Widgets render through the project's templates, so that templates/django/forms/ can give every choice its capital.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

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
                "reporting.public.context.public_frame",
            ],
        },
    },
]

WSGI_APPLICATION = "socaid.wsgi.application"

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'socaid.sqlite3'}",
        sqlite_timeout=env_int("SQLITE_BUSY_TIMEOUT", 20),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or DATA_DIR / "media")
MEDIA_URL = "media/"
# Uploaded and made files in an S3-compatible bucket instead of MEDIA_ROOT, for several application servers without
# a shared folder (django-storages; docs/deploy.md). Private: every file is read through the portal, which asks
# the bucket itself, so no address of a file ever leaves the server.
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("MEDIA_S3_REGION") or None,
            "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("MEDIA_S3_PREFIX"),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
# The internal location of the reverse proxy that serves MEDIA_ROOT (nginx's X-Accel-Redirect, docs/deploy.md),
# such as /protected-media/: a download the portal allowed is then sent by the proxy. Empty: the portal sends it.
PROTECTED_MEDIA_REDIRECT = env_str("PROTECTED_MEDIA_REDIRECT")
if PROTECTED_MEDIA_REDIRECT and not (PROTECTED_MEDIA_REDIRECT.startswith("/") and PROTECTED_MEDIA_REDIRECT.endswith("/")):
    raise ImproperlyConfigured(
        f"PROTECTED_MEDIA_REDIRECT={PROTECTED_MEDIA_REDIRECT!r} must be the proxy's internal location, with a slash "
        "at each end, such as /protected-media/."
    )
if PROTECTED_MEDIA_REDIRECT and MEDIA_S3_BUCKET:
    raise ImproperlyConfigured(
        "PROTECTED_MEDIA_REDIRECT names a folder the proxy reads, and MEDIA_S3_BUCKET keeps the files in a bucket: "
        "leave PROTECTED_MEDIA_REDIRECT empty with the bucket."
    )

# The cache holds the public side's heavy files (reporting/public/rendered.py), each made once per state of the
# public data. In each process's memory by default; CACHE_REDIS_URL shares one among several servers, so that a
# PDF is made once for all of them. Sessions, sign-in failures and the interest form's counts are in the database.
CACHE_REDIS_URL = env_str("CACHE_REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_REDIS_URL, "KEY_PREFIX": "socaid"}
        if CACHE_REDIS_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "socaid"}
    ),
    # The signed-in pages kept per session and per state of the data (socaid/page_cache.py): in each process's
    # memory, at most PAGE_CACHE_ENTRIES pages of at most PAGE_CACHE_MAX_KB each. On PostgreSQL only.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 200)},
    },
}
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_MAX_KB = env_int("PAGE_CACHE_MAX_KB", 512)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "projects:bank"
LOGOUT_REDIRECT_URL = "login"

# E-mail: console by default, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "socaid <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("", address) for address in env_list("ADMINS")]

# HTTPS behind a reverse proxy; every flag can be turned off for a closed network without TLS.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The Content Security Policy (socaid.middleware; Django 6.0 reads the same setting): the portal's own files only,
# and no inline script (scripts live in static/). Inline styles stay allowed: the summaries' tables carry the
# widths of their columns, computed for each table, as style attributes, which the page and the PDF share.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_without_traceback": {"()": "socaid.log_filters.ClientErrorsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors_without_traceback"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default config gives "django" a console handler of its own under DEBUG; with the root's, every
        # line would print twice.
        "django": {"handlers": [], "level": env_str("LOG_LEVEL", "INFO"), "propagate": True},
        # Axes logs every sign-in at INFO; lock-outs are WARNING and still show.
        "axes": {"level": "WARNING"},
        # WeasyPrint reports each rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# Background jobs (socaid/jobs/) on the Tasks API: the database's queue on one machine, served by
# `manage.py db_worker`; RQ on Redis (REDIS_URL) when several machines share the work, served by `manage.py rqworker`;
# "immediate" runs each job inside the request that asks for it (the tests, or a machine without a worker).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND={TASKS_BACKEND!r}: choose one of {', '.join(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
# A file or an import is made by a job, not in the request, past these sizes (in rows, or projects for a pack):
# measured on these machines, a request answers in about a second below them (an appendix PDF lays out about
# 40 rows a second, an Excel sheet writes thousands, an import checks about 1,000 rows a second).
JOB_ABOVE_ROWS = {
    "pdf": env_int("JOB_ABOVE_PDF_ROWS", 40),
    "xlsx": env_int("JOB_ABOVE_XLSX_ROWS", 2000),
    "import": env_int("JOB_ABOVE_IMPORT_ROWS", 300),
    # A workshop pack takes about 0.8 s and 0.3 s a project (measured: 1 in 1.1 s, 3 in 1.5 s, 25 in 9 s).
    "pack": env_int("JOB_ABOVE_PACK_PROJECTS", 2),
    # The public IATI file: about 0.3 ms a project (100,000 in 33 s).
    "iati": env_int("JOB_ABOVE_IATI_PROJECTS", 3000),
    # The public catalogue as CSV: about 0.3 ms a row (75,000 in 20 s).
    "csv": env_int("JOB_ABOVE_CSV_PROJECTS", 3000),
}
# Public files (a long public appendix, the IATI file, a long catalogue CSV) being made at once: any visitor may
# start one, so a visitor who would start one more is asked to come back (503 with Retry-After) instead.
PUBLIC_JOBS_AT_ONCE = env_int("PUBLIC_JOBS_AT_ONCE", 4)
# WeasyPrint lays a PDF out holding all its pages: about 0.2 MiB a table row (10,000 projects, 16,000 rows: 3 GiB in
# the worker). Past PDF_MAX_ROWS (an appendix counts its projects) a document is not made as a PDF, by a job or
# otherwise, but in Excel only; the printable page, drawn in the request, stops at PRINT_MAX_ROWS.
PDF_MAX_ROWS = env_int("PDF_MAX_ROWS", 12000)
PRINT_MAX_ROWS = env_int("PRINT_MAX_ROWS", 2000)
# An appendix workbook of more table rows than this is written in openpyxl's write-only mode, row after row: the
# same file in about the same time without holding every cell (at 10,000 projects, 16,000 rows, an ordinary sheet
# adds about 30 MiB to the process's peak, a write-only one nothing above what the builder already took).
XLSX_WRITE_ONLY_ABOVE_ROWS = env_int("XLSX_WRITE_ONLY_ABOVE_ROWS", 500)
# The bank list adds up the totals of the projects it lists (by sector, by locality, the map) only up to this many;
# a longer list offers them behind a link. At 100,000 projects they take over a second a request, the list itself
# about 50 ms (issue 16: a page costs what it shows).
BANK_TOTALS_ABOVE_PROJECTS = env_int("BANK_TOTALS_ABOVE_PROJECTS", 2000)
# A finished file is kept this many days under "my exports", then removed by the daily job.
JOB_KEEP_DAYS = env_int("JOB_KEEP_DAYS", 7)
# A running job tells it is alive every JOB_HEARTBEAT_SECONDS; one silent for JOB_LOST_SECONDS lost its worker.
JOB_HEARTBEAT_SECONDS = env_int("JOB_HEARTBEAT_SECONDS", 15)
JOB_LOST_SECONDS = env_int("JOB_LOST_SECONDS", 120)
# A job that took longer than this sends its requester an e-mail with the link.
JOB_MAIL_AFTER_SECONDS = env_int("JOB_MAIL_AFTER_SECONDS", 60)

# An annual report shows and saves its projects' lines this many at a time (a page costs about 5 ms a line).
REPORT_LINES_PER_PAGE = env_int("REPORT_LINES_PER_PAGE", 50)
# Attachments of annual reports: per file, and per report. A request announcing a body bigger than the largest
# file allowed anywhere is refused before it is read (socaid.middleware); the proxy caps it too (docs/deploy.md).
REPORT_ATTACHMENT_MAX_MB = env_int("REPORT_ATTACHMENT_MAX_MB", 10)
REPORT_ATTACHMENTS_PER_REPORT = env_int("REPORT_ATTACHMENTS_PER_REPORT", 20)

# Imports of the bank from spreadsheets: bigger files are refused before a row is read.
IMPORT_MAX_MB = env_int("IMPORT_MAX_MB", 20)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20000)
# What an uploaded file may hold once opened, checked as it is streamed, before any library builds it in memory
# (socaid.upload_limits): a small zip can unpack to gigabytes, a sheet can list millions of empty cells, a CSV
# millions of rows. Office files (imports and report attachments): the bytes all their parts unpack to, and how
# much more than its compressed size a part of over a megabyte may unpack to (text compresses 5 to 20 times).
UPLOAD_MAX_UNZIPPED_MB = env_int("UPLOAD_MAX_UNZIPPED_MB", 200)
UPLOAD_MAX_COMPRESSION_RATIO = env_int("UPLOAD_MAX_COMPRESSION_RATIO", 100)
# Workbooks: cell elements in all sheets, empty ones included (20,000 rows of 50 columns); the shared-strings
# table; how deep elements may nest (a sheet nests 7 deep).
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 1000000)
IMPORT_MAX_SHARED_STRINGS_MB = env_int("IMPORT_MAX_SHARED_STRINGS_MB", 50)
IMPORT_MAX_XML_DEPTH = env_int("IMPORT_MAX_XML_DEPTH", 64)
# CSV files (and the rows of IMPORT_MAX_ROWS): columns in a row, characters in a cell (Excel's own limit).
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 200)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 32767)

# The public side (reporting/public/). The IATI organisation identifier the province reports under
# (iatistandard.org/en/guidance/preparing-organisation/organisation-account/how-to-create-your-org-id/): a
# registration agency's prefix and the body's number there; the demo's is made up.
IATI_REPORTING_ORG_REF = env_str("IATI_REPORTING_ORG_REF") or "VN-CT-SOCAID-DEMO"
# Expressions of interest: a form sent sooner than this after it was shown is a robot's; and how many one address
# may send in an hour.
INTEREST_MIN_FILL_SECONDS = env_int("INTEREST_MIN_FILL_SECONDS", 5)
INTEREST_PER_ADDRESS_PER_HOUR = env_int("INTEREST_PER_ADDRESS_PER_HOUR", 5)

# The public API is read-only and anonymous: no session, so no cookie and no CSRF on it.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "socaid open data",
    "DESCRIPTION": (
        "Projects the province offers to foreign NGOs, and those funded and completed, with the programmes, sectors "
        "and administrative units they use. Read-only and open to anyone; amounts are decimal strings in million VND; "
        "each text field `x` is in Vietnamese and `x_en` in English (empty where not translated). The projects list "
        "takes the public catalogue's filters. The portal's open-data page describes the terms and the other files."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # OpenAPI 3.1: its schemas are JSON Schema, so that a client (and the tests) can check a response with any
    # JSON Schema validator; 3.0's "nullable" is not JSON Schema.
    "OAS_VERSION": "3.1.0",
}

# django-import-export: an import with one bad row saves nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

SIMPLE_HISTORY_REVERT_DISABLED = False

FORMAT_MODULE_PATH = ["socaid.formats"]
