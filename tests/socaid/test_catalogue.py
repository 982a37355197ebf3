"""Vietnamese is the portal's first language: every message of the code has its translation in the catalogue."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["manage.py", "socaid", "partners", "projects", "reporting", "templates", "locale"]


def entries(po_text):
    """(msgid, msgstr, flags) of each entry of a catalogue, the header left out."""
    found = []
    for block in po_text.split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        flags = {flag.strip() for line in lines if line.startswith("#,") for flag in line[2:].split(",")}
        fields, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                fields[current] += line[1:-1]
            else:
                current, _space, value = line.partition(" ")
                fields[current] = value[1:-1]
        if fields.get("msgid"):
            found.append((fields["msgid"], fields.get("msgstr", fields.get("msgstr[0]", "")), flags))
    return found


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext is installed by scripts/install.sh")
def test_every_message_has_its_vietnamese_translation(tmp_path):
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "socaid.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location"], cwd=tmp_path, env=env, check=True, capture_output=True
    )
    catalogue = entries((tmp_path / "locale/vi/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    missing = [msgid for msgid, msgstr, flags in catalogue if not msgstr or "fuzzy" in flags]
    assert not missing, f"{len(missing)} messages without a Vietnamese translation (run makemessages and translate): {missing[:10]}"
