"""The production recipe as docs/deploy.md writes it, read by the tests that run it: its environment file and
its systemd unit's ExecStart line, so that what the document says is what is tested."""
import re
import secrets
import shlex
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"


def _block(first_line):
    """The lines of the document's code block that starts with ``first_line``."""
    for block in re.findall(r"```[a-z]*\n(.*?)```", DOC.read_text(), flags=re.S):
        if block.startswith(first_line):
            return block.splitlines()
    raise AssertionError(f"docs/deploy.md has no code block starting with {first_line!r}")


def documented_environment(directory):
    """The documented environment file, with a new random key, and a SQLite database and folders in ``directory``
    in place of the server's."""
    values = dict(line.split("=", 1) for line in _block("# /etc/socaid/env") if line and not line.startswith("#"))
    return values | {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{Path(directory) / 'socaid.sqlite3'}",
        "SOCAID_DATA_DIR": str(Path(directory) / "data"),
        "STATIC_ROOT": str(Path(directory) / "static"),
    }


def documented_exec_start():
    """The web server's command in the documented systemd unit, as a list of arguments."""
    line = next(line for line in _block("# /etc/systemd/system/socaid.service") if line.startswith("ExecStart="))
    return shlex.split(line.removeprefix("ExecStart="))
