"""What a running job tells the page that follows it: its stage and rows done of rows, saved at most twice a
second, and whether the user cancelled it. A heartbeat, on a thread of its own, tells that the worker is alive
while one long call (a PDF's layout) reports nothing."""
import logging
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

log = logging.getLogger(__name__)

SAVE_EVERY_SECONDS = 0.5


class JobCancelled(Exception):
    """The user cancelled the job: it stops at its next report of progress and keeps nothing."""


class JobFailed(Exception):
    """A failure the user can act on: ``message`` is an English message marked for translation (gettext_noop),
    ``values`` fill it in; it is shown in the reader's language."""

    def __init__(self, message, values=None):
        super().__init__(message % values if values else message)
        self.message = message
        self.values = values or {}


class Progress:
    def __init__(self, job):
        self.job = job
        self.stage_key = ""
        self.done = 0
        self.total = 0
        self.size = 0  # the largest total any stage had: the rows the job went through, shown once it is done
        self.saved_at = 0.0

    def stage(self, key, total=None):
        """Begin the stage ``key`` (of the job's kind), of ``total`` rows if known; saved at once."""
        self.stage_key, self.done = key, 0
        if total is not None:
            self.total = total
            self.size = max(self.size, total)
        self._save()

    def advance(self, done):
        """``done`` rows of the stage's total are done; saved when the last save is half a second old."""
        self.done = min(done, self.total) if self.total else 0
        if time.monotonic() - self.saved_at >= SAVE_EVERY_SECONDS:
            self._save()

    def page(self, number):
        """WeasyPrint laid out page ``number``: how many rows that is, it does not say, so pages are counted."""
        self.stage_key, self.done, self.total = "layout", number, 0
        if time.monotonic() - self.saved_at >= SAVE_EVERY_SECONDS:
            self._save()

    def _save(self):
        from socaid.jobs.models import Job

        Job.objects.filter(pk=self.job.pk).update(stage=self.stage_key, done=self.done, total=self.total, heartbeat_at=timezone.now())
        self.saved_at = time.monotonic()
        self.check_cancelled()

    def check_cancelled(self):
        from socaid.jobs.models import Job

        if Job.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise JobCancelled


@contextmanager
def heartbeat(job, enabled):
    """Beat every JOB_HEARTBEAT_SECONDS while the block runs, when ``enabled`` (a worker runs the job: the
    immediate backend runs it inside a request, whose own transaction the beat could wait on)."""
    if not enabled:
        yield
        return
    stop = threading.Event()
    thread = threading.Thread(target=_beat, args=(job.pk, stop), name=f"job-heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _beat(job_pk, stop):
    from socaid.jobs.models import Job

    try:
        while not stop.wait(settings.JOB_HEARTBEAT_SECONDS):
            try:
                Job.objects.filter(pk=job_pk).update(heartbeat_at=timezone.now())
            except DatabaseError:  # SQLite busy with the job's own write: the next beat will do
                log.warning("job %s: heartbeat not saved", job_pk, exc_info=True)
    finally:
        connection.close()


# WeasyPrint's steps before the pages, by the start of their log line. They count nothing, so each is a stage
# without a total (an indeterminate bar): on 10,000 projects they take minutes, which a bar frozen at "0 of
# 10,069 rows" would misreport.
WEASYPRINT_STEPS = {
    "Step 1 - Fetching and parsing HTML": "parse", "Step 3 - Applying CSS": "styles",
    "Step 4 - Creating formatting structure": "structure",
}


class _WeasyPrintSteps(logging.Handler):
    """WeasyPrint's progress log, read as the job's progress: its first steps, each page laid out, then the
    writing of the PDF."""

    def __init__(self, progress):
        super().__init__(logging.INFO)
        self.progress, self.thread = progress, threading.get_ident()

    def emit(self, record):
        if record.thread != self.thread:  # another request rendering in this process
            return
        message = record.msg
        if message.startswith("Step 5 - Creating layout - Page") and record.args:
            self.progress.page(record.args[0])
        elif message.startswith("Step 6 - Creating PDF"):
            self.progress.stage("write", total=0)
        else:
            step = next((key for start, key in WEASYPRINT_STEPS.items() if message.startswith(start)), None)
            if step and step != self.progress.stage_key:
                self.progress.stage(step, total=0)


@contextmanager
def weasyprint_progress(progress):
    logger = logging.getLogger("weasyprint.progress")
    handler, level = _WeasyPrintSteps(progress), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
