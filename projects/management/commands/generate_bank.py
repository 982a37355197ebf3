"""A synthetic project bank for measuring pages at scale: `generate_bank --projects 10000`.

Everything it creates carries the programme code in its own code, so a run
with --replace finds its earlier output again, and the same --seed gives the
same data.
"""
import datetime
import random
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError
from django.test.utils import override_settings

from partners.models import NGO, ActivityField, AdministrativeUnit, Organisation
from projects.models import BudgetLine, Programme, Project, Sector
from projects.search import search_text_for

SEED_PROGRAMME_CODE = "03-ctr-ubnd-2020"
BATCH = 1000
MAX_PROJECTS = 100_000  # keeps every sector's position well inside a small integer
FIRST_YEAR, LAST_YEAR = 2020, 2030
UNIT = Decimal("0.001")

# (numeral, name, name_en, field code, field name, [(project name, in English), ...]) as in the seed's appendix.
SECTORS = [
    ("I", "Lĩnh vực nông nghiệp và phát triển nông thôn", "Agriculture and rural development", "agriculture",
     "Nông, lâm, ngư nghiệp và phát triển nông thôn",
     [("Cánh đồng sản xuất thông minh", "Smart rice field"), ("Trạm bơm điện", "Electric pumping station"),
      ("Tưới phun tự động trên cây trồng", "Automatic sprinkler irrigation")]),
    ("II", "Lĩnh vực an sinh xã hội", "Social welfare", "social", "Giải quyết các vấn đề xã hội",
     [("Cầu thép lắp ghép", "Prefabricated steel bridge"), ("Nhà tình thương", "Houses for poor families"),
      ("Nước sạch nông thôn", "Rural clean water")]),
    ("III", "Lĩnh vực giáo dục và đào tạo", "Education and training", "education", "Giáo dục và đào tạo",
     [("Trường mẫu giáo", "Kindergarten"), ("Phòng học tin học", "Computer classroom"), ("Thư viện trường học", "School library")]),
    ("IV", "Lĩnh vực y tế, chăm sóc sức khỏe nhân dân", "Health and health care", "health", "Y tế",
     [("Trạm y tế xã", "Commune health station"), ("Trang thiết bị y tế", "Medical equipment")]),
    ("V", "Lĩnh vực bảo vệ môi trường, biến đổi khí hậu", "Environmental protection and climate change", "environment",
     "Môi trường, ứng phó với biến đổi khí hậu, phòng chống thiên tai và cứu trợ khẩn cấp",
     [("Hồ điều hòa", "Regulating reservoir"), ("Đèn đường năng lượng mặt trời", "Solar street lights"),
      ("Kè chống sạt lở", "Embankment against erosion")]),
    ("VI", "Lĩnh vực văn hóa, thể thao, du lịch", "Culture, sports and tourism", "culture", "Văn hóa, thể thao và du lịch",
     [("Nhà văn hóa ấp", "Hamlet cultural house"), ("Sân thể thao đa năng", "Multi-purpose sports ground")]),
]
DISTRICT_NAMES = ["Mỹ Hưng", "Long Phú", "Thạnh Trị", "Vĩnh Châu", "Kế Sách", "Cù Lao Dung", "Trần Đề", "Ngã Năm", "An Lạc",
                  "Châu Hưng", "Đại Ngãi"]
COMMUNE_FIRST = ["Phú", "Long", "Mỹ", "An", "Thạnh", "Hòa", "Tân", "Vĩnh", "Đại", "Khánh"]
COMMUNE_SECOND = ["Tân", "Hưng", "Lợi", "Thới", "Phước", "Bình", "Đông", "Tây", "Hiệp", "Điền"]
DEPARTMENTS = ["Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Nông nghiệp và Môi trường", "Sở Văn hóa, Thể thao và Du lịch",
               "Sở Xây dựng", "Sở Nội vụ", "Hội Nông dân", "Hội Liên hiệp Phụ nữ", "Tỉnh đoàn", "Hội Chữ thập đỏ",
               "Liên minh Hợp tác xã", "Ban Dân tộc", "Công an tỉnh", "Trường Cao đẳng Cộng đồng", "Bệnh viện Đa khoa tỉnh",
               "Ban Quản lý dự án tỉnh", "Hội Người mù", "Hội Khuyến học", "Trung tâm Nước sạch nông thôn", "Quỹ Bảo trợ trẻ em"]
