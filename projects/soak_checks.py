"""What a soak run (manage.py soak) concludes from what it recorded: the figures of its requests, the jobs it
started, the history of the projects it edited, and the memory of its processes. Kept apart from the run itself
so that each conclusion is tested on crafted records and a crafted database, not by a ten-minute run."""
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from projects.models import Project
from socaid.jobs.models import Job


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


def job_tally(job_ids, media_root=None):
    """How the jobs of ``job_ids`` ended: a Counter of their states, with "lost" for one still waiting or running
    (after the run's drain, nothing should be), whose worker went silent, or that is not there at all, and
    "half-written" for one done whose file under ``media_root`` is missing or not of the size it recorded."""
    jobs = {str(job.pk): job for job in Job.objects.filter(pk__in=list(job_ids))}
    tally = Counter()
    for job_id in job_ids:
        job = jobs.get(str(job_id))
        if job is None or job.state in (Job.State.QUEUED, Job.State.RUNNING):
            tally["lost"] += 1
            continue
        tally[job.state] += 1
        if job.state == Job.State.DONE and media_root is not None:
            path = Path(media_root) / job.file
            if not job.file or not path.is_file() or path.stat().st_size != job.size:
                tally["half-written"] += 1
    return tally


def history_gaps(attempts, since):
    """Where the history disagrees with the edits sent: ``attempts`` is {project pk: [(name, accepted), ...]},
    the name each edit gave the project, in order, and whether the server answered that it was saved. An edit
    accepted is one "Edited" record of its project since ``since``, exactly; one whose answer was lost (the
    database restarted under it) is one record or none; nothing else is recorded; the project carries the name
    of its newest record. The problems, as sentences; none when the history is whole."""
    problems = []
    for pk, sent in attempts.items():
        project = Project.objects.filter(pk=pk).first()
        if project is None:
            problems.append(f"project {pk} is gone")
            continue
        recorded = list(project.history.filter(history_change_reason="Edited", history_date__gte=since)
                        .order_by("history_date", "history_id").values_list("name", flat=True))
        counts = Counter(recorded)
        accepted = [name for name, saved in sent if saved]
        missing = [name for name in accepted if counts[name] != 1]
        if missing:
            problems.append(f"project {pk}: {len(missing)} of {len(accepted)} accepted edits not recorded once")
        unknown = set(counts) - {name for name, _saved in sent}
        twice = [name for name, saved in sent if not saved and counts[name] > 1]
        if unknown or twice:
            problems.append(f"project {pk}: {len(unknown) + len(twice)} records of no edit sent, or recorded twice")
        if recorded and project.name != recorded[-1]:
            problems.append(f"project {pk} is named {project.name!r}, not as its newest record {recorded[-1]!r}")
    return problems


def edits_recorded(attempts, since):
    """(edits accepted, edits whose answer was lost but which were saved) of ``attempts``, as history_gaps reads them."""
    accepted = sum(saved for sent in attempts.values() for _name, saved in sent)
    lost_answers = {pk: {name for name, saved in sent if not saved} for pk, sent in attempts.items()}
    landed = sum(
        Project.history.filter(id=pk, history_change_reason="Edited", history_date__gte=since, name__in=names).count()
        for pk, names in lost_answers.items() if names
    )
    return accepted, landed


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
