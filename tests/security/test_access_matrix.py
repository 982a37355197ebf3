"""Every view of the URL configuration, for every role and both methods, probed as an attacker would: who gets in,
who is sent to sign in, who is refused, and that a refused POST changes nothing, whatever it carries.

The views are read from the URL configuration itself: a view added without a rule in RULES fails the test."""
import datetime
import time
import uuid
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from partners.models import (
    NGO,
    AdministrativeUnit,
    Membership,
    NGOContact,
    NGORegistration,
    NGOSecurityOpinion,
    Organisation,
    UnitSuccession,
)
from projects.models import (
    BudgetLine,
    Engagement,
    FollowUp,
    ImportRecord,
    Interest,
    PlanTask,
    Programme,
    ProgrammeTarget,
    Project,
    ProjectEvent,
    Sector,
    TaskProgress,
    UsdRate,
)
from projects.models.pipeline import Agreement, CounterpartFunds, Disbursement, Pledge
from reporting import services
from reporting.models import AnnualReport, ReportAttachment, ReportEvent, ReportingRound
from reporting.public.interest_form import fill_token
from socaid.jobs.models import Job
from tests.support.bank_fixtures import ROLES as BANK_ROLES
from tests.support.bank_fixtures import make_draft
from tests.support.rounds import open_round

pytestmark = pytest.mark.django_db

# Outcomes. OK: the role got past the permission check (2xx, 3xx elsewhere than the sign-in page, or 400 for a
# form it may send but sent wrong). LOGIN: sent to sign in. The others are the status codes themselves.
OK, LOGIN = "ok", "sign-in"
ROLES = ("anonymous", "nobody", "viewer", "reviewer", "officer_a", "officer_b", "coordinator", "admin")
AGENCY_A, AGENCY_B = "ubnd-huyen-chau-thanh", "hoi-nong-dan-soc-trang"
AGENCY_C = "so-tai-chinh-can-tho"  # one that may still report in the round's year, after the 2025 reform
PUBLIC_PROJECT = "03-2020-i-01"  # published to NGOs in the seed

# Included URL configurations that are not ours, each with why its own tests are elsewhere.
SKIPPED = {
    "admin": "the admin checks is_staff and each model permission itself; tests/projects/test_admin.py and "
    "tests/socaid/test_control_characters.py probe it, and the URLconf has no static or jsi18n view (WhiteNoise "
    "serves the static files before any URL is resolved)",
}


def roles(default, **given):
    """The outcome for each role: ``default`` unless ``given``."""
    assert set(given) <= set(ROLES), set(given) - set(ROLES)
    return {role: given.get(role, default) for role in ROLES}


SIGNED_IN = roles(OK, anonymous=LOGIN)  # anyone signed in, a role or none
BANK = roles(OK, anonymous=LOGIN, nobody=403)  # anyone with a role
COORDINATOR = roles(403, anonymous=LOGIN, coordinator=OK, admin=OK)
POST_ONLY = roles(405, anonymous=LOGIN)
GET_ONLY = POST_ONLY  # the same outcomes, for the other method
SUMMARIES = roles(403, anonymous=LOGIN, viewer=OK, coordinator=OK, admin=OK)  # the leadership and the coordinators
# A's draft: its own officers and the coordinators; anyone else with a role is told it does not exist.
A_DRAFT = roles(404, anonymous=LOGIN, nobody=403, officer_a=OK, coordinator=OK, admin=OK)
# A's report in the round: its own officers and the coordinators; anyone else with a role is told, as for A's
# draft, that it does not exist.
A_REPORT = roles(404, anonymous=LOGIN, nobody=403, officer_a=OK, coordinator=OK, admin=OK)
REGISTRY = roles(403, anonymous=LOGIN, viewer=OK, reviewer=OK, coordinator=OK, admin=OK)  # who reads the NGO registry
CERTIFICATE = {"kind": "operation", "issuer": "Bộ Ngoại giao", "issued_on": "01/06/2024", "expires_on": "31/05/2027"}
# A task's yearly progress: the unit that leads it (the reviewer's Finance department, task 5) and the coordinator
# write it; the leadership reads it; other units are refused.
PROGRESS_READ = roles(403, anonymous=LOGIN, viewer=OK, reviewer=OK, coordinator=OK, admin=OK)
PROGRESS_WRITE = roles(403, anonymous=LOGIN, reviewer=OK, coordinator=OK, admin=OK)
PROGRESS_YEAR = 2024
IMPORT_JOB = roles(403, anonymous=LOGIN, coordinator=OK)  # an import's jobs: the coordinator who asked for them
# A background job's page and file: its requester's alone (the viewer's, in the scene), while they may read it.
MY_JOB = roles(403, anonymous=LOGIN, viewer=OK)


