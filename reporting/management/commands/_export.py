"""What export_appendix and export_plan share: finding the programme, checking the choices, writing the file."""
import argparse
from pathlib import Path

from django.core.management.base import CommandError

from projects.management.programmes import find_programme  # noqa: F401  (the export commands import it from here)

FORMATS = ("pdf", "xlsx", "html")
LANGUAGES = ("vi", "en")


def add_common_arguments(parser):
    parser.add_argument("--format", default="pdf", help="pdf, xlsx or html")
    parser.add_argument("--lang", default="vi", help="vi or en")
    parser.add_argument("--output", required=True, help="the file to write")
    parser.add_argument("--programme", help="code or number of the programme (default: the latest)")


def add_signature_argument(parser):
    # A document printed from the shell is the one to be signed: the block is on unless --no-signature.
    parser.add_argument(
        "--signature", action=argparse.BooleanOptionalAction, default=True,
        help="the issuing body's signature block below the table (default); --no-signature leaves it out",
    )


def check_choices(options):
    # Checked here rather than by argparse so that a wrong value gives one line, not usage plus error.
    if options["format"] not in FORMATS:
        raise CommandError(f"Unknown format {options['format']!r}; use one of {', '.join(FORMATS)}.")
    if options["lang"] not in LANGUAGES:
        raise CommandError(f"Unknown language {options['lang']!r}; use vi or en.")


def write(output, content):
    path = Path(output)
    if not path.parent.exists():
        raise CommandError(f"The folder {path.parent} does not exist.")
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path
