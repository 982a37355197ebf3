"""An uploaded file kept between its preview and the user's confirmation, under a random name only the
uploader's session knows; it is removed once applied or replaced by another upload."""
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

SESSION_KEY = "pending_import"
FOLDER = "imports/pending"


def keep(request, content, *, kind, name, programme_id):
    forget(request)
    token = secrets.token_urlsafe(16)
    path = default_storage.save(f"{FOLDER}/{token}.bin", ContentFile(content))
    request.session[SESSION_KEY] = {"path": path, "kind": kind, "name": name, "programme": programme_id, "token": token}
    return token


def pending(request, token):
    """The kept upload's details and content, or None when the token is not this session's."""
    kept = request.session.get(SESSION_KEY)
    if not kept or not secrets.compare_digest(kept["token"], token or ""):
        return None, None
    try:
        with default_storage.open(kept["path"], "rb") as handle:
            return kept, handle.read()
    except FileNotFoundError:
        return None, None


def forget(request):
    kept = request.session.pop(SESSION_KEY, None)
    if kept:
        default_storage.delete(kept["path"])