@dataclass
class Rule:
    get: dict
    post: dict
    kwargs: object = None  # scene -> the URL's arguments
    data: object = None  # scene -> the POST a user allowed in would send; the probe also sends it empty


RULES = {
    # The public side: anyone reads it; its pages take no POST.
    "public:entrance": Rule(get=roles(OK), post=roles(405)),
    "public:home": Rule(get=roles(OK), post=roles(405), kwargs=lambda s: {"lang": "en"}),
    "public:catalogue": Rule(get=roles(OK), post=roles(405), kwargs=lambda s: {"lang": "vi"}),
    "public:sitemap": Rule(get=roles(OK), post=roles(405)),
    "public:sitemap_file": Rule(get=roles(OK), post=roles(405), kwargs=lambda s: {"number": 1}),
    "public:robots": Rule(get=roles(OK), post=roles(405)),
    # Open data: files and a read-only API anyone reads; DRF answers 405 to a POST on a read-only endpoint (even
    # for an id nobody has, hence the sector's id as text: the crossed-ids probe expects 404 from whole numbers).
    "public:catalogue_csv": Rule(get=roles(OK), post=roles(405), kwargs=lambda s: {"lang": "vi"}),
    "public:open_data": Rule(get=roles(OK), post=roles(405), kwargs=lambda s: {"lang": "en"}),
    "public:iati": Rule(get=roles(OK), post=roles(405)),
    "api:schema": Rule(get=roles(OK), post=roles(405)),
    "api:project-list": Rule(get=roles(OK), post=roles(405)),
    "api:project-detail": Rule(get=roles(OK), post=roles(405), kwargs=lambda s: {"code": PUBLIC_PROJECT}),
    "api:programme-list": Rule(get=roles(OK), post=roles(405)),
    "api:programme-detail": Rule(get=roles(OK), post=roles(405), kwargs=lambda s: {"code": "03-ctr-ubnd-2020"}),
    "api:sector-list": Rule(get=roles(OK), post=roles(405)),
    "api:sector-detail": Rule(get=roles(OK), post=roles(405), kwargs=lambda s: {"pk": str(Sector.objects.order_by("pk").first().pk)}),
    "api:unit-list": Rule(get=roles(OK), post=roles(405)),
    "api:unit-detail": Rule(get=roles(OK), post=roles(405), kwargs=lambda s: {"code": "soc-trang"}),
    # A published project of the seed. Its interest form takes a POST from anyone: refused (400) when empty, sent
    # (a redirect to the acknowledgement) with the data below.
    "public:project": Rule(get=roles(OK), post=roles(405), kwargs=lambda s: {"lang": "en", "code": PUBLIC_PROJECT}),
    "public:interest": Rule(
        get=roles(OK), post=roles(OK), kwargs=lambda s: {"lang": "vi", "code": PUBLIC_PROJECT},
        data=lambda s: {
            "organisation_name": "Oxfam", "country": "GB", "contact_name": "Jo Smith", "email": "jo@example.org",
            "support": ["funding"], "started": fill_token(PUBLIC_PROJECT, now=time.time() - 60),
        },
    ),
    "public:interest_sent": Rule(get=roles(OK), post=roles(405), kwargs=lambda s: {"lang": "en", "code": PUBLIC_PROJECT}),
    "login": Rule(get=roles(OK), post=roles(OK), data=lambda s: {"username": "x", "password": "y"}),
    "logout": Rule(get=roles(405, anonymous=LOGIN), post=roles(OK, anonymous=LOGIN)),
    "set_language": Rule(get=roles(OK), post=roles(OK), data=lambda s: {"language": "en", "next": "/bank/"}),
    "healthz": Rule(get=roles(OK), post=roles(OK)),
    "favicon": Rule(get=roles(OK), post=roles(OK)),
    "projects:bank": Rule(get=BANK, post=BANK),
    "projects:create": Rule(
        get=roles(403, anonymous=LOGIN, officer_a=OK, officer_b=OK, coordinator=OK, admin=OK),
        post=roles(403, anonymous=LOGIN, officer_a=OK, officer_b=OK, coordinator=OK, admin=OK),
        data=lambda s: {"name": "Dự án chen ngang", "host_agency": s.a.pk},
    ),
    "projects:import": Rule(get=COORDINATOR, post=COORDINATOR, data=lambda s: {"kind": "bank", "file": SimpleUploadedFile("x.csv", b"code\n")}),
    "projects:import_confirm": Rule(get=POST_ONLY, post=COORDINATOR, data=lambda s: {"token": "x"}),
    "projects:import_template": Rule(get=COORDINATOR, post=COORDINATOR),
    # An import made by jobs: its pages are the requesting coordinator's alone.
    "projects:import_job_preview": Rule(get=IMPORT_JOB, post=IMPORT_JOB, kwargs=lambda s: {"pk": s.import_preview.pk}),
    "projects:import_job_confirm": Rule(get=POST_ONLY, post=IMPORT_JOB, kwargs=lambda s: {"pk": s.import_preview.pk}),
    "projects:import_job_done": Rule(get=IMPORT_JOB, post=IMPORT_JOB, kwargs=lambda s: {"pk": s.import_applied.pk}),
    "projects:registry_export": Rule(get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"kind": "ngos", "extension": "xlsx"}),
    "projects:detail": Rule(get=A_DRAFT, post=A_DRAFT, kwargs=lambda s: {"pk": s.draft.pk}),
    "projects:edit": Rule(get=A_DRAFT, post=A_DRAFT, kwargs=lambda s: {"pk": s.draft.pk}, data=lambda s: {"name": "Đã sửa", "version": s.draft.version}),
    "projects:restore": Rule(
        get=A_DRAFT, post=A_DRAFT, kwargs=lambda s: {"pk": s.draft.pk, "history_id": s.draft.history.earliest().history_id},
        data=lambda s: {"version": s.draft.version},
    ),
    "projects:step": Rule(get=POST_ONLY, post=A_DRAFT, kwargs=lambda s: {"pk": s.draft.pk, "action": "submit"}, data=lambda s: {"comment": "Gửi"}),
    # Only a reviewer or a coordinator gives an opinion, on a proposal everyone with a role can read.
    "projects:opinion": Rule(
        get=POST_ONLY, post=roles(403, anonymous=LOGIN, reviewer=OK, coordinator=OK, admin=OK),
        kwargs=lambda s: {"pk": s.proposal.pk}, data=lambda s: {"topic": "other", "verdict": "agree", "comment": "Đồng ý"},
    ),
    "reporting:appendix": Rule(get=BANK, post=BANK),
    "reporting:plan": Rule(get=BANK, post=BANK),
    "reporting:summary": Rule(get=SUMMARIES, post=SUMMARIES),
    "reporting:map": Rule(get=SUMMARIES, post=SUMMARIES),
    "reporting:dashboard": Rule(get=SUMMARIES, post=SUMMARIES),
    "reporting:dashboard_rows": Rule(get=SUMMARIES, post=SUMMARIES),
    "reporting:rounds": Rule(get=BANK, post=COORDINATOR, data=lambda s: {"programme": s.round.programme_id, "year": 2019, "grace_days": 0, "reminders": "7"}),
    "reporting:round": Rule(get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"pk": s.round.pk}),
    "reporting:round_units": Rule(get=POST_ONLY, post=COORDINATOR, kwargs=lambda s: {"pk": s.round.pk}, data=lambda s: {"add": [s.c.pk]}),
    "reporting:report": Rule(
        get=A_REPORT, post=A_REPORT, kwargs=lambda s: {"pk": s.round.pk, "unit": s.a.pk},
        data=lambda s: {"version": s.report.version, "results": "Đã sửa"},
    ),
    "reporting:report_start": Rule(get=POST_ONLY, post=A_REPORT, kwargs=lambda s: {"pk": s.round.pk, "unit": s.a.pk}),
    "reporting:report_submit": Rule(
        get=A_REPORT, post=A_REPORT, kwargs=lambda s: {"pk": s.round.pk, "unit": s.a.pk}, data=lambda s: {"version": s.report.version},
    ),
    "reporting:attachment": Rule(get=A_REPORT, post=A_REPORT, kwargs=lambda s: {"pk": s.round.pk, "unit": s.a.pk, "attachment": s.attachment.pk}),
    "reporting:attachment_remove": Rule(
        get=POST_ONLY, post=A_REPORT, kwargs=lambda s: {"pk": s.round.pk, "unit": s.a.pk, "attachment": s.attachment.pk},
    ),
    # Returning, accepting and reopening are the coordinator's, though the unit's officers read the report.
    "reporting:report_step": Rule(
        get=POST_ONLY, post=roles(404, anonymous=LOGIN, nobody=403, officer_a=403, coordinator=OK, admin=OK),
        kwargs=lambda s: {"pk": s.round.pk, "unit": s.a.pk, "action": "accept"}, data=lambda s: {"comment": "Được"},
    ),
    # Programmes are started, and projects taken over into them, by the coordinator alone.
    "projects:programmes": Rule(get=COORDINATOR, post=COORDINATOR),
    "projects:programme_start": Rule(get=COORDINATOR, post=COORDINATOR, data=lambda s: {"number": "99/CTr-UBND", "start_year": 2026}),
    "projects:programme_take_over": Rule(
        get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"pk": s.next_programme.pk}, data=lambda s: {"projects": [s.draft.pk]},
    ),
    # Everyone with a role reads the administrative units; only the coordinator records who succeeded whom.
    "partners:units": Rule(get=BANK, post=BANK),
    "partners:unit": Rule(get=BANK, post=BANK, kwargs=lambda s: {"pk": s.former.pk}),
    "partners:successor_add": Rule(
        get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"pk": s.former.pk},
        data=lambda s: {"other": s.succession.successor_id, "extent": "part", "effective_on": "01/07/2025", "legal_act": "NQ", "act_date": "16/06/2025"},
    ),
    "partners:predecessor_add": Rule(get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"pk": s.succession.successor_id}),
    "partners:succession_edit": Rule(
        get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"pk": s.former.pk, "succession_pk": s.succession.pk},
        data=lambda s: {"other": s.succession.successor_id, "extent": "part", "effective_on": "01/07/2025", "legal_act": "NQ", "act_date": "16/06/2025"},
    ),
    "partners:succession_delete": Rule(get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"pk": s.former.pk, "succession_pk": s.succession.pk}),
    # NGOs' expressions of interest and the USD rate are the coordinator's to follow up and set; the list is read only.
    "projects:interests": Rule(get=COORDINATOR, post=roles(405, anonymous=LOGIN)),
    "projects:interest": Rule(
        get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"pk": s.interest.pk},
        data=lambda s: {"action": "mark", "state": "contacted", "note": "Đã gọi điện"},
    ),
    "projects:usd_rate": Rule(get=COORDINATOR, post=COORDINATOR, data=lambda s: {"vnd_per_usd": "26.150", "valid_on": "01/11/2026", "source": "NHNN"}),
    "public:appendix": Rule(get=roles(OK), post=roles(405), kwargs=lambda s: {"lang": "en", "format": "xlsx"}),
    # The NGO registry: the coordinator keeps it, reviewers and the leadership read it, officers do not open it
    # (partners/ngo_access.py). Security opinions: the coordinator, the police's reviewers (the matrix's reviewer
    # is Finance's, refused) and the administrator.
    "ngos:list": Rule(get=REGISTRY, post=REGISTRY),
    "ngos:detail": Rule(get=REGISTRY, post=REGISTRY, kwargs=lambda s: {"pk": s.ngo.pk}),
    "ngos:create": Rule(get=COORDINATOR, post=COORDINATOR, data=lambda s: {"code": "probe-ngo", "name_original": "Probe", "kind": "ngo", "relationship": "prospective"}),
    "ngos:edit": Rule(get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"pk": s.ngo.pk}, data=lambda s: {"code": s.ngo.code, "name_original": "Đã sửa", "kind": "ngo", "relationship": "traditional"}),
    "ngos:contact_add": Rule(get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"pk": s.ngo.pk}, data=lambda s: {"office": "vietnam", "name": "Probe"}),
    "ngos:contact_edit": Rule(get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"pk": s.ngo.pk, "contact_pk": s.contact.pk}, data=lambda s: {"office": "head_office", "name": "Đã sửa"}),
    "ngos:registration_add": Rule(get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"pk": s.ngo.pk}, data=lambda s: CERTIFICATE | {"number": "PROBE-2"}),
    "ngos:registration_edit": Rule(get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"pk": s.ngo.pk, "registration_pk": s.registration.pk}, data=lambda s: CERTIFICATE | {"number": "PROBE-3"}),
    "ngos:registration_renew": Rule(get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"pk": s.ngo.pk, "registration_pk": s.registration.pk}, data=lambda s: CERTIFICATE | {"number": "PROBE-4", "issued_on": "01/06/2027", "expires_on": "31/05/2030"}),
    "ngos:security_opinion": Rule(
        get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"pk": s.ngo.pk},
        data=lambda s: {"given_by": Organisation.objects.get(code="cong-an-soc-trang").pk, "given_on": "01/11/2026", "verdict": "agree", "text": "Đồng ý"},
    ),
    "reporting:ngo_certificates": Rule(get=REGISTRY, post=REGISTRY),
    # Engagements with NGOs: everyone with a role reads them and takes the workshop pack; the coordinator records them.
    "projects:engagements": Rule(get=BANK, post=GET_ONLY),
    "projects:engagement": Rule(get=BANK, post=GET_ONLY, kwargs=lambda s: {"pk": s.engagement.pk}),
    "projects:engagement_create": Rule(get=COORDINATOR, post=COORDINATOR, data=lambda s: engagement_data(s)),
    "projects:engagement_edit": Rule(get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"pk": s.engagement.pk}, data=lambda s: engagement_data(s)),
    "projects:follow_up_add": Rule(
        get=POST_ONLY, post=COORDINATOR, kwargs=lambda s: {"pk": s.engagement.pk},
        data=lambda s: {"action": "Gửi hồ sơ", "responsible_person": "Chị Lan", "due_date": "01/12/2026"},
    ),
    "projects:follow_up_done": Rule(get=POST_ONLY, post=COORDINATOR, kwargs=lambda s: {"pk": s.follow_up.pk}, data=lambda s: {"done_on": "01/12/2026"}),
    "projects:plan_progress": Rule(get=BANK, post=GET_ONLY),
    "projects:task_progress": Rule(
        get=PROGRESS_READ, post=PROGRESS_WRITE, kwargs=lambda s: {"task": s.task.pk, "year": PROGRESS_YEAR},
        data=lambda s: {"version": 0, "done": "Đã bố trí vốn đối ứng", "submit": "1"},
    ),
    "projects:task_progress_review": Rule(
        get=POST_ONLY, post=COORDINATOR, kwargs=lambda s: {"pk": s.progress.pk}, data=lambda s: {"version": s.progress.version, "accept": "1"},
    ),
    "reporting:workshop_pack": Rule(get=BANK, post=GET_ONLY, kwargs=lambda s: {"pk": s.engagement.pk}),
    # Background jobs: everyone signed in has a list of their own; a job is its requester's.
    "jobs:list": Rule(get=SIGNED_IN, post=SIGNED_IN),
    "jobs:job": Rule(get=MY_JOB, post=MY_JOB, kwargs=lambda s: {"pk": s.job.pk}),
    "jobs:file": Rule(get=MY_JOB, post=MY_JOB, kwargs=lambda s: {"pk": s.job.pk}),
    "jobs:cancel": Rule(get=POST_ONLY, post=MY_JOB, kwargs=lambda s: {"pk": s.job.pk}),
    "jobs:retry": Rule(get=POST_ONLY, post=MY_JOB, kwargs=lambda s: {"pk": s.job.pk}),
    # The pipeline of a project offered to NGOs, which everyone with a role reads: the coordinator records pledges,
    # agreements, approvals and disbursements; the Finance department's reviewer the counterpart funds as well.
    "projects:pipeline": Rule(
        get=COORDINATOR, post=COORDINATOR, kwargs=lambda s: {"pk": s.published.pk, "step": "agreement"},
        data=lambda s: {"agreement-ngo": NGO.objects.order_by("pk").first().pk, "agreement-signed_on": "01/03/2025", "agreement-amount": "1.000",
                        "agreement-currency": "USD", "agreement-rate_to_vnd": "25.400", "agreement-rate_date": "01/03/2025"},
    ),
}
# The counterpart funds' form, for the Finance department's reviewer too (a second URL of the same view).
COUNTERPART = roles(403, anonymous=LOGIN, reviewer=OK, coordinator=OK, admin=OK)


