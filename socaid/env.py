"""Reading settings from the environment, with one-line errors for bad values."""
import os
import re

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def _masked(url):
    """The URL without its password, fit for an error message."""
    return re.sub(r"//([^:@/]*):[^@/]*@", r"//\1:***@", url)


# Writers on SQLite take the write lock when their transaction begins (a deferred transaction that reads, then
# writes, fails at once with "database is locked" instead of waiting), readers never wait for writers (WAL), and a
# writer waits up to the busy timeout for the one before it.
SQLITE_JOURNAL = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"


def database_from_url(url, *, sqlite_timeout=20):
    import dj_database_url

    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except Exception as exc:  # dj-database-url raises several types for bad input
        reason = str(exc).split(". ")[0].rstrip(".")
        raise ImproperlyConfigured(
            f"DATABASE_URL={_masked(url)!r} cannot be parsed ({reason}); expected "
            "sqlite:///path/to/file.sqlite3 or postgres://user:password@host:5432/name."
        ) from None
    engine = config.get("ENGINE", "")
    if engine not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        raise ImproperlyConfigured(
            f"DATABASE_URL={_masked(url)!r} names an unsupported database; socaid runs on SQLite and PostgreSQL."
        )
    if engine == "django.db.backends.sqlite3":
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"DATABASE_URL={_masked(url)!r} has no SQLite file path.")
        config.setdefault("OPTIONS", {}).update(
            transaction_mode="IMMEDIATE", init_command=SQLITE_JOURNAL, timeout=sqlite_timeout
        )
    return config
