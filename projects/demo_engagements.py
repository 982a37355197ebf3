"""The demo's workshop: held last month by the coordinating department, three public projects of the running
programme presented to the two demo NGOs, one follow-up action due next week. Made once, through the services;
running the demo again changes nothing."""
import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from partners.models import NGO
from projects.models import Engagement, Project
from projects.services.engagements import engagement_create, follow_up_add

TITLE = "Hội thảo giới thiệu dự án vận động viện trợ phi chính phủ nước ngoài năm {year}"
NGOS = ("demo-mekong-green-futures", "demo-children-first-foundation")


@transaction.atomic
def load_engagements_demo(programme, today=None):
    """The workshop, once; the engagement made, or None when it exists already or nothing can be presented."""
    today = today or timezone.localdate()
    held_on = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=15)  # mid-month, last month
    if programme is None or Engagement.objects.filter(kind=Engagement.Kind.WORKSHOP, title=TITLE.format(year=held_on.year)).exists():
        return None
    projects = list(Project.objects.public().filter(programme=programme).in_appendix_order()[:3])
    ngos = list(NGO.objects.filter(code__in=NGOS).order_by("code"))
    if len(projects) < 3 or not ngos:
        return None
    coordinator = get_user_model().objects.get(username="dieuphoi")
    workshop = engagement_create(
        fields={
            "kind": Engagement.Kind.WORKSHOP,
            "date": held_on,
            "title": TITLE.format(year=held_on.year),
            "place": "Hội trường Sở Tài chính thành phố Cần Thơ (minh họa)",
            "organiser": programme.coordinator,
            "summary": "Sở Tài chính giới thiệu ba dự án đang vận động viện trợ; các tổ chức hỏi về vốn đối ứng và tiến độ. "
                       "Tổ chức Tương lai xanh Mê Kông đề nghị khảo sát thực địa dự án nông nghiệp.",
            "materials": "Bộ tài liệu hội thảo (tiếng Anh)\nDanh mục dự án kèm Chương trình " + programme.number,
        },
        ngos=ngos,
        projects=projects,
        by=coordinator,
    )
    follow_up_add(
        engagement=workshop,
        fields={"action": "Gửi báo cáo nghiên cứu khả thi và kế hoạch vốn đối ứng cho Tổ chức Tương lai xanh Mê Kông",
                "responsible_organisation": projects[0].host_agency, "due_date": today + datetime.timedelta(days=7)},
        by=coordinator,
    )
    return workshop