def engagement_data(s):
    return {"kind": "meeting", "date": "05/11/2026", "title": "Họp với NGO", "organiser": s.a.pk, "projects": [s.proposal.pk]}


def url_keys(resolver=None, namespace=""):
    """Each view of the URL configuration by its name (with its namespace), or by its route when it has none."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_keys(entry, inner)
        else:
            assert isinstance(entry, URLPattern)
            yield f"{namespace}{entry.name}" if entry.name else "/" + str(entry.pattern)


def test_every_view_of_the_url_configuration_has_a_rule():
    keys = list(url_keys())
    assert len(keys) == len(set(keys))
    assert sorted(set(keys) - set(RULES)) == [], "a view without a rule in RULES"
    assert sorted(set(RULES) - set(keys)) == [], "a rule for a view the URL configuration no longer has"


def test_the_skipped_configurations_exist():
    """A reason to skip is kept only for what is really there."""
    namespaces = {entry.namespace for entry in get_resolver().url_patterns if isinstance(entry, URLResolver)}
    assert set(SKIPPED) <= namespaces


@pytest.fixture
def scene(programme, next_programme):
    User = get_user_model()
    people = {"nobody": User.objects.create_user("probe-nobody"), "admin": User.objects.create_user("probe-admin", is_superuser=True, is_staff=True)}
    for role, (membership, code) in {
        "viewer": BANK_ROLES["viewer"], "reviewer": BANK_ROLES["reviewer"], "officer_a": ("officer", AGENCY_A),
        "officer_b": ("officer", AGENCY_B), "coordinator": BANK_ROLES["coordinator"],
    }.items():
        people[role] = User.objects.create_user(f"probe-{role}")
        Membership.objects.create(user=people[role], organisation=Organisation.objects.get(code=code), role=membership)
    a, b, c = (Organisation.objects.get(code=code) for code in (AGENCY_A, AGENCY_B, AGENCY_C))
    draft = make_draft(AGENCY_A, "Dự án nháp của A")
    proposal = make_draft(AGENCY_A, "Dự án A đã gửi", status=Project.Status.PROPOSED)
    round_ = open_round(programme, people["coordinator"], [a, b])
    report = services.report_start(round_=round_, organisation=a, by=people["officer_a"])
    attachment = services.report_attach(report=report, by=people["officer_a"], upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"))
    report.refresh_from_db()
    interest = Interest.objects.create(
        project=proposal, organisation_name="Probe NGO", country="DE", contact_name="Probe", email="probe@example.org", language="en", sender_key="x",
    )
    ngo, other_ngo = (NGO.objects.create(code=f"probe-{n}", name_original=f"Probe NGO {n}") for n in (1, 2))
    contact, other_contact = (NGOContact.objects.create(ngo=owner, name="Probe contact") for owner in (ngo, other_ngo))
    registration, other_registration = (
        NGORegistration.objects.create(ngo=owner, kind="operation", number=f"PROBE-1{owner.pk}", issued_on=datetime.date(2024, 6, 1), expires_on=datetime.date(2027, 5, 31))
        for owner in (ngo, other_ngo)
    )
    published = Project.objects.get(code=PUBLIC_PROJECT)
    former = AdministrativeUnit.objects.get(code="soc-trang-chau-thanh-phu-tan")
    succession = former.successions_out.get()
    engagement = Engagement.objects.create(kind="workshop", date=datetime.date(2026, 10, 1), organiser=a, title="Hội thảo thử")
    follow_up = FollowUp.objects.create(engagement=engagement, action="Gọi điện", responsible_person="Anh Minh", due_date=datetime.date(2026, 11, 1))
    task = PlanTask.objects.get(programme=programme, position=5)
    progress = TaskProgress.objects.create(
        task=task, year=PROGRESS_YEAR - 1, organisation=task.lead, done="Bố trí vốn", state="submitted", recorded_at=timezone.now(), version=1,
    )
    import_preview, import_applied = import_jobs(programme, people["coordinator"])
    job = Job.objects.create(kind="appendix", title="Danh mục", requested_by=people["viewer"], params={"query": "", "format": "pdf"},
                             state=Job.State.DONE, expires_at=timezone.now() + datetime.timedelta(days=7))
    Job.objects.filter(pk=job.pk).update(file=default_storage.save(f"jobs/{job.pk}/a.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n")), file_name="a.pdf")
    public_job = Job.objects.create(kind="public-appendix", title="Danh mục", public_key="appendix.probe", params={},
                                    state=Job.State.DONE, expires_at=timezone.now() + datetime.timedelta(days=7))
    return SimpleNamespace(
        import_preview=import_preview, import_applied=import_applied, job=job, public_job=public_job, engagement=engagement, follow_up=follow_up, task=task, progress=progress,
        people=people, a=a, b=b, c=c, draft=draft, proposal=proposal, round=round_, report=report, attachment=attachment,
        former=former, succession=succession, next_programme=next_programme, interest=interest, ngo=ngo, contact=contact,
        registration=registration, other_contact=other_contact, other_registration=other_registration, published=published,
    )


def import_jobs(programme, coordinator):
    """A large import's preview made by a job, its file kept, and an import applied by another."""
    from projects.import_jobs import APPLY, PREVIEW, start_preview
    from projects.imports.flat_export import bank_flat_csv

    with translation.override("vi"):
        content = bank_flat_csv(Project.objects.filter(programme=programme))
    preview = start_preview(content, by=coordinator, kind="bank", name="bank.csv", programme=programme)
    applied = Job.objects.create(
        kind=APPLY, requested_by=coordinator, title="x", state=Job.State.DONE, expires_at=timezone.now() + datetime.timedelta(days=1),
        outcome={"file": "bank.csv", "created": 0, "updated": 0, "unchanged": 25}, params={"preview": str(preview.pk)},
    )
    preview.refresh_from_db()
    assert preview.kind == PREVIEW and preview.state == Job.State.DONE
    return preview, applied


