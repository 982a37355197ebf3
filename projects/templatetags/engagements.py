"""The engagements a project was presented at or concerned by, for its staff page's section
(projects/_engagements.html): read here so that the page's view needs no change, in two queries."""
from django import template
from django.db.models import Prefetch
from django.utils import timezone

from projects.models import Engagement, FollowUp

register = template.Library()


@register.simple_tag
def project_engagements(project):
    today = timezone.localdate()
    engagements = (
        Engagement.objects.filter(projects=project)
        .select_related("organiser")
        .prefetch_related(Prefetch("follow_ups", queryset=FollowUp.objects.open().order_by("due_date", "pk"), to_attr="open_follow_ups"))
        .order_by("-date", "-pk")
    )
    return [(engagement, [(f, f.state(today)) for f in engagement.open_follow_ups]) for engagement in engagements]
