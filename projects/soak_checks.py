"""What a soak run (manage.py soak) concludes from what it recorded: the figures of its requests, the jobs it
started, the history of the projects it edited, and the memory of its processes. Kept apart from the run itself
so that each conclusion is tested on crafted records and a crafted database, not by a ten-minute run."""
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from projects.models import Project
from reporting.models.jobs import Job


@dataclass(frozen=True)
class Hit:
    """One request: what it was for, the status it got (0: no answer at all), when it ran (seconds since the
    run's start) and whether that status is the one expected."""
    kind: str
    status: int
    started: float
    ended: float
    expected: bool

    @property
    def milliseconds(self):
        return (self.ended - self.started) * 1000


def percentile(values, share):
    """The nearest-rank percentile: the smallest value with at least ``share`` (0–100) of the values at or below it."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(share / 100 * len(ordered)) - 1)]


@dataclass
class Figures:
    requests: int
    errors: int
    outage: int  # requests that failed while PostgreSQL was restarting: expected, counted apart
    p50: float
    p99: float
    by_kind: dict  # kind: (requests, errors)


def figures(hits, outage=None):
    """The figures of ``hits``. ``outage`` is (from, to), seconds since the start, when the database was down: a
    request that failed and overlapped it was in flight then, and is counted apart; any other failure is an error."""
    def in_outage(hit):
        return outage is not None and hit.started <= outage[1] and hit.ended >= outage[0]

    failed = [hit for hit in hits if not hit.expected]
    outage_failures = [hit for hit in failed if in_outage(hit)]
    by_kind = defaultdict(lambda: [0, 0])
    for hit in hits:
        by_kind[hit.kind][0] += 1
    for hit in failed:
        if not in_outage(hit):
            by_kind[hit.kind][1] += 1
    latencies = [hit.milliseconds for hit in hits if hit.expected]
    return Figures(
        requests=len(hits), errors=len(failed) - len(outage_failures), outage=len(outage_failures),
        p50=percentile(latencies, 50), p99=percentile(latencies, 99), by_kind={kind: tuple(counts) for kind, counts in sorted(by_kind.items())},
    )


def job_tally(job_ids):
    """How the jobs of ``job_ids`` ended: a Counter of their states, with "lost" for one still waiting or running
    (after the run's drain, nothing should be), whose worker went silent, or that is not there at all."""
    jobs = {str(job.pk): job for job in Job.objects.filter(pk__in=list(job_ids))}
    tally = Counter()
    for job_id in job_ids:
        job = jobs.get(str(job_id))
        if job is None or job.state in (Job.State.QUEUED, Job.State.RUNNING):
            tally["lost"] += 1
        else:
            tally[job.state] += 1
    return tally


def history_gaps(accepted, since):
    """Where the history disagrees with the edits the server accepted: ``accepted`` is {project pk: [the name
    each accepted edit gave it, in order]}. Every accepted edit must be one "Edited" record of its project since
    ``since``, no more, and the project must carry the last name. The problems, as sentences; none when whole."""
    problems = []
    for pk, names in accepted.items():
        project = Project.objects.filter(pk=pk).first()
        if project is None:
            problems.append(f"project {pk} is gone")
            continue
        recorded = list(project.history.filter(history_change_reason="Edited", history_date__gte=since)
                        .order_by("history_date", "history_id").values_list("name", flat=True))
        if len(recorded) != len(names):
            problems.append(f"project {pk}: {len(names)} edits accepted, {len(recorded)} in its history")
        elif sorted(recorded) != sorted(names):
            problems.append(f"project {pk}: its history holds other names than the edits accepted")
        if names and project.name != names[-1]:
            problems.append(f"project {pk} is named {project.name!r}, not its last accepted edit {names[-1]!r}")
    return problems


def rss_kib(pid):
    """The resident memory of process ``pid`` in KiB (Linux /proc); 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def children(pid):
    """The pids of the processes that ``pid`` started (gunicorn's workers)."""
    pids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            pids += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
    return pids


def growth(start, end):
    """How much ``end`` grew over ``start``, as a share (0.1 for 10 %)."""
    return (end - start) / start if start else 0.0
