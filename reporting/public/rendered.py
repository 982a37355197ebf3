"""The public side's heavy files (the appendix as PDF and Excel, the IATI file), made once per state of the public
data rather than once per request: anyone may ask for them, as often as they like, and a PDF costs the server
seconds. A change of a public project (its version moves on every save through the services, its status on every
step) or of the USD rate makes a new state, so it shows at once; what else a file prints (an organisation's or a
sector's name, edited in the admin) shows within CACHE_SECONDS."""
import hashlib

from django.core.cache import cache
from django.db.models import Count, F, Sum

from projects.models import Project, UsdRate

CACHE_SECONDS = 10 * 60


def public_state(projects=None):
    """A fingerprint of the public projects, of those of ``projects`` only if given (a programme's, for its
    appendix), and of the USD rate.

    Counted by the database, not read: for each public status, how many projects, the sum of their ids, of their
    versions, and of each id times its version. A save moves a project's version on (the sums of versions change),
    a step moves it from one status's figures to another's, a project made public or withdrawn changes its
    status's count; versions only grow, so no two changes cancel out. Reading every public project's id, version
    and status to hash them took 100-170 ms at 100,000 projects, on every request for the IATI file or a long CSV.
    """
    projects = Project.objects.public() if projects is None else projects.public()
    figures = list(
        projects.order_by().values("status")
        .annotate(n=Count("pk"), ids=Sum("pk"), versions=Sum("version"), weighted=Sum(F("pk") * F("version")))
        .order_by("status").values_list("status", "n", "ids", "versions", "weighted")
    )
    rate = UsdRate.objects.current()
    digest = hashlib.sha256(repr((figures, rate and (rate.pk, rate.vnd_per_usd, rate.valid_on))).encode())
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
