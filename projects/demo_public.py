"""What the demo's public side shows: the running programme's aims, its sectors' DAC codes, the coordinating
department's contact, a USD rate, its taken-over projects published to NGOs (one committed by an NGO of the registry,
one with a contact person) and a few expressions of interest. Dated from the day it is loaded; each part is made
once, so that running the demo again changes nothing."""
import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from partners.models import NGO
from projects.models import Interest, Project, UsdRate
from projects.services import project_commit, project_negotiate, project_publish, project_update
from projects.services.interest_follow_up import interest_mark
from projects.services.rates import usd_rate_set

# A summary of the seed programme's objectives (03/CTr-UBND, part III), carried on to the merged city.
AIMS = (
    "Tăng cường hợp tác và nâng cao hiệu quả sử dụng nguồn viện trợ phi chính phủ nước ngoài (PCPNN), góp phần giảm "
    "nghèo, hướng tới phát triển bền vững và thúc đẩy quan hệ hữu nghị giữa nhân dân thành phố Cần Thơ với nhân dân các nước.\n\n"
    "Chương trình củng cố quan hệ với các tổ chức PCPNN đã và đang hoạt động tại địa phương, mở rộng quan hệ với các tổ "
    "chức có tiềm năng; nâng cao tính chủ động của các sở, ban, ngành, địa phương và tổ chức nhân dân trong việc huy động "
    "viện trợ; ưu tiên nông nghiệp và phát triển nông thôn, an sinh xã hội, giáo dục, y tế, môi trường và ứng phó với biến "
    "đổi khí hậu, cho các vùng khó khăn và vùng đồng bào dân tộc Khmer. Phấn đấu đến năm 2030 thu hút trên 25 tổ chức "
    "PCPNN có chương trình, dự án trên địa bàn."
)
AIMS_EN = (
    "To strengthen cooperation with foreign non-governmental organisations (NGOs) and make better use of their aid, "
    "helping to reduce poverty, moving towards sustainable development and furthering friendship between the people of "
    "Can Tho city and the peoples of other countries.\n\n"
    "The programme consolidates relations with the NGOs already working in the city and seeks new partners; it asks "
    "departments, localities and people's organisations to take the initiative in mobilising aid; its priorities are "
    "agriculture and rural development, social welfare, education, health, the environment and climate change, in "
    "disadvantaged areas and the Khmer communities. By 2030 it aims to have more than 25 foreign NGOs with programmes "
    "or projects in the city."
)
# OECD DAC 5 purpose codes, by the sectors' field of activity, where one clearly fits.
DAC_CODES = {
    "agriculture": "43040",  # rural development
    "social": "16010",  # social protection
    "education": "11120",  # education facilities and training
    "health": "12220",  # basic health care
    "environment": "41010",  # environmental policy and administrative management
    "culture": "16061",  # culture and recreation
}
DEPARTMENT_CONTACT = {  # an obviously made-up address: the demo's department has no real one here
    "address": "Số 2 Hòa Bình, phường Ninh Kiều, thành phố Cần Thơ (địa chỉ minh họa)",
    "phone": "0292 3820 000",
    "email": "socaid-demo@example.gov.vn",
}
USD_RATE = Decimal(26150)
USD_SOURCE = "Ngân hàng Nhà nước Việt Nam – tỷ giá trung tâm (minh họa)"
COMMITTING_NGO = "demo-mekong-green-futures"
PROJECT_CONTACT = {"contact_name": "Nguyễn Thị Minh Thư", "contact_email": "hoptacquocte-demo@example.gov.vn", "contact_phone": "0292 3821 111"}


