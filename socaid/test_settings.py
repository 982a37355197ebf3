"""Settings for the test suite: the real settings plus test-only speed-ups."""
import os

os.environ.setdefault("SITE_URL", "https://socaid.example.gov.vn")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
# Jobs run inside the request that starts them; tests/reporting/test_job_worker.py runs one through the real worker.
os.environ.setdefault("TASKS_BACKEND", "immediate")

from socaid.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
# Every HTML page the suite renders is checked for inline script, which the Content Security Policy would block.
MIDDLEWARE = [*MIDDLEWARE, "tests.support.inline_scripts.NoInlineScriptMiddleware"]  # noqa: F405
