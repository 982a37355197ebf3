"""The printed documents (the appendix, the plan, the summaries) as files made by a job once they are large.

A view reads the user's choices into a ``Prepared`` document: its form, its size in rows counted before anything
is built, and how to build it. Small ones are built and sent in the request (reporting/outputs.py); past
JOB_ABOVE_ROWS the same choices go to a job, which prepares them again as its requester and renders the file.
"""
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from socaid.downloads import stamped_name
from socaid.jobs.kinds import JobKind, Output, register
from socaid.jobs.progress import JobFailed, weasyprint_progress

STAGES = {
    "build": _("Reading the projects"), "render": _("Writing the file"), "parse": _("Reading the document"),
    "styles": _("Applying the document's styles"), "structure": _("Preparing the pages"),
    "layout": _("Laying out the PDF's pages"), "write": _("Writing the PDF"),
}
FORMAT_NAMES = {"pdf": "PDF", "xlsx": "Excel"}
PDF_TOO_LARGE = gettext_noop("The document now has %(rows)s rows: too many for a PDF (at most %(most)s). Download it in Excel, or narrow the choices.")


@dataclass
class Prepared:
    form: object
    # The size in rows, or how to count it: a page that only shows the choices does not pay for the count.
    count: Callable[[], int] | int = 0
    build: Callable | None = None
    stem: str = ""
    title: str = ""
    language: str = ""  # the document's, when the user chose it: the title in "my exports" tells the editions apart
    renderers: dict = field(default_factory=dict)  # format -> renderer(document) -> bytes

    @cached_property
    def size(self):
        return self.count() if callable(self.count) else self.count


def register_document(key, prepare, allowed):
    """Make ``prepare(user, query) -> Prepared`` a kind of job, whose file the requester reads while ``allowed(user)``."""

    def run(job, progress):
        prepared = prepare(job.requested_by, QueryDict(job.params["query"]))
        if prepared.build is None:
            errors = "; ".join(str(message) for messages in prepared.form.errors.values() for message in messages)
            raise JobFailed(gettext_noop("The choices of this file are no longer valid: %(errors)s"), {"errors": errors})
        output = job.params["format"]
        refuse_a_pdf_too_large(output, prepared.size)
        progress.stage("build", total=prepared.size)
        document = prepared.build()
        return Output(rendered(progress, output, prepared.renderers[output], document), stamped_name(prepared.stem, output))

    return register(JobKind(key=key, run=run, may_read=lambda user, params: allowed(user), stages=STAGES))


def too_large_for_a_pdf(size):
    """WeasyPrint holds every page while it lays a PDF out: past PDF_MAX_ROWS a document is made in Excel only."""
    return size > settings.PDF_MAX_ROWS


def refuse_a_pdf_too_large(output, size):
    """In a job: a document that grew past PDF_MAX_ROWS since it was asked for is not laid out as a PDF."""
    if output == "pdf" and too_large_for_a_pdf(size):
        raise JobFailed(PDF_TOO_LARGE, {"rows": size, "most": settings.PDF_MAX_ROWS})


def rendered(progress, output, renderer, document):
    """``renderer(document)`` as the stage "render" of a job: a PDF's progress is then WeasyPrint's steps and
    pages; a workbook is written in seconds, in one call, with nothing to count."""
    progress.stage("render", total=0)
    with weasyprint_progress(progress) if output == "pdf" else nullcontext():
        return renderer(document)
