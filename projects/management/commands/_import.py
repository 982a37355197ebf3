"""What import_bank and import_appendix share: read the file, print the preview, save unless it is a dry run.

Exit status: 0 when everything is in order (and saved, without --dry-run); 1 when rows have errors (nothing is
saved); 2 when the file cannot be read at all.
"""
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import DataError, IntegrityError
from django.utils.translation import gettext as _

from projects.imports.issues import UnreadableFile
from projects.imports.kinds import plan_file
from projects.imports.plan import CREATE, UNCHANGED
from projects.services import import_apply
from projects.imports.workbook import read_bytes
from projects.management.programmes import find_programme


def add_arguments(parser):
    parser.add_argument("file", help="the .xlsx file (or .csv for the flat list)")
    parser.add_argument("--programme", help="code or number of the programme (default: the latest)")
    parser.add_argument("--dry-run", action="store_true", help="show what the import would do and save nothing")


def run(command, kind, options):
    try:
        programme = find_programme(options["programme"])
    except CommandError as error:
        raise CommandError(str(error), returncode=2) from None
    path = Path(options["file"])
    try:
        if not path.is_file():
            raise UnreadableFile(_("There is no file %(path)s.") % {"path": path})
        plan = plan_file(kind, read_bytes(path, path.name), path.name, programme)
    except UnreadableFile as error:
        raise CommandError(error.message, returncode=2) from None
    out = command.stdout
    for line in preview_lines(plan):
        out.write(line)
    if plan.errors:
        raise CommandError(_("%(count)s errors; nothing was saved.") % {"count": len(plan.errors)}, returncode=1)
    if options["dry_run"]:
        out.write(_("Dry run: nothing was saved."))
        return
    try:
        record = import_apply(plan=plan, by=None)
    except (IntegrityError, DataError, ValidationError) as error:
        raise CommandError(_("The database refused the import; nothing was saved: %(reason)s") % {"reason": error}, returncode=1) from None
    out.write(_("Saved as import #%(number)s.") % {"number": record.pk})


def preview_lines(plan):
    counts = plan.counts
    yield _("%(file)s, programme %(programme)s: %(created)s to create, %(updated)s to update, %(unchanged)s unchanged.") % {
        "file": plan.file_name, "programme": plan.programme.number,
        "created": counts["create"], "updated": counts["update"], "unchanged": counts["unchanged"],
    }
    for row in plan.rows:
        if row.action == UNCHANGED:
            continue
        mark = "+" if row.action == CREATE else "~"
        yield f"  {mark} {row.record.label} ({_('row %(row)s') % {'row': row.record.row}})"
        for change in row.changes:
            yield f"      {change.label}: {change.old} → {change.new}"
    for title, issues in ((_("Errors"), plan.errors), (_("Warnings"), plan.warnings)):
        if issues:
            yield f"{title} ({len(issues)}):"
            for issue in issues:
                value = f" [{issue.value}]" if issue.value else ""
                place = f"{issue.place()}: " if issue.place() else ""
                yield f"  {place}{issue.message}{value}"
    if plan.kind == "appendix" and plan.rows:
        if plan.differences:
            yield _("Reconciliation: %(count)s stated figures differ from the sum of their rows:") % {"count": len(plan.differences)}
            for difference in plan.differences:
                yield "  " + difference.message()
        else:
            yield _("Reconciliation: every stated subtotal and the grand total equal the sum of their rows.")