@transaction.atomic
def load_public_demo(programme, today=None):
    """Fill in what the public side of ``programme`` (the demo's running one) shows; returns what it did."""
    today = today or timezone.localdate()
    done = []
    if programme is None or programme.predecessor_id is None:  # the seed programme is left as its act prints it
        return done
    coordinator = get_user_model().objects.get(username="dieuphoi")
    if not programme.aims and not programme.aims_en:
        programme.aims, programme.aims_en = AIMS, AIMS_EN
        programme.save(update_fields=["aims", "aims_en"])
        done.append("aims")
    for sector in programme.sectors.filter(dac_code="", field__code__in=DAC_CODES).select_related("field"):
        sector.dac_code = DAC_CODES[sector.field.code]
        sector.save(update_fields=["dac_code"])
        done.append("dac")
    department = programme.coordinator
    missing = {name: value for name, value in DEPARTMENT_CONTACT.items() if not getattr(department, name)}
    if missing:
        for name, value in missing.items():
            setattr(department, name, value)
        department._change_reason = "Demo data"
        department.save()
        done.append("department")
    if not UsdRate.objects.exists():
        usd_rate_set(vnd_per_usd=USD_RATE, valid_on=today - datetime.timedelta(days=4), source=USD_SOURCE, by=coordinator)
        done.append("rate")
    published = _publish_taken_over(programme, coordinator)
    if published:
        done.append("published")
        _commit_one(published, coordinator)
        contact = Project.objects.get(pk=published[-1].pk)  # its version as committing one may have left it
        project_update(project=contact, by=coordinator, expected_version=contact.version, fields=PROJECT_CONTACT,
                       admin_units=list(contact.admin_units.all()), lines=None)
    if not Interest.objects.filter(project__programme=programme).exists():
        _interests(programme, coordinator, timezone.now())
        done.append("interests")
    return done


def _publish_taken_over(programme, coordinator):
    """Offer to NGOs the taken-over projects still only accepted; one that lacks what NGOs need stays as it is."""
    published = []
    waiting = programme.projects.filter(status=Project.Status.ACCEPTED, carried_over_from__isnull=False).in_appendix_order()
    for project in waiting:
        try:
            published.append(project_publish(project=project, by=coordinator, comment="Công bố để vận động các tổ chức PCPNN."))
        except ValidationError:
            continue
    return published


def _commit_one(published, coordinator):
    """The first published project in a field the demo NGO works in: negotiated and committed by it."""
    ngo = NGO.objects.filter(code=COMMITTING_NGO).prefetch_related("fields").first()
    if ngo is None:
        return
    fields = {field.pk for field in ngo.fields.all()}
    project = next((p for p in published if p.sector.field_id in fields), None)
    if project is None:
        return
    project = project_negotiate(project=project, by=coordinator, ngo=ngo, comment="Làm việc với tổ chức về nội dung và vốn đối ứng.")
    project_commit(project=project, by=coordinator, ngo=ngo, comment="Tổ chức đã gửi thư cam kết tài trợ.")


def _interests(programme, coordinator, now):
    """Two expressions of interest in projects still sought: a new one, and one the coordinator has contacted."""
    sought = list(programme.projects.filter(status=Project.Status.PUBLISHED).in_appendix_order()[:2])
    if not sought:
        return
    children = NGO.objects.filter(code="demo-children-first-foundation").first()
    rows = [
        dict(project=sought[0], organisation_name="Stichting Mekong Water Partners", country="NL", contact_name="Anna de Vries",
             email="anna.devries@example.org", support=["funding", "technical"], language="en",
             message="We fund small water and sanitation works in the Mekong Delta and would like to know more about the "
                     "counterpart funds and the timetable.", received_at=now - datetime.timedelta(days=2)),
        dict(project=sought[-1], organisation_name="Children First Foundation", country="GB", contact_name="James Holt",
             email="j.holt@example.org", support=["funding"], language="en", ngo=children,
             message="Our board meets next month; we could consider part of the aid sought.", received_at=now - datetime.timedelta(days=9)),
    ]
    made = [Interest.objects.create(sender_key="demo", **row) for row in rows]
    interest_mark(interest=made[1], state=Interest.State.CONTACTED, note="Đã gửi thư giới thiệu dự án và hẹn làm việc trực tuyến.", by=coordinator)
