"""Loading the seed and the demo is idempotent and keeps what users changed."""
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from partners.models import Membership
from projects.models import BudgetLine, Project
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
