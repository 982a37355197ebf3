"""Loading the seed and the demo is idempotent and keeps what users changed."""
import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone, translation

from partners.models import Membership, NGO, NGOContact, NGORegistration, NGOSecurityOpinion, Organisation
from projects.models import BudgetLine, Engagement, FollowUp, Interest, PlanTask, Programme, Project, ProjectEvent, TaskProgress, UsdRate
from projects.models.pipeline import Agreement, CounterpartFunds, Disbursement, Pledge
from projects.seed import load_programme_fixture

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Project.objects.count(),
        BudgetLine.objects.count(),
        Project.history.count(),
        BudgetLine.history.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        ProjectEvent.objects.count(),
        Interest.history.count(),
        UsdRate.objects.count(),
        NGO.history.count(),
        Organisation.history.count(),
        TaskProgress.history.count(),
        PlanTask.objects.count(),
        list(Programme.objects.order_by("pk").values_list("aims", "aims_en")),
        list(Project.objects.order_by("pk").values_list("status", "version", "contact_name")),
        list(NGORegistration.objects.order_by("pk").values_list("number", "issued_on", "expires_on", "renews")),
        NGOContact.objects.count(),
        NGOSecurityOpinion.objects.count(),
        Engagement.history.count(),
        FollowUp.history.count(),
        [model.objects.count() for model in (Pledge, Agreement, Disbursement, CounterpartFunds)],
    )


def test_loading_twice_changes_nothing():
    before = snapshot()
    loaded = load_programme_fixture(update=True)
    assert loaded.counts.total("created") == loaded.counts.total("updated") == 0
    assert snapshot() == before


def test_demo_twice_changes_nothing(capsys):
    call_command("demo", allow_production=True)
    first = snapshot()
    password_hash = get_user_model().objects.get(username="dieuphoi").password
    with translation.override("vi"):
        call_command("demo", allow_production=True)
    assert snapshot() == first
    assert get_user_model().objects.get(username="dieuphoi").password == password_hash
    assert "Tài khoản minh họa đã có sẵn" in capsys.readouterr().out


def test_the_demos_public_side():
    """The running programme, as the public sees it: aims, DAC codes, the department's contact, a USD rate, its
    taken-over projects published through the workflow (one committed by an NGO of the registry, one with a
    contact), two expressions of interest; the seed programme's figures untouched."""
    seed = Programme.objects.get(code="03-ctr-ubnd-2020")
    seed_lines = list(BudgetLine.objects.filter(project__programme=seed).order_by("pk").values_list("total", "aid_sought", "counterpart"))
    call_command("demo", allow_production=True)
    running = Programme.objects.get(start_year__lte=timezone.localdate().year, end_year__gte=timezone.localdate().year)
    assert running.predecessor == seed
    assert "giảm nghèo" in running.aims and "reduce poverty" in running.aims_en and "2030" in running.aims_en
    assert dict(running.sectors.values_list("field__code", "dac_code")) == {
        "agriculture": "43040", "social": "16010", "education": "11120", "health": "12220", "environment": "41010", "culture": "16061"}
    department = running.coordinator
    assert department.email == "socaid-demo@example.gov.vn" and department.phone and department.address
    rate = UsdRate.objects.current()
    assert rate.vnd_per_usd == 26150 and 0 < (timezone.localdate() - rate.valid_on).days <= 7 and "minh họa" in rate.source
    taken_over = running.projects.filter(carried_over_from__isnull=False)
    # Published, committed by hand (above), and moved on by the demo's pipelines (test_the_demos_pipelines).
    assert taken_over.exists() and set(taken_over.values_list("status", flat=True)) == {"published", "committed", "implementing"}
    assert set(Project.objects.public().filter(programme=running)) == set(taken_over)
    # Committed by hand before the pipeline existed, then given its agreement, approval and money by the pipeline's demo.
    committed = taken_over.get(events__action="negotiate")
    assert committed.ngo.code == "demo-mekong-green-futures"
    actions = list(committed.events.values_list("action", flat=True).order_by("at", "pk"))
    assert actions[actions.index("publish"):][:3] == ["publish", "negotiate", "commit"]
    assert taken_over.exclude(contact_name="").count() == 1
    interests = Interest.objects.filter(project__programme=running)
    assert sorted(interests.values_list("state", flat=True)) == ["contacted", "new", "pledged"]  # the last, the pipeline demo's
    assert all(interest.received_at < timezone.now() for interest in interests)
    assert list(BudgetLine.objects.filter(project__programme=seed).order_by("pk").values_list("total", "aid_sought", "counterpart")) == seed_lines
    assert set(seed.projects.values_list("status", flat=True)) == {"published"}


def test_the_demos_workshop():
    """Last month's workshop of the coordinating department: three public projects, two NGOs, a follow-up due next week."""
    call_command("demo", allow_production=True)
    workshop = Engagement.objects.get(kind="workshop")
    today = timezone.localdate()
    assert (today.year * 12 + today.month) - (workshop.date.year * 12 + workshop.date.month) == 1
    assert workshop.projects.count() == 3 and set(workshop.projects.values_list("status", flat=True)) <= set(Project.objects.public().values_list("status", flat=True))
    assert sorted(workshop.ngos.values_list("code", flat=True)) == ["demo-children-first-foundation", "demo-mekong-green-futures"]
    (follow_up,) = workshop.follow_ups.all()
    assert follow_up.due_date == today + datetime.timedelta(days=7) and follow_up.state(today) == "due"


