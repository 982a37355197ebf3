"""One capitalisation rule in both languages: what stands alone (a label, a heading, a column, a badge, a button,
a choice) starts with a capital letter; a status or a field named inside a sentence keeps its small letter."""
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from projects.models import Project
from reporting import services
from tests.support.rounds import open_round

pytestmark = pytest.mark.django_db

# A value beside its label (dd) and an item of a list stand alone too.
STANDALONE = {"label", "th", "dt", "dd", "li", "legend", "h1", "h2", "h3", "button", "caption", "summary", "option"}
# "Label: value" opening a paragraph or following a "·" in one: the label stands alone.
LABEL_IN_A_LINE = re.compile(r"(?:^|·)\s*([^\W\d_][^:·\d]{0,60}):")
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
        self.open.append([tag, tag in STANDALONE or tag == "p" or "badge" in classes, []])

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
    found = set()
    for tag, text in parser.texts:
        starts = [label.group(1) for label in LABEL_IN_A_LINE.finditer(text)] if tag == "p" else [text]
        found |= {f"<{tag}> {start[:60]}" for start in starts if re.match(r"[^\W\d_A-Z]", start) and start[0].islower()}
    return sorted(found)


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
    officer = [reverse("reporting:report", args=[round_.pk, unit.pk]), *_sent_and_lacking(programme, users, unit)]
    derived = Project.objects.filter(lines__is_derived=True).first()  # II.6, whose lines the source lost
    reviewer = [reverse("reporting:rounds"), reverse("projects:detail", args=[derived.pk])]
    return [("coordinator", path) for path in coordinator] + [("officer", path) for path in officer] + [("reviewer", path) for path in reviewer]


def _sent_and_lacking(programme, users, unit):
    """A report sent with its lines' statuses, read-only to its officers, and a draft whose confirmation lists
    what it lacks: two rounds still open, whenever the tests run."""
    officer = users["officer"]
    sent = services.report_start(round_=open_round(programme, users["coordinator"], [unit]), organisation=unit, by=officer)
    statuses = {line.pk: {"status": Project.Status.IMPLEMENTING} for line in sent.lines.all()}
    assert statuses, "the unit's report lists its projects"
    sent = services.report_save(report=sent, by=officer, expected_version=sent.version, lines=statuses, results="Đạt", difficulties="Thiếu vốn", proposals="Bổ sung vốn")
    services.report_submit(report=sent, by=officer)
    lacking = services.report_start(round_=open_round(programme, users["coordinator"], [unit], year=programme.end_year - 2), organisation=unit, by=officer)
    return [reverse("reporting:report", args=[sent.round_id, unit.pk]), reverse("reporting:report_submit", args=[lacking.round_id, unit.pk])]


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
