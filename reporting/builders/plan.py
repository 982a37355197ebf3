"""The implementation plan ("Phụ lục kế hoạch thực hiện") as plain data for the three renderers."""
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from projects.models import PlanTask
from reporting.builders.heading import Heading, framing_texts, programme_heading, signature_of
from socaid.bilingual import missing_english_note, printed_text


@dataclass
class PlanRow:
    number: str
    content: str
    timing: str
    lead: str
    coordinators: str


@dataclass
class Plan:
    heading: Heading
    language: str
    columns: list
    rows: list
    signature: object = None
    notes: list = field(default_factory=list)

    @property
    def row_count(self):
        return len(self.rows) + 1


def build_plan(programme, *, language="vi", signature=False):
    tasks = PlanTask.objects.filter(programme=programme).select_related("lead").order_by("position")
    with translation.override(language):
        rows = [
            PlanRow(
                number=str(task.position),
                content=printed_text(task, "content", language),
                timing=printed_text(task, "timing", language),
                lead=task.lead.printed_name(language, marked=True),
                coordinators=printed_text(task, "coordinators_text", language),
            )
            for task in tasks
        ]
        heading = programme_heading(programme, language, [_("IMPLEMENTATION PLAN")])
        columns = [str(c) for c in (pgettext("plan column", "No."), _("Content"), _("Timing"), _("Lead unit"), _("Coordinating units"))]
        signature_block = signature_of(programme, language) if signature else None
        texts = [value for row in rows for value in vars(row).values()] + framing_texts(heading, signature_block)
        return Plan(
            heading=heading, language=language, columns=columns, rows=rows, signature=signature_block,
            notes=missing_english_note(texts, language),
        )