def test_demo_accounts_and_their_organisations():
    call_command("demo", allow_production=True)
    roles = {
        (m.user.username, m.organisation.code, m.role)
        for m in Membership.objects.select_related("user", "organisation")
    }
    assert ("chauthanh", "ubnd-huyen-chau-thanh", "officer") in roles
    assert ("hoinongdan", "hoi-nong-dan-soc-trang", "officer") in roles
    assert ("taichinh", "so-tai-chinh-soc-trang", "reviewer") in roles
    assert ("dieuphoi", "so-tai-chinh-can-tho", "coordinator") in roles
    assert get_user_model().objects.get(username="admin").is_superuser
    assert get_user_model().objects.get(username="dieuphoi").check_password("socaid-demo-2026")


def test_every_ngo_of_the_demo_opens_for_the_coordinator(client):
    """The demo's security opinion was loaded without a recorder, and its NGO's page failed for the coordinator."""
    from django.urls import reverse

    from partners.models import NGO

    call_command("demo", allow_production=True)
    client.force_login(get_user_model().objects.get(username="dieuphoi"))
    pages = {ngo.code: client.get(reverse("ngos:detail", args=[ngo.pk])) for ngo in NGO.objects.all()}
    assert {code: page.status_code for code, page in pages.items()} == {code: 200 for code in pages}
    assert any("DEMO-125/CAT-PA03" in page.content.decode() for page in pages.values())


def test_reload_keeps_user_edits_unless_refreshed():
    lake = Project.objects.get(code="03-2020-v-01")
    lake.name_en = "Edited by a coordinator"
    lake.save()
    load_programme_fixture()
    lake.refresh_from_db()
    assert lake.name_en == "Edited by a coordinator"
    load_programme_fixture(update=True)
    lake.refresh_from_db()
    assert lake.name_en.startswith("Regulating lake")


def test_demo_refuses_public_passwords_in_production(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("demo")
    assert not get_user_model().objects.filter(username="admin").exists()


def test_the_demos_pipelines_and_the_leadership_account():
    """Pipelines at every stage on the running programme, through the services (statuses and timelines follow), and
    the leadership's viewer at Văn phòng UBND thành phố Cần Thơ, valid from the reform."""
    call_command("demo", allow_production=True)
    running = Programme.objects.get(start_year__lte=timezone.localdate().year, end_year__gte=timezone.localdate().year)
    year = timezone.localdate().year
    pledge = Pledge.objects.get(project__programme=running, interest__isnull=False)  # the registry demo adds one of its own
    assert pledge.interest.state == "pledged" and pledge.project.status == "published"
    waiting = Agreement.objects.get(project__programme=running, decision_number="")
    assert waiting.project.status == "committed" and waiting.project.ngo == waiting.ngo
    approved = Agreement.objects.exclude(decision_number="").get(project__programme=running)
    assert approved.project.status == "implementing" and approved.approval_reference
    assert list(approved.disbursements.values_list("year", "currency")) == [(year - 1, "USD"), (year, "EUR")]
    counterpart = list(CounterpartFunds.objects.filter(project=approved.project).values_list("year", "planned", "spent"))
    assert counterpart == [(year - 1, 450, Decimal("412.5")), (year, 380, None)]
    assert list(approved.project.events.values_list("action", flat=True).order_by("at", "pk"))[-7:] == [
        "agreement", "agreement_approval", "disbursement", "disbursement", "counterpart", "counterpart", "counterpart"]
    assert approved.project.decision_number == "215/QĐ-UBND"
    leader = get_user_model().objects.get(username="lanhdao")
    membership = leader.memberships.select_related("organisation").get()
    assert (membership.role, membership.organisation.name) == ("viewer", "Văn phòng Ủy ban nhân dân thành phố Cần Thơ")
    assert str(membership.organisation.valid_from) == "2025-07-01" and leader.check_password("socaid-demo-2026")


def test_the_demos_plan_progress():
    """The seed's plan reported and accepted for its six years, but the task whose lead unit left no successor for
    its last two; the running programme's plan carried over, its first year in every state of review."""
    call_command("demo", allow_production=True)
    seed = Programme.objects.get(code="03-ctr-ubnd-2020")
    old = TaskProgress.objects.filter(task__programme=seed)
    assert set(old.values_list("state", flat=True)) == {"accepted"} and old.count() == 9 * 6 - 2
    assert not old.filter(task__position=3, year__in=(2024, 2025)).exists()
    running = Programme.objects.get(predecessor=seed)
    assert running.plan_tasks.count() == 9
    this_year = TaskProgress.objects.filter(task__programme=running, year=timezone.localdate().year)
    assert sorted(this_year.values_list("state", flat=True)) == ["accepted", "draft", "returned", "submitted"]
    assert set(this_year.values_list("recorded_by__username", flat=True)) == {"taichinh"}


def test_the_demo_mails_nobody_about_its_plan(mailoutbox, django_capture_on_commit_callbacks):
    """Its backdated years are history, not news: the serving terminal would print a hundred mails."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", allow_production=True)
    assert mailoutbox and not [m for m in mailoutbox if "/bank/plan/" in m.body]
