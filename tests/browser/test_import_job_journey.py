"""The coordinator imports a 5,000-row file: a job previews it, the job's page shows the rows done, the coordinator
leaves, comes back through "my exports" to the preview, confirms, and a second job imports it all."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from projects.import_jobs import APPLY, PREVIEW
from projects.models import ImportRecord, Programme, Project
from projects.seed import load_programme_fixture
from socaid.jobs.models import Job
from tests.browser.conftest import make_member
from tests.projects.test_import_jobs import bank_csv

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "socaid-demo-2026"


def test_a_large_import_is_previewed_and_applied_by_jobs(transactional_db, page, sign_in, live_server, tmp_path, screenshot):
    load_programme_fixture()
    make_member("dieuphoi", PASSWORD, role="coordinator", organisation="so-tai-chinh-can-tho")
    path = tmp_path / "ngan-hang-lon.csv"
    path.write_bytes(bank_csv(Programme.objects.get(number="03/CTr-UBND"), 5000))

    sign_in(page, "dieuphoi", PASSWORD)
    page.get_by_role("link", name="Nhập dữ liệu").click()
    page.locator("[name=file]").set_input_files(str(path))
    page.get_by_role("button", name="Xem trước kết quả nhập").click()
    preview = Job.objects.get(kind=PREVIEW)
    expect(page).to_have_url(f"{live_server.url}{reverse('jobs:job', args=[preview.pk])}")
    expect(page.locator("progress")).to_have_attribute("value", "100")
    expect(page.get_by_role("status")).to_contain_text("5.000")
    screenshot(page, "import-job")

    page.goto(f"{live_server.url}{reverse('projects:bank')}")  # the coordinator leaves, and comes back later
    page.locator(f"a[href='{reverse('jobs:list')}']").first.click()
    page.locator(f"a[href='{reverse('jobs:job', args=[preview.pk])}']").click()
    page.locator(f"a[href='{reverse('projects:import_job_preview', args=[preview.pk])}']").click()
    expect(page.get_by_text("Dự án nhập nền 4999")).to_be_visible()
    assert not Project.objects.filter(code__startswith="job-").exists()

    page.get_by_role("button", name="Xác nhận và nhập").click()
    applied = Job.objects.get(kind=APPLY)
    expect(page).to_have_url(f"{live_server.url}{reverse('jobs:job', args=[applied.pk])}")
    page.locator(f"a[href='{reverse('projects:import_job_done', args=[applied.pk])}']").click()
    expect(page.get_by_text("Đã nhập “ngan-hang-lon.csv”")).to_be_visible()
    assert Project.objects.filter(code__startswith="job-").count() == 5000 and ImportRecord.objects.get().created == 5000
