"""Configuration comes from the environment and fails loudly, in one line, when wrong."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.deploy_doc import documented_environment

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k9$Lq2!vX7#pR4@mZ8&tW1^yB6*nC3(hF5)jD0_gS-aE+uK=iO",
    "ALLOWED_HOSTS": "socaid.example.gov.vn",
    "SITE_URL": "https://socaid.example.gov.vn",
    "DATABASE_URL": "sqlite:////tmp/socaid-deploy-check.sqlite3",
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "SITE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean | env, capture_output=True, text=True, timeout=120
    )


def test_debug_off_without_secret_key_stops_with_one_line():
    result = manage("check", DEBUG="0")
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


@pytest.mark.parametrize("site_url", [None, "socaid.example.gov.vn"])
def test_production_needs_the_site_address_for_its_mails(site_url):
    env = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"} | ({"SITE_URL": site_url} if site_url else {})
    result = manage("check", **env)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "SITE_URL is required when DEBUG is off" in result.stderr


def test_migrations_check_without_any_configuration():
    """A clean checkout checks its migrations as it is; serving still needs the key (the test above)."""
    result = manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.parametrize("url", ["not a url", "mysql://root@localhost/socaid", "postgres://user:pw@host:notaport/db"])
def test_bad_database_url_stops_with_one_line(url):
    result = manage("check", DEBUG="1", DATABASE_URL=url)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "DATABASE_URL" in result.stderr


def test_bad_boolean_is_named():
    result = manage("check", DEBUG="maybe")
    assert result.returncode != 0 and "DEBUG='maybe' is not a boolean" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_documented_environment_passes_the_deploy_check(tmp_path):
    """docs/deploy.md's environment file as written (DEBUG unset), a random key and a SQLite file for the
    database: no warning, no error."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", **documented_environment(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced).", result.stdout


def test_language_and_time_zone():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_database_password_is_not_echoed():
    result = manage("check", DEBUG="1", DATABASE_URL="postgres://user:hunter2@host:notaport/db")
    assert result.returncode != 0 and "hunter2" not in result.stderr and "user:***@" in result.stderr


def test_files_go_to_a_bucket_when_one_is_named():
    """MEDIA_S3_BUCKET makes the default storage django-storages' S3 one with the given endpoint, region and keys
    (nothing is asked of the network); without it files stay in MEDIA_ROOT."""
    script = (
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__module__ + '.' + type(s).__name__, getattr(s, 'bucket_name', ''), getattr(s, 'endpoint_url', ''),"
        " getattr(s, 'region_name', ''), getattr(s, 'access_key', ''), getattr(s, 'location', ''), getattr(s, 'default_acl', ''))"
    )
    bucket = {
        "MEDIA_S3_BUCKET": "socaid-media", "MEDIA_S3_ENDPOINT_URL": "https://s3.example.gov.vn", "MEDIA_S3_REGION": "vn-south-1",
        "MEDIA_S3_ACCESS_KEY_ID": "socaid", "MEDIA_S3_SECRET_ACCESS_KEY": "not-a-real-key", "MEDIA_S3_PREFIX": "media",
    }
    result = manage("shell", "--no-imports", "-c", script, **PRODUCTION, **bucket)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage", "socaid-media", "https://s3.example.gov.vn", "vn-south-1", "socaid", "media", "private",
    ]
    result = manage("shell", "--no-imports", "-c", script, **PRODUCTION)
    assert result.stdout.split()[0] == "django.core.files.storage.filesystem.FileSystemStorage"
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, **bucket)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value, message", [
    ("protected-media", "with a slash at each end"),
    ("/protected-media/", "leave PROTECTED_MEDIA_REDIRECT empty with the bucket"),
])
def test_a_protected_media_location_that_cannot_work_stops_with_one_line(value, message):
    bucket = {"MEDIA_S3_BUCKET": "socaid-media"} if value.startswith("/") else {}
    result = manage("check", PROTECTED_MEDIA_REDIRECT=value, **PRODUCTION, **bucket)
    assert result.returncode != 0 and message in result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr


def test_a_shared_cache_when_one_is_named():
    script = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = manage("shell", "--no-imports", "-c", script, CACHE_REDIS_URL="redis://127.0.0.1:6379/1", **PRODUCTION)
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache", result.stderr
    result = manage("shell", "--no-imports", "-c", script, **PRODUCTION)
    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache", result.stderr
