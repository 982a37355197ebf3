"""What a background job can be. Each kind says how to do its work, which stages it reports, and who may read
what it made; the modules that define kinds register them when their app is ready (each app's ``ready()``)."""
from dataclasses import dataclass, field
from typing import Callable

from django.utils.translation import gettext_lazy as _

KINDS = {}

# Every job starts here, once a worker took it (waiting for one is the job's state).
COMMON_STAGES = {"start": _("Starting")}


@dataclass(frozen=True)
class Output:
    """What a job made: a file to download (``content`` and its ``name``), and what else it wants to say."""
    content: bytes = b""
    name: str = ""
    outcome: dict = field(default_factory=dict)


@dataclass(frozen=True)
class JobKind:
    key: str
    # run(job, progress) -> Output; raise socaid.jobs.progress.JobFailed with a message the user can act on.
    run: Callable
    # may_read(user, params) -> bool: who may still read what the job made (the requester must, besides).
    may_read: Callable
    stages: dict
    # Where a finished job leads instead of its file (an import's preview), or None: the file.
    result_url: Callable | None = None
    # Stages no cancel can stop (one transaction that saves everything or nothing): the job is no longer offered to
    # be cancelled once it reached one.
    final_stages: frozenset = frozenset()

    def stage_label(self, key):
        return {**COMMON_STAGES, **self.stages}.get(key, "")


def register(kind):
    if kind.key in KINDS and KINDS[kind.key] is not kind:
        raise ValueError(f"Two job kinds named {kind.key!r}.")
    KINDS[kind.key] = kind
    return kind


def kind_of(job):
    return KINDS[job.kind]
