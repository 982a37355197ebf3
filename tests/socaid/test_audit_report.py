"""scripts/audit_report.py, CI's verdict on pip-audit's report: a known vulnerability fails, a package that could
not be checked is never counted as audited, and one installed at its latest release is audited from PyPI's project
page when the release's own page is out of reach."""
import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_report.py"


@pytest.fixture
def audit(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("audit_report", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "installed_versions", lambda: {"django": "5.2.19", "lxml": "6.0.0", "boolean-py": "5.0"})
    pages = {"django": ("6.1.3", []), "lxml": ("6.0.0", [{"id": "PYSEC-2099-1", "fixed_in": ["6.0.1"]}]), "boolean.py": ("5.0", [])}
    monkeypatch.setattr(module, "latest_release_vulnerabilities", lambda name: pages.get(name))

    def run(dependencies, strict=False):
        monkeypatch.setenv("AUDIT_STRICT", "1" if strict else "0")
        report = tmp_path / "report.json"
        report.write_text(json.dumps({"dependencies": dependencies, "fixes": []}))
        module.main(str(report), 0)

    return run


def skipped(name, version):
    return {"name": name, "skip_reason": f"Dependency not found on PyPI and could not be audited: {name} ({version})"}


def test_a_vulnerability_pip_audit_found_fails(audit, capsys):
    with pytest.raises(SystemExit) as stopped:
        audit([{"name": "requests", "version": "2.0.0", "vulns": [{"id": "GHSA-x", "fix_versions": ["2.31.0"]}]}])
    assert stopped.value.code == 1
    assert "VULNERABLE requests 2.0.0: GHSA-x (fixed in 2.31.0)" in capsys.readouterr().out


def test_a_package_at_its_latest_release_is_audited_from_the_project_page(audit, capsys):
    with pytest.raises(SystemExit) as stopped:
        audit([skipped("lxml", "6.0.0")])
    assert stopped.value.code == 1
    assert "VULNERABLE lxml 6.0.0: PYSEC-2099-1 (fixed in 6.0.1)" in capsys.readouterr().out


def test_an_older_release_is_not_audited_and_fails_only_when_strict(audit, capsys):
    audit([skipped("django", "5.2.19"), skipped("boolean.py", "5.0"), {"name": "six", "version": "1.16.0", "vulns": []}])
    out = capsys.readouterr().out
    assert "NOT AUDITED django 5.2.19" in out and "the latest release is 6.1.3" in out
    assert "NOT AUDITED boolean" not in out  # at its latest release, found under its canonical name
    assert "audit: 2 of 3 packages audited, 0 known vulnerabilities, 1 not audited" in out
    with pytest.raises(SystemExit) as stopped:
        audit([skipped("django", "5.2.19")], strict=True)
    assert stopped.value.code == 1