def state(scene):
    """What a refused request must leave as it was: how many rows of each kind, and the scene's own rows."""
    counted = [Project, Project.history.model, BudgetLine, ProjectEvent, ImportRecord, NGO, Organisation, Membership,
               ReportingRound, ReportingRound.units.through, AnnualReport, ReportEvent, ReportAttachment, get_user_model(), Group,
               UnitSuccession, UnitSuccession.history.model, Programme, Sector, ProgrammeTarget, Interest, Interest.history.model,
               UsdRate, NGOContact, NGORegistration, NGORegistration.history.model, NGOSecurityOpinion, NGO.history.model,
               Engagement, Engagement.history.model, FollowUp, Pledge, Agreement, Disbursement, CounterpartFunds, TaskProgress,
               TaskProgress.history.model, Job]
    return {
        "counts": {model.__name__: model.objects.count() for model in counted},
        "projects": list(Project.objects.filter(pk__in=[scene.draft.pk, scene.proposal.pk]).order_by("pk").values_list("status", "version", "name")),
        "report": list(AnnualReport.objects.order_by("pk").values_list("status", "version", "results")),
        "jobs": list(Job.objects.order_by("pk").values_list("state", "cancel_requested", "file")),
        "users": list(get_user_model().objects.order_by("pk").values_list("username", "is_staff", "is_superuser", "is_active")),
        "successions": list(UnitSuccession.objects.order_by("pk").values_list("predecessor", "successor", "extent", "legal_act")),
        "interests": list(Interest.objects.order_by("pk").values_list("state", "state_note", "ngo")),
        "ngos": list(NGO.objects.order_by("pk").values_list("name_original", "relationship")),
        "contacts": list(NGOContact.objects.order_by("pk").values_list("office", "name")),
        "registrations": list(NGORegistration.objects.order_by("pk").values_list("number", "issued_on", "expires_on")),
        "engagements": list(Engagement.objects.order_by("pk").values_list("title", "kind", "date")),
        "follow_ups": list(FollowUp.objects.order_by("pk").values_list("done_on", "action")),
        "progress": list(TaskProgress.objects.order_by("pk").values_list("state", "version", "done")),
        "published": list(Project.objects.filter(code=PUBLIC_PROJECT).values_list("status", "version", "ngo")),
    }


