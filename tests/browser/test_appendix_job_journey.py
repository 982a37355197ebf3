"""The coordinator asks for the appendix of a bank too large for a web request: the PDF link leads to the job's
page, which shows the rows done and then the download; the coordinator leaves, comes back through "my exports" and
downloads the file; another officer signed in elsewhere gets 403 for the same file. The jobs run inline here (the
immediate backend); tests/reporting/test_job_worker.py runs them through the real worker."""
import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from projects.models import Programme
from projects.seed import load_programme_fixture
from socaid.jobs.models import Job
from tests.browser.conftest import make_member

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "socaid-demo-2026"
PROJECTS = 150  # of every status: about half are in the appendix by default, past the PDF threshold of 40 rows


@override_settings(JOB_ABOVE_ROWS={"pdf": 40, "xlsx": 2000, "import": 300})
def test_a_large_appendix_pdf_is_made_by_a_job_and_kept_for_its_requester(transactional_db, new_page, sign_in, live_server, screenshot):
    load_programme_fixture()
    call_command("generate_bank", projects=PROJECTS, ngos=5, stdout=io.StringIO())
    programme = Programme.objects.get(code="synthetic-2026")
    make_member("dieuphoi", PASSWORD, role="coordinator", organisation="so-tai-chinh-can-tho")
    make_member("canbo-hnd", PASSWORD, role="officer", organisation="hoi-nong-dan-soc-trang")

    page = new_page()
    sign_in(page, "dieuphoi", PASSWORD)
    page.goto(f"{live_server.url}{reverse('reporting:appendix')}?programme={programme.pk}")
    page.get_by_role("link", name="PDF", exact=True).click()
    expect(page).to_have_url(re.compile(r"/reports/exports/[0-9a-f-]+/$"), timeout=60_000)  # made inline, in the request
    job = Job.objects.get()
    expect(page).to_have_url(f"{live_server.url}{reverse('jobs:job', args=[job.pk])}")
    expect(page.locator("progress")).to_have_attribute("value", "100")
    expect(page.get_by_role("status")).to_contain_text(str(job.total))
    assert job.total > 40
    screenshot(page, "appendix-job")

    page.goto(f"{live_server.url}{reverse('projects:bank')}")  # the coordinator leaves, and comes back later
    page.locator(f"a[href='{reverse('jobs:list')}']").first.click()
    expect(page.get_by_role("link", name=job.title)).to_be_visible()
    page.get_by_role("link", name=job.title).click()
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Tải về {job.file_name}").click()
    pdf = PdfReader(download.value.path())
    text = "".join(p.extract_text() for p in pdf.pages)
    assert len(pdf.pages) > 1 and "Tổng cộng" in text
    first = programme.projects.order_by("sector__position", "position").first()
    assert first.name.split()[0] in text

    other = new_page()
    sign_in(other, "canbo-hnd", PASSWORD)
    answer = other.request.get(f"{live_server.url}{reverse('jobs:file', args=[job.pk])}")
    assert answer.status == 403
    answer = other.request.get(f"{live_server.url}{reverse('jobs:job', args=[job.pk])}")
    assert answer.status == 403
