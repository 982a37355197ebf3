"""An uploaded file kept between its preview and the user's confirmation, under a random name only the
uploader's session knows; it is removed once applied or replaced by another upload.

A large file previewed by a job is kept apart (JOB_FOLDER), named in the jobs' parameters rather than the session,
which the worker has not; it goes when it is applied or when its jobs expire (socaid.jobs.services)."""
import secrets
import time

from django.contrib.auth.signals import user_logged_out
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.dispatch import receiver

SESSION_KEY = "pending_import"
FOLDER = "imports/pending"
JOB_FOLDER = "imports/jobs"
# A preview not confirmed within this many seconds is gone: its file is removed by the next upload of anyone.
LIFETIME = 3600


def keep(request, content, *, kind, name, programme_id, digest):
    forget(request)
    sweep()
    token = secrets.token_urlsafe(16)
    path = default_storage.save(f"{FOLDER}/{int(time.time())}-{token}.bin", ContentFile(content))
    request.session[SESSION_KEY] = {"path": path, "kind": kind, "name": name, "programme": programme_id, "token": token, "digest": digest}
    return token


def keep_for_job(content):
    """The name under which ``content`` is kept for the jobs that preview and apply it."""
    return default_storage.save(f"{JOB_FOLDER}/{secrets.token_urlsafe(16)}.bin", ContentFile(content))


def kept_for_job(path):
    """The content kept under ``path`` by keep_for_job, or None once it is gone."""
    if not path.startswith(f"{JOB_FOLDER}/"):
        return None
    try:
        with default_storage.open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def discard(path):
    if path.startswith(f"{JOB_FOLDER}/"):
        default_storage.delete(path)


def kept_upload(request, token):
    """The kept upload's details and content, or None when the token is not this session's."""
    kept = request.session.get(SESSION_KEY)
    if not kept or not secrets.compare_digest(kept["token"], token or ""):
        return None, None
    try:
        with default_storage.open(kept["path"], "rb") as handle:
            return kept, handle.read()
    except FileNotFoundError:
        return None, None


def update_digest(request, digest):
    kept = request.session.get(SESSION_KEY)
    if kept:
        request.session[SESSION_KEY] = {**kept, "digest": digest}


def forget(request):
    kept = request.session.pop(SESSION_KEY, None)
    if kept:
        default_storage.delete(kept["path"])


def sweep(now=None):
    """Remove the kept files of previews older than LIFETIME (their names start with the time they were kept)."""
    now = now or time.time()
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        stamp = name.split("-", 1)[0]
        if stamp.isdigit() and now - int(stamp) > LIFETIME:
            default_storage.delete(f"{FOLDER}/{name}")


@receiver(user_logged_out)
def forget_on_sign_out(sender, request, **kwargs):
    if request is not None and hasattr(request, "session"):
        forget(request)