def outcome(response):
    status = response.status_code
    if status == 302 and response["Location"].startswith(reverse("login") + "?next="):
        return LOGIN
    if 200 <= status < 400 or status == 400:
        return OK
    return status


def probe(scene, role, method, url, data):
    """The response to one request, rolled back afterwards so that each probe meets the same scene."""
    client = Client()
    if role != "anonymous":
        client.force_login(scene.people[role])
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, data)
        after = state(scene)
        transaction.set_rollback(True)
    return response, after


def probe_url(scene, key):
    rule = RULES[key]
    return key if key.startswith("/") else reverse(key, kwargs=rule.kwargs(scene) if rule.kwargs else None)


@pytest.mark.parametrize("key, method", [(key, method) for key in RULES for method in ("GET", "POST")])
def test_each_role_gets_what_the_rule_says(scene, key, method, subtests):
    """One scene per view and method, each role's request rolled back: a failure names the role."""
    rule = RULES[key]
    url = probe_url(scene, key)
    payloads = [None] if method == "GET" else [{}, *([rule.data(scene)] if rule.data else [])]
    before = state(scene)
    for role in ROLES:
        expected = (rule.get if method == "GET" else rule.post)[role]
        for data in payloads:
            with subtests.test(role=role, data=data):
                response, after = probe(scene, role, method, url, data)
                assert outcome(response) == expected, f"{response.status_code} {response.get('Location', '')}"
                if expected != OK:
                    assert after == before, f"refused ({response.status_code}) yet the data changed"