COUNTRIES = ["Australia", "Germany", "Japan", "Korea", "United States", "France", "Netherlands", "Czech Republic", "Canada", "Belgium"]


def amount(rng, low, high):
    """Whole millions mostly; a fifth carry thousandths, as some seed figures do."""
    value = Decimal(rng.randint(low, high))
    if rng.random() < 0.2:
        value += Decimal(rng.randint(1, 999)) * UNIT
    return value.quantize(UNIT)


def budget(rng):
    """(total, aid sought, counterpart); one amount in ten unknown, and some lines with none."""
    aid = amount(rng, 50, 30_000)
    counterpart = amount(rng, 0, 8_000) if rng.random() < 0.7 else Decimal("0.000")
    # SQLite keeps fractional decimals as REAL and checks total = aid + counterpart in floating point,
    # so it rejects some exact sums (28740.904 + 5659 = 34399.904): keep thousandths only where floats agree.
    if float(aid) + float(counterpart) != float(aid + counterpart):
        aid, counterpart = aid.to_integral_value().quantize(UNIT), counterpart.to_integral_value().quantize(UNIT)
    total = aid + counterpart
    roll = rng.random()
    if roll < 0.05:
        return None, None, None
    if roll < 0.15:
        unknown = rng.randrange(3)
        return tuple(None if k == unknown else v for k, v in enumerate((total, aid, counterpart)))
    return total, aid, counterpart


