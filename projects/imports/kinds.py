"""The layouts an import understands, each with the function that turns a file into a plan."""
from django.utils.translation import gettext_lazy as _

from projects.imports.appendix_plan import plan_appendix_file
from projects.imports.flat import plan_bank_file
from projects.imports.plan import UNWATCHED
from projects.imports.registry import plan_ngo_file, plan_organisation_file, plan_succession_file

KINDS = {
    "bank": (_("Flat list of the bank (a row per budget line, .xlsx or .csv)"), plan_bank_file),
    "appendix": (_("Appendix layout (list of proposed projects by sector)"), plan_appendix_file),
    "ngos": (_("NGO registry (.xlsx or .csv, one NGO per row, matched on its code)"), plan_ngo_file),
    "organisations": (_("Organisations (.xlsx or .csv, one per row, matched on its code)"), plan_organisation_file),
    "successions": (_("Successions of administrative units (.xlsx or .csv, one per row, matched on the predecessor's and the successor's codes)"), plan_succession_file),
}


def plan_file(kind, content, name, programme, progress=UNWATCHED):
    """The plan for ``content`` read as ``kind``; UnreadableFile when it is not a spreadsheet one can read.
    ``progress`` (a job's) hears of the rows read and checked."""
    return KINDS[kind][1](content, name, programme, progress=progress)
