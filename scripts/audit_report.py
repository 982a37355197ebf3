"""Reads pip-audit's JSON report and prints the verdict of scripts/audit.sh; exits 1 on a known vulnerability.

pip-audit asks PyPI about each installed release (/pypi/NAME/VERSION/json). Where that page cannot be had (on this
project's machines it answers 404), the project's own page (/pypi/NAME/json) still lists the vulnerabilities of
its latest release: a package installed at its latest release is audited from there. Any other is NOT AUDITED,
which is not a pass; AUDIT_STRICT=1 makes it fail.
"""
import json
import os
import re
import sys
import urllib.error
import urllib.request

PROJECT_PAGE = "https://pypi.org/pypi/{name}/json"


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_versions():
    from importlib.metadata import distributions

    return {canonical(dist.metadata["Name"]): dist.version for dist in distributions()}


def latest_release_vulnerabilities(name):
    """(latest version, its vulnerabilities) from the project's page, or None when it cannot be read."""
    try:
        with urllib.request.urlopen(PROJECT_PAGE.format(name=name), timeout=30) as answer:
            page = json.load(answer)
    except (urllib.error.URLError, OSError, ValueError):
        return None
    return page["info"]["version"], page.get("vulnerabilities") or []


def main(report_path, status):
    try:
        dependencies = json.load(open(report_path))["dependencies"]
    except (OSError, ValueError, KeyError):
        sys.exit(f"audit: pip-audit gave no report (exit {status}): see its messages above")
    versions = installed_versions()
    vulnerable, not_audited, audited = [], [], 0
    for dependency in dependencies:
        name = dependency["name"]
        if not dependency.get("skip_reason"):
            audited += 1
            vulnerable += [(name, dependency["version"], v["id"], v.get("fix_versions") or []) for v in dependency.get("vulns", [])]
            continue
        version = versions.get(canonical(name))
        latest = latest_release_vulnerabilities(name) if version else None
        if latest is None or latest[0] != version:
            not_audited.append(f"{name} {version or '?'}: {dependency['skip_reason']}" + (f"; the latest release is {latest[0]}" if latest else ""))
            continue
        audited += 1
        vulnerable += [(name, version, v["id"], v.get("fixed_in") or []) for v in latest[1] if not v.get("withdrawn")]
    for name, version, ident, fixed in vulnerable:
        print(f"VULNERABLE {name} {version}: {ident} (fixed in {', '.join(fixed) or 'no release yet'})")
    for line in not_audited:
        print(f"NOT AUDITED {line}")
    print(f"audit: {audited} of {len(dependencies)} packages audited, {len(vulnerable)} known vulnerabilities, {len(not_audited)} not audited")
    if vulnerable or (not_audited and os.environ.get("AUDIT_STRICT") == "1"):
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
