"""Demo accounts and demo NGOs, on top of the seed programme (fixtures/demo.json), and the programme that covers
the year the demo is loaded in."""
import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_noop

from partners.models import NGO, ActivityField, AdministrativeUnit, Membership, NGOContact, NGORegistration, Organisation
from partners.roles import ensure_role_groups
from partners.successions import organisation_successions, unit_successions
from projects.models import Programme, ProgrammeTarget
from projects.services import programme_start, programme_take_over_unfunded, project_update
from projects.services.programmes import next_programme_defaults, take_over_candidates
from socaid.upsert import Upserter

DEMO_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"


@transaction.atomic
def load_demo(path=DEMO_FIXTURE):
    """Create what is missing; an account that exists keeps its password and settings."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    put = Upserter(update=False, reason=gettext_noop("Demo data"))
    groups = ensure_role_groups()
    User = get_user_model()
    created_users = []
    for row in data["accounts"]:
        user = User.objects.filter(username=row["username"]).first()
        if user is None:
            user = User(
                username=row["username"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                email=row["email"],
                # The admin knows no row-level rules: only coordinators and the administrator use it.
                is_staff=row.get("superuser", False) or any(m["role"] == "coordinator" for m in row["memberships"]),
                is_superuser=row.get("superuser", False),
            )
            user.set_password(data["password"])
            user.save()
            created_users.append(user.username)
            for m in row["memberships"]:
                Membership.objects.create(
                    user=user, organisation=Organisation.objects.get(code=m["organisation"]), role=m["role"]
                )
                user.groups.add(groups[m["role"]])

    fields = {f.code: f for f in ActivityField.objects.all()}
    units = {u.code: u for u in AdministrativeUnit.objects.all()}
    for row in data["ngos"]:
        ngo = put(
            NGO,
            {"code": row["code"]},
            {k: row[k] for k in ("name_original", "name", "name_en", "acronym", "kind", "country", "website", "relationship", "notes")},
            m2m={"fields": [fields[c] for c in row["fields"]], "areas": [units[c] for c in row["areas"]]},
        )
        reg = row["registration"]
        put(
            NGORegistration,
            {"kind": reg["kind"], "number": reg["number"]},
            {
                "ngo": ngo,
                "issuer": reg["issuer"],
                "issued_on": datetime.date.fromisoformat(reg["issued_on"]),
                "expires_on": datetime.date.fromisoformat(reg["expires_on"]),
            },
            m2m={"provinces": [units[c] for c in reg["provinces"]], "fields": [fields[c] for c in reg["fields"]]},
        )
        contact = row["contact"]
        put(NGOContact, {"ngo": ngo, "name": contact["name"]}, {"position": contact["position"], "email": contact["email"], "is_primary": True})
    return created_users, put


# The demo's officer of a unit that exists today: UBND thành phố Cần Thơ, which hosts the demo's taken-over projects.
DEMO_OFFICER = "cantho"
DEMO_HOST = "ubnd-can-tho"
# The projects the demo's next programme takes over: those of the former UBND thành phố Sóc Trăng (and, for a
# programme after that, of UBND thành phố Cần Thơ), which UBND thành phố Cần Thơ hosts from then on.
DEMO_TAKEN_OVER_FROM = ("ubnd-tp-soc-trang", DEMO_HOST)
DEMO_NUMBER = "15/CTr-UBND"  # a made-up act: the demo's programmes are no real documents


@transaction.atomic
def load_programme_for(year):
    """The programme covering ``year``: the seed's, or the next ones, started from it through the service the
    coordinator's page uses and taking over some of its unfunded projects. Returns it and whether it was created;
    (None, False) without the seed. Running it again changes nothing."""
    covering = Programme.objects.filter(start_year__lte=year, end_year__gte=year).order_by("start_year").first()
    latest = Programme.objects.order_by("-end_year").first()
    if covering is not None or latest is None or latest.end_year > year:
        return covering, False
    coordinator = get_user_model().objects.get(username="dieuphoi")
    while latest.end_year < year:
        latest = _next_programme(latest, coordinator)
    return latest, True


def _next_programme(previous, coordinator):
    defaults = next_programme_defaults(previous)
    first, last = defaults["fields"]["start_year"], defaults["fields"]["end_year"]
    day = datetime.date(first - 1, 12, 15)  # issued the December before it starts
    agencies = organisation_successions()
    province = unit_successions().successor_on(previous.province, day)
    place = province.name[:1].lower() + province.name[1:]
    fields = defaults["fields"] | {
        "number": DEMO_NUMBER,
        "issued_on": day,
        "issuer": agencies.successor_on(previous.issuer, day),
        "coordinator": agencies.successor_on(previous.coordinator, day),
        "province": province,
        "title": f"Chương trình Tăng cường hợp tác và vận động viện trợ phi chính phủ nước ngoài trên địa bàn {place} giai đoạn {first} - {last}",
        "title_en": f"Programme for strengthening cooperation with and mobilising aid from foreign non-governmental organisations in {province.name_en or province.name}, {first}–{last}",
    }
    targets = [{
        "position": 1, "indicator": ProgrammeTarget.Indicator.NGOS_WITH_PROJECTS, "comparison": ProgrammeTarget.Comparison.MORE_THAN,
        "value": Decimal(25), "target_year": last,
        "text": f"Phấn đấu đến năm {last} thu hút được trên 25 tổ chức PCPNN có chương trình, dự án trên địa bàn {place}.",
        "text_en": f"More than 25 foreign NGOs with programmes or projects in {province.name_en or province.name} by {last}.",
    }]
    programme = programme_start(by=coordinator, fields=fields, sectors=defaults["sectors"], targets=targets)
    host = Organisation.objects.get(code=DEMO_HOST)
    chosen = [
        project.pk
        for project in take_over_candidates(programme).filter(host_agency__code__in=DEMO_TAKEN_OVER_FROM)
        if not project.start_year or host.existed_in_years(project.start_year, project.end_year or project.start_year)
    ]
    if chosen:
        for copy in programme_take_over_unfunded(programme=programme, by=coordinator, chosen=chosen):
            if copy.host_agency_id != host.pk:
                project_update(project=copy, by=coordinator, expected_version=copy.version, fields={"host_agency": host},
                               admin_units=list(copy.admin_units.all()), lines=None)
    return programme
