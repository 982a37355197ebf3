"""The pipeline section of the staff project page and its forms: the figures, the errors in Vietnamese, who sees the
forms, the workflow's buttons leading to them, and a constant number of queries."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from partners.models import NGO
from projects.models import Project
from projects.models.pipeline import Agreement, CounterpartFunds, Pledge
from projects.services import pipeline
from tests.support.bank_fixtures import make_draft

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 1)


@pytest.fixture
def published(db):
    return make_draft("ubnd-huyen-chau-thanh", "Dự án công bố Châu Thành", status=Project.Status.PUBLISHED)


def section(client, project):
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    start = page.index('id="pipeline-title"')
    return page[start:page.index("</section>", start)]


def test_the_coordinator_records_an_agreement_typed_the_vietnamese_way(client, users, published):
    ngo = NGO.objects.order_by("pk").first()
    client.force_login(users["coordinator"])
    url = reverse("projects:pipeline", args=[published.pk, "agreement"])
    response = client.post(url, {"agreement-ngo": ngo.pk, "agreement-signed_on": "01/03/2025", "agreement-amount": "120.000,50",
                                 "agreement-currency": "usd", "agreement-rate_to_vnd": "25.400", "agreement-rate_date": "28/02/2025",
                                 "agreement-rate_source": "Vietcombank"})
    assert response.status_code == 302 and response["Location"].endswith("#pipeline-title")
    agreement = Agreement.objects.get()
    assert (agreement.amount, agreement.currency, agreement.rate_to_vnd, agreement.signed_on) == (Decimal("120000.50"), "USD", 25400, DAY)
    published.refresh_from_db()
    assert published.status == "committed"
    text = section(client, published)
    assert "120.000,5 USD" in text and "3.048,013" in text  # 120 000.50 × 25 400 VND = 3 048 012 700 VND


def test_errors_are_said_in_vietnamese_and_nothing_is_saved(client, users, published):
    client.force_login(users["coordinator"])
    url = reverse("projects:pipeline", args=[published.pk, "pledge"])
    response = client.post(url, {"pledge-pledged_on": "31/02/2025", "pledge-amount": "abc", "pledge-currency": "USD"})
    text = response.content.decode()
    assert response.status_code == 200 and not Pledge.objects.exists()
    assert "Nhập ngày theo dạng ngày/tháng/năm" in text
    assert "Nhập số tiền" in text
    assert "Nhập tỷ giá sang VND." in text


def test_a_service_refusal_shows_on_the_form(client, users, published):
    ngo = NGO.objects.order_by("pk").first()
    client.force_login(users["coordinator"])
    response = client.post(reverse("projects:pipeline", args=[published.pk, "pledge"]), {
        "pledge-ngo": ngo.pk, "pledge-pledged_on": "01/03/2025", "pledge-amount": "0", "pledge-currency": "VND"})
    assert response.status_code == 200 and "Nhập số tiền lớn hơn 0." in response.content.decode()
    assert not Pledge.objects.exists()


def test_the_workflow_buttons_lead_to_the_pipeline_forms(client, users, published):
    client.force_login(users["coordinator"])
    page = client.get(reverse("projects:detail", args=[published.pk])).content.decode()
    assert f'href="{reverse("projects:pipeline", args=[published.pk, "agreement"])}"' in page
    assert 'action="/bank/%d/step/commit/"' % published.pk not in page
    # A form of the page as it was before: it sets nothing by hand, it leads to the agreement's form.
    response = client.post(reverse("projects:step", args=[published.pk, "commit"]), {"ngo": NGO.objects.first().pk})
    assert response["Location"] == reverse("projects:pipeline", args=[published.pk, "agreement"])
    published.refresh_from_db()
    assert published.status == "published" and not published.events.exclude(action="create").exists()


def test_who_sees_which_forms(client, users, published):
    pipeline.counterpart_record(project=published, by=users["coordinator"], year=2026, planned=Decimal(20))
    client.force_login(users["viewer"])
    text = section(client, published)
    assert "20" in text and 'class="button' not in text
    client.force_login(users["reviewer"])  # the Finance department plans the counterpart funds
    text = section(client, published)
    assert 'id="pipeline-counterpart"' in text and 'id="pipeline-pledge"' not in text
    client.force_login(users["coordinator"])
    text = section(client, published)
    assert all(f'id="pipeline-{step}"' in text for step in ("pledge", "agreement", "counterpart"))
    assert 'id="pipeline-approval"' not in text and 'id="pipeline-disbursement"' not in text  # no agreement yet


def test_the_reviewer_plans_counterpart_funds_on_the_page(client, users, published):
    client.force_login(users["reviewer"])
    response = client.post(reverse("projects:pipeline", args=[published.pk, "counterpart"]),
                           {"counterpart-year": "2026", "counterpart-planned": "1.250,5"})
    assert response.status_code == 302
    assert CounterpartFunds.objects.get().planned == Decimal("1250.5")
    assert client.post(reverse("projects:pipeline", args=[published.pk, "pledge"]), {}).status_code == 403


def add_pipeline(project, users, ngos, count):
    coordinator = users["coordinator"]
    for index in range(count):
        ngo = ngos[index % len(ngos)]
        pipeline.pledge_record(project=project, by=coordinator, ngo=ngo, amount=Decimal(1000 + index), currency="USD",
                               rate_to_vnd=Decimal(25000), rate_date=DAY, pledged_on=DAY)
        agreement = pipeline.agreement_record(project=project, by=coordinator, ngo=ngo, amount=Decimal(900 + index), currency="EUR",
                                              rate_to_vnd=Decimal(27000), rate_date=DAY, signed_on=DAY)
        pipeline.agreement_approve(agreement=agreement, by=coordinator, decision_number=f"{index}/QĐ", decision_date=DAY, approval_reference="VB")
        pipeline.disbursement_record(agreement=agreement, by=coordinator, year=2025, amount=Decimal(100), currency="EUR",
                                     rate_to_vnd=Decimal(27000), rate_date=DAY)
        pipeline.counterpart_record(project=project, by=coordinator, year=2025 + index, planned=Decimal(10), spent=Decimal(5))


def test_the_page_runs_the_same_queries_whatever_the_pipeline_holds(client, users, published, django_assert_max_num_queries):
    ngos = list(NGO.objects.order_by("pk")[:3])
    client.force_login(users["coordinator"])
    url = reverse("projects:detail", args=[published.pk])
    add_pipeline(published, users, ngos, 1)
    client.get(url)
    with django_assert_max_num_queries(60) as small:
        client.get(url)
    add_pipeline(published, users, ngos, 5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    text = section(client, published)
    assert text.count("<tr") >= 6 * 4
    assert response.status_code == 200
