"""The demo's NGO registry (partners/demo_registry.py) and the one thing partners cannot do itself: put the NGO
whose certificate lapsed to work in the province, by a pledge on a current project, so that the certificates'
page has an NGO working without a valid certificate to show."""
from decimal import Decimal

from django.contrib.auth import get_user_model

from partners.demo_registry import load_registry_demo
from projects.models import Project
from projects.models.pipeline import Pledge
from projects.services.pipeline import pledge_record


def load_registry_and_its_work(programme, today):
    lapsed = load_registry_demo(today)
    project = Project.objects.filter(programme=programme, status=Project.Status.PUBLISHED).order_by("code").first() if programme else None
    if lapsed is None or project is None or Pledge.objects.filter(ngo=lapsed).exists():
        return
    coordinator = get_user_model().objects.filter(username="dieuphoi").first()
    if coordinator is None:  # loaded with --no-accounts: the coordinator's step needs the coordinator
        return
    pledge_record(
        project=project, by=coordinator, ngo=lapsed, pledged_on=today, amount=Decimal("50000"), currency="EUR",
        rate_to_vnd=Decimal("28500"), rate_date=today, rate_source="Tỷ giá minh họa (demo)", notes="Dữ liệu minh họa (demo).",
    )
