"""The production recipe as docs/deploy.md writes it, read by the tests that run or check it: its environment file,
its systemd units' ExecStart lines and its nginx site, so that what the document says is what is tested."""
import re
import secrets
import shlex
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"


def code_blocks():
    """The document's code blocks, in the order a reader runs them."""
    return re.findall(r"```[a-z]*\n(.*?)```", DOC.read_text(), flags=re.S)


def _block(first_line):
    """The lines of the document's first code block that starts with ``first_line``."""
    for block in code_blocks():
        if block.startswith(first_line):
            return block.splitlines()
    raise AssertionError(f"docs/deploy.md has no code block starting with {first_line!r}")


def documented_values():
    """The documented environment file as written."""
    return dict(line.split("=", 1) for line in _block("# /etc/socaid/env") if line and not line.startswith("#"))


def documented_environment(directory):
    """The documented environment file, with a new random key, and a SQLite database and folders in ``directory``
    in place of the server's."""
    return documented_values() | {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{Path(directory) / 'socaid.sqlite3'}",
        "SOCAID_DATA_DIR": str(Path(directory) / "data"),
        "STATIC_ROOT": str(Path(directory) / "static"),
    }


def documented_unit(name):
    """The documented systemd unit ``name`` (socaid.service, socaid-worker.service) as {key: value}."""
    lines = _block(f"# /etc/systemd/system/{name}\n")
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def documented_exec_start(name="socaid.service"):
    """The command of a documented systemd unit (the web server's by default), as a list of arguments."""
    return shlex.split(documented_unit(name)["ExecStart"])


def documented_nginx_site():
    """The documented nginx site: {"server": the HTTPS server's own directives, "location PREFIX": its directives},
    each directive as a list of its words, without comments."""
    text = "\n".join(line.split("#", 1)[0] for line in _block("# /etc/nginx/sites-available/socaid"))
    https = next(body for body in _servers(text) if re.search(r"listen 443 ssl", body))
    site = {}
    for prefix, body in re.findall(r"location\s+(\S+)\s*\{(.*?)\}", https, flags=re.S):
        site[f"location {prefix}"] = _directives(body)
    site["server"] = _directives(re.sub(r"location\s+\S+\s*\{.*?\}", "", https, flags=re.S))
    return site


def _servers(text):
    """The bodies of the ``server { ... }`` blocks (locations nest one level deep)."""
    return [match.group(1) for match in re.finditer(r"server\s*\{((?:[^{}]|\{[^{}]*\})*)\}", text)]


def _directives(body):
    lexer = shlex.shlex(body, posix=True, punctuation_chars=";")
    lexer.whitespace_split = True
    directives, words = [], []
    for token in lexer:
        if token == ";":
            directives.append(words)
            words = []
        else:
            words.append(token)
    return directives
