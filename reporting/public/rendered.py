"""The public side's heavy files (the appendix as PDF and Excel, the IATI file), made once per state of the public
data rather than once per request: anyone may ask for them, as often as they like, and a PDF costs the server
seconds. A change of a public project (its version moves on every save through the services, its status on every
step) or of the USD rate makes a new state, so it shows at once; what else a file prints (an organisation's or a
sector's name, edited in the admin) shows within CACHE_SECONDS."""
import hashlib

from django.core.cache import cache

from projects.models import Project, UsdRate

CACHE_SECONDS = 10 * 60


def public_state():
    """A fingerprint of the public projects (each one's id, version and status) and of the USD rate."""
    digest = hashlib.sha256()
    for row in Project.objects.public().order_by("pk").values_list("pk", "version", "status").iterator(chunk_size=5000):
        digest.update(repr(row).encode())
    rate = UsdRate.objects.current()
    digest.update(repr(rate and (rate.pk, rate.vnd_per_usd, rate.valid_on)).encode())
    return digest.hexdigest()[:24]


def made_once(name, *parts, build):
    """``build()``'s bytes for this file (``name`` and ``parts`` name it) and this state of the public data."""
    key = "socaid.public." + ".".join([name, *map(str, parts), public_state()])
    content = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content, CACHE_SECONDS)
    return content
