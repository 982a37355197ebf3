"""The public side's heavy files (the appendix as PDF and Excel, the IATI file), made once per state of the public
data rather than once per request: anyone may ask for them, as often as they like, and a PDF costs the server
seconds. A change of a public project (its version moves on every save through the services, its status on every
step) or of the USD rate makes a new state, so it shows at once; what else a file prints (an organisation's or a
sector's name, edited in the admin) shows within CACHE_SECONDS."""
import hashlib

from django.core.cache import cache

from projects.models import Project, UsdRate

CACHE_SECONDS = 10 * 60


def public_state(projects=None):
    """A fingerprint of the public projects (each one's id, version and status), of those of ``projects`` only if
    given (a programme's, for its appendix: at 100,000 projects the whole bank's takes 100-170 ms), and of the USD
    rate."""
    digest = hashlib.sha256()
    projects = Project.objects.public() if projects is None else projects.public()
    for row in projects.order_by("pk").values_list("pk", "version", "status").iterator(chunk_size=5000):
        digest.update(repr(row).encode())
    rate = UsdRate.objects.current()
    digest.update(repr(rate and (rate.pk, rate.vnd_per_usd, rate.valid_on)).encode())
    return digest.hexdigest()[:24]


def made_once(name, *parts, build, projects=None):
    """``build()``'s bytes for this file (``name`` and ``parts`` name it) and this state of the public data (of
    ``projects``, if the file shows no other)."""
    key = "socaid.public." + ".".join([name, *map(str, parts), public_state(projects)])
    content = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content, CACHE_SECONDS)
    return content
