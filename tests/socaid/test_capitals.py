"""One capitalisation rule in both languages: what stands alone (a label, a heading, a column, a badge, a button,
a choice) starts with a capital letter; a status or a field named inside a sentence keeps its small letter."""
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from projects.models import Project
from reporting import services

pytestmark = pytest.mark.django_db

STANDALONE = {"label", "th", "dt", "legend", "h1", "h2", "h3", "button", "caption", "summary", "option"}
SELF_CLOSING = {"input", "br", "img", "meta", "link", "hr", "col", "source", "wbr"}


class StandaloneTexts(HTMLParser):
    """The text of each element that stands alone, and of each badge."""

    def __init__(self):
        super().__init__()
        self.open = []  # [tag, collecting?, text parts]
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag in SELF_CLOSING:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.open.append([tag, tag in STANDALONE or "badge" in classes, []])

    def handle_endtag(self, tag):
        while self.open:
            name, collecting, parts = self.open.pop()
            if collecting:
                self.texts.append((name, " ".join("".join(parts).split())))
            if name == tag:
                return

    def handle_data(self, data):
        for element in self.open:
            if element[1]:
                element[2].append(data)


def small_letter_starts(html):
    parser = StandaloneTexts()
    parser.feed(html)
    return sorted({f"<{tag}> {text[:60]}" for tag, text in parser.texts if re.match(r"[^\W\d_A-Z]", text) and text[0].islower()})


@pytest.fixture
def pages(users, programme):
    round_ = services.round_open(programme=programme, year=2024, by=users["coordinator"], grace_days=3)
    unit = users["officer"].memberships.get().organisation
    services.report_start(round_=round_, organisation=unit, by=users["officer"])
    project = Project.objects.filter(programme=programme).order_by("pk").first()
    coordinator = [
        reverse("projects:bank"),
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:edit", args=[project.pk]),
        reverse("projects:create"),
        reverse("projects:import"),
        reverse("reporting:appendix"),
        reverse("reporting:plan"),
        reverse("reporting:summary"),
        reverse("reporting:rounds"),
        reverse("reporting:round", args=[round_.pk]),
    ]
    officer = [reverse("reporting:report", args=[round_.pk, unit.pk])]
    derived = Project.objects.filter(lines__is_derived=True).first()  # II.6, whose lines the source lost
    reviewer = [reverse("reporting:rounds"), reverse("projects:detail", args=[derived.pk])]
    return [("coordinator", path) for path in coordinator] + [("officer", path) for path in officer] + [("reviewer", path) for path in reviewer]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_what_stands_alone_starts_with_a_capital(client, users, pages, language):
    found = []
    for who, path in pages:
        client.force_login(users[who])
        client.cookies["django_language"] = language
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, path
        found += [f"{path}: {text}" for text in small_letter_starts(response.content.decode())]
    assert found == [], "\n".join(found)