def test_counterpart_funds_are_the_coordinators_and_the_finance_departments(scene, subtests):
    url = reverse("projects:pipeline", kwargs={"pk": scene.published.pk, "step": "counterpart"})
    before = state(scene)
    for role in ROLES:
        for method, data in (("GET", None), ("POST", {}), ("POST", {"counterpart-year": "2026", "counterpart-planned": "120,5"})):
            with subtests.test(role=role, method=method, data=data):
                response, after = probe(scene, role, method, url, data)
                assert outcome(response) == COUNTERPART[role], f"{response.status_code} {response.get('Location', '')}"
                if COUNTERPART[role] != OK:
                    assert after == before, f"refused ({response.status_code}) yet the data changed"


# Each id the URLs take, and an id of the same kind that exists but belongs elsewhere: another project's history,
# another unit's report, an attachment reached through the wrong unit.
CROSSED = {
    "projects:restore": lambda s: {"history_id": s.proposal.history.earliest().history_id},
    "reporting:report": lambda s: {"unit": s.c.pk},
    "reporting:attachment": lambda s: {"unit": s.b.pk},
    "reporting:attachment_remove": lambda s: {"unit": s.b.pk},
    "ngos:contact_edit": lambda s: {"contact_pk": s.other_contact.pk},
    "ngos:registration_edit": lambda s: {"registration_pk": s.other_registration.pk},
    "ngos:registration_renew": lambda s: {"registration_pk": s.other_registration.pk},
    # A public file's job has no requester, so no one's page; a job nobody has.
    **{key: lambda s: {"pk": s.public_job.pk} for key in ("jobs:job", "jobs:cancel", "jobs:retry")},
    "jobs:file": lambda s: {"pk": uuid.uuid4()},
}
def vietnamese(message):
    with translation.override("vi"):
        return gettext(message)


