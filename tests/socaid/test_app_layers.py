"""The apps' layers (DESIGN.md §5): partners <- projects <- reporting, with socaid (settings, jobs, downloads) beneath
them all. A module that imports upwards ties a lower app to a higher one; this reads every import statement."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What each app's code may not import (its migrations included).
ABOVE = {"socaid": ("partners", "projects", "reporting"), "partners": ("projects", "reporting"), "projects": ("reporting",)}
# Settings and the URL map name every app: they sit on top of them, not beneath.
TOP = {"socaid/settings.py", "socaid/test_settings.py", "socaid/urls.py", "socaid/wsgi.py", "socaid/asgi.py"}


def _imports(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


@pytest.mark.parametrize("app", sorted(ABOVE))
def test_an_app_imports_nothing_from_the_apps_above_it(app):
    upward = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / app).rglob("*.py"))
        if str(path.relative_to(ROOT)) not in TOP
        for name in _imports(path)
        if name.split(".")[0] in ABOVE[app]
    ]
    assert upward == []
