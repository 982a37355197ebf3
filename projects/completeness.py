"""What a proposal still lacks before a workflow step, as a list a person can act on.

Pure Python over a project whose lines and admin units are already loaded, so
a page can show it without more queries.
"""
from django.utils.translation import gettext_lazy as _

# Each check: (key, label, test on the project, its lines and admin units).
CHECKS = {
    "name": (_("Project name in Vietnamese"), lambda p, lines, units: bool(p.name.strip())),
    "content": (_("Content in Vietnamese"), lambda p, lines, units: bool(p.content.strip())),
    "location": (_("Location as written"), lambda p, lines, units: bool(p.location_text.strip())),
    "period": (_("Start and end year"), lambda p, lines, units: bool(p.start_year and p.end_year)),
    "total": (
        _("Total budget on every budget line"),
        lambda p, lines, units: bool(lines) and all(line.total is not None for line in lines),
    ),
    "aid": (
        _("Aid sought and counterpart funds on every budget line"),
        lambda p, lines, units: bool(lines) and all(line.aid_sought is not None and line.counterpart is not None for line in lines),
    ),
    "units": (_("Administrative units covered"), lambda p, lines, units: bool(units)),
    "name_en": (_("Project name in English"), lambda p, lines, units: bool(p.name_en.strip())),
    "content_en": (_("Content in English"), lambda p, lines, units: bool(p.content_en.strip())),
}

# What each step needs: a unit submits a workable proposal; NGOs need it whole and in English.
REQUIRED = {
    "submit": ["name", "content", "location", "period", "total"],
    "publish": ["name", "content", "location", "period", "total", "aid", "units", "name_en", "content_en"],
}


def missing(project, lines, units, step="publish"):
    """Labels of what ``project`` lacks for ``step``; empty when it is ready."""
    return [CHECKS[key][0] for key in REQUIRED.get(step, []) if not CHECKS[key][1](project, lines, units)]