def int_arguments(scene):
    """(URL name, argument) for every whole-number argument of the table's URLs."""
    return [(key, name) for key, rule in RULES.items() if rule.kwargs for name, value in rule.kwargs(scene).items() if isinstance(value, int)]


def test_guessed_and_crossed_ids_find_nothing(scene, subtests):
    """The coordinator, who may open everything, gets 404 for an id nobody has and for one reached through
    another object; nothing answers 500 and nothing changes. Restoring a version the project does not have is
    refused on its page, with a message, like a version that vanished while the page was open."""
    client = Client()
    client.force_login(scene.people["coordinator"])
    before = state(scene)
    probes = [(key, {name: 10**9}) for key, name in int_arguments(scene)] + [(key, crossed(scene)) for key, crossed in CROSSED.items()]
    assert len(probes) >= 20
    for key, changed in probes:
        rule = RULES[key]
        url = reverse(key, kwargs=rule.kwargs(scene) | changed)
        for method in ("GET", "POST"):
            with subtests.test(url=key, arguments=changed, method=method):
                response = client.get(url) if method == "GET" else client.post(url, rule.data(scene) if rule.data else {})
                if key == "projects:restore" and method == "POST" and "history_id" in changed:
                    messages = [str(message) for message in response.wsgi_request._messages]
                    assert response.status_code == 302 and messages == [vietnamese("That version does not exist.")]
                    continue
                # A view that takes one method only refuses the other (405) before it looks the id up (a public one
                # refuses it to anyone, signed in or not).
                refused = {frozenset(outcomes.items()) for outcomes in (POST_ONLY, roles(405))}
                one_method_only = frozenset((rule.get if method == "GET" else rule.post).items()) in refused
                expected = 405 if one_method_only else 404
                assert response.status_code == expected
    assert state(scene) == before