class Command(BaseCommand):
    help = "Create a synthetic programme with many projects, for measuring pages. Not for production data."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=10_000)
        parser.add_argument("--ngos", type=int, default=200)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--programme-code", default="synthetic-2026")
        parser.add_argument("--replace", action="store_true", help="Delete this synthetic programme's projects and sectors first.")

    def handle(self, *args, projects, ngos, seed, programme_code, replace, **options):
        if not 1 <= projects <= MAX_PROJECTS or ngos < 0:
            raise CommandError(f"--projects must be 1 to {MAX_PROJECTS} and --ngos not negative.")
        self.code, self.rng = programme_code, random.Random(seed)
        started = time.perf_counter()
        with transaction.atomic():
            programme = Programme.objects.filter(code=programme_code).first()
            if programme and not replace:
                raise CommandError(f"Programme {programme_code!r} already exists; pass --replace to generate it again.")
            if programme:
                self.clear(programme)
            province, districts, communes = self.units()
            programme = self.programme(programme, province)
            sectors = self.sectors(programme)
            agencies = self.agencies(province, districts)
            ngo_rows = self.ngos(ngos)
            made = self.projects(programme, sectors, agencies, communes, ngo_rows, projects)
        self.stdout.write(
            f"Programme {programme_code} (pk {programme.pk}): {len(sectors)} sectors, {made['projects']} projects, "
            f"{made['lines']} budget lines, {made['links']} unit links; {len(agencies)} agencies, "
            f"{1 + len(districts) + len(communes)} units, {len(ngo_rows)} NGOs available; "
            f"{time.perf_counter() - started:.1f} s."
        )

    def clear(self, programme):
        # Deleted synthetic rows are no one's edit: without this every project and line would leave a history row.
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            try:
                BudgetLine.objects.filter(project__programme=programme).delete()
                Project.objects.filter(programme=programme).delete()
                programme.sectors.all().delete()
            except ProtectedError:
                raise CommandError(f"Another record still points at a project of {programme.code!r}; it cannot be replaced.") from None

    def ensure(self, model, rows):
        """Create the rows whose code is missing; an earlier run's rows are reused so codes stay unique."""
        existing = set(model.objects.filter(code__in=[row.code for row in rows]).values_list("code", flat=True))
        model.objects.bulk_create([row for row in rows if row.code not in existing], batch_size=BATCH)
        found = model.objects.in_bulk([row.code for row in rows], field_name="code")
        return [found[row.code] for row in rows]

    def units(self):
        unit, rng = AdministrativeUnit, self.rng
        (province,) = self.ensure(unit, [unit(code=f"{self.code}-province", name="Tỉnh Giả Lập", name_en="Synthetic province",
                                              level=unit.Level.PROVINCE, kind=unit.Kind.PROVINCE)])
        districts = self.ensure(unit, [
            unit(code=f"{self.code}-d{d:02d}", name=f"Huyện {name}", name_en=f"{name} district", parent=province,
                 level=unit.Level.DISTRICT, kind=unit.Kind.TOWN if d == 1 else unit.Kind.DISTRICT)
            for d, name in enumerate(DISTRICT_NAMES, 1)
        ])
        communes = []
        for d, district in enumerate(districts, 1):
            communes += [
                unit(code=f"{district.code}-c{c:02d}", name=f"Xã {COMMUNE_FIRST[c - 1]} {COMMUNE_SECOND[(c + d) % 10]}",
                     name_en=f"{COMMUNE_FIRST[c - 1]} {COMMUNE_SECOND[(c + d) % 10]} commune", parent=district,
                     level=unit.Level.COMMUNE, kind=unit.Kind.COMMUNE,
                     is_khmer_area=rng.random() < 0.3, is_extremely_difficult=rng.random() < 0.15)
                for c in range(1, 11)
            ]
        return province, districts, self.ensure(unit, communes)

    def programme(self, programme, province):
        seed = Programme.objects.filter(code=SEED_PROGRAMME_CODE).select_related("issuer", "coordinator", "province").first()
        if seed:
            issuer, coordinator, province = seed.issuer, seed.coordinator, seed.province
        else:
            org = Organisation
            issuer, coordinator = self.ensure(org, [
                org(code=f"{self.code}-ubnd", name="Ủy ban nhân dân Tỉnh Giả Lập", kind=org.Kind.PEOPLES_COMMITTEE, admin_unit=province),
                org(code=f"{self.code}-so-tai-chinh", name="Sở Tài chính Tỉnh Giả Lập", kind=org.Kind.DEPARTMENT, admin_unit=province),
            ])
        programme = programme or Programme(code=self.code)
        programme.number = f"{self.code[:50]}/GL"
        programme.issued_on = datetime.date(FIRST_YEAR, 1, 1)
        programme.issuer, programme.coordinator, programme.province = issuer, coordinator, province
        programme.title = "Chương trình giả lập để đo hiệu năng"
        programme.title_en = "Synthetic programme for performance measurement"
        programme.start_year, programme.end_year = FIRST_YEAR, LAST_YEAR
        programme.notes = "Generated by manage.py generate_bank; synthetic data, safe to delete."
        programme.save()
        return programme

    def sectors(self, programme):
        fields = {code: ActivityField.objects.get_or_create(code=code, defaults={"name": name})[0]
                  for _, _, _, code, name, _ in SECTORS}
        Sector.objects.bulk_create([
            Sector(programme=programme, position=position, numeral=numeral, name=name, name_en=name_en, field=fields[code])
            for position, (numeral, name, name_en, code, _, _) in enumerate(SECTORS, 1)
        ])
        return list(programme.sectors.order_by("position"))  # read back: primary keys, whatever the database returns

    def agencies(self, province, districts):
        org = Organisation
        rows = [org(code=f"{self.code}-ubnd-d{d:02d}", name=f"Ủy ban nhân dân {district.name.lower()}",
                    short_name=f"UBND {district.name}", kind=org.Kind.PEOPLES_COMMITTEE, admin_unit=district)
                for d, district in enumerate(districts, 1)]
        rows += [org(code=f"{self.code}-org-{k:02d}", name=f"{name} Tỉnh Giả Lập", kind=org.Kind.MASS_ORGANISATION
                     if name.startswith("Hội") else org.Kind.DEPARTMENT, admin_unit=province)
                 for k, name in enumerate(DEPARTMENTS, 1)]
        return self.ensure(org, rows)

    def ngos(self, count):
        rng = self.rng
        rows = self.ensure(NGO, [
            NGO(code=f"{self.code}-ngo-{k:04d}", name_original=f"Synthetic Foundation {k}", name=f"Quỹ giả lập số {k}",
                kind=rng.choice(NGO.Kind.values), country=rng.choice(COUNTRIES), relationship=rng.choice(NGO.Relationship.values))
            for k in range(1, count + 1)
        ])
        fields = list(ActivityField.objects.values_list("pk", flat=True))
        through = NGO.fields.through
        linked = set(through.objects.filter(ngo__in=rows).values_list("ngo_id", flat=True))
        # Drawn for every NGO, linked or not, so a rerun draws the same numbers for the projects after it.
        picks = [(ngo, rng.sample(fields, min(2, len(fields)))) for ngo in rows]
        through.objects.bulk_create([
            through(ngo_id=ngo.pk, activityfield_id=field) for ngo, chosen in picks if ngo.pk not in linked for field in chosen
        ], batch_size=BATCH)
        return rows

    def projects(self, programme, sectors, agencies, communes, ngos, count):
        rng, statuses = self.rng, Project.Status
        funded = {statuses.COMMITTED, statuses.APPROVED, statuses.IMPLEMENTING, statuses.COMPLETED}
        by_district = {}
        for commune in communes:
            by_district.setdefault(commune.parent_id, []).append(commune)
        positions = dict.fromkeys(sectors, 0)
        rows, plans = [], []
        for i in range(1, count + 1):
            sector = rng.choice(sectors)
            positions[sector] += 1
            agency = rng.choice(agencies)
            # A district's committee proposes for its own communes; departments anywhere in the province.
            pool = by_district.get(agency.admin_unit_id) or communes
            places = rng.sample(pool, rng.choice((1, 1, 1, 2)))
            name, name_en = rng.choice(SECTORS[sector.position - 1][5])
            where = ", ".join(place.name for place in places)
            start = rng.randint(FIRST_YEAR, LAST_YEAR) if rng.random() < 0.97 else None
            status = rng.choice(statuses.values)
            project = Project(
                code=f"{self.code}-{i:05d}", programme=programme, sector=sector, position=positions[sector], host_agency=agency,
                name=f"{name} {where} số {rng.randint(1, 99)}", name_en=f"{name_en}, {places[0].name_en}",
                location_text=where, location_text_en=places[0].name_en,
                content=f"{name} phục vụ khoảng {rng.randint(50, 3000)} hộ dân", content_en=f"{name_en} for local households",
                start_year=start, end_year=start and min(LAST_YEAR, start + rng.randint(0, 4)), status=status,
                ngo=rng.choice(ngos) if status in funded and ngos else None,
            )
            project.search_text = search_text_for(project)
            rows.append(project)
            plans.append(places)
        Project.objects.bulk_create(rows, batch_size=BATCH)
        # SQLite before 3.35 returns no primary keys from bulk_create, so read them back by code.
        ids = dict(Project.objects.filter(programme=programme).values_list("code", "pk"))
        lines = [
            BudgetLine(project_id=ids[project.code], position=position, **dict(zip(("total", "aid_sought", "counterpart"), budget(rng))))
            for project in rows for position in range(1, rng.choice((1, 1, 1, 2, 3)) + 1)
        ]
        BudgetLine.objects.bulk_create(lines, batch_size=BATCH)
        through = Project.admin_units.through
        links = [
            through(project_id=ids[project.code], administrativeunit_id=place.pk) for project, places in zip(rows, plans) for place in places
        ]
        through.objects.bulk_create(links, batch_size=BATCH)
        return {"projects": len(rows), "lines": len(lines), "links": len(links)}
