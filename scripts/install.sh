#!/usr/bin/env bash
# Installs what socaid needs on Debian: the system packages WeasyPrint, the PDF
# checks and the browser tests use (when run as root), and a virtual environment
# in .venv with the Python packages pyproject.toml declares. Safe to run again:
# it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each entry is a package, or alternatives separated by "|" (the first one the
# Debian release offers is taken: Debian 13 folds fonts-liberation2 into
# fonts-liberation 2.x).
DEBIAN_PACKAGES=(
  "fonts-liberation2|fonts-liberation"
  "libharfbuzz-subset0"
  "libpango-1.0-0"
  "libpangoft2-1.0-0"
  "poppler-utils"
  "zbar-tools"
  "gettext"
  "chromium"
  "chromium-driver"
  "wrk"  # the load benchmark (manage.py benchmark_load)
)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
candidate() { apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}' | grep -qv '(none)'; }

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=()
  for entry in "${DEBIAN_PACKAGES[@]}"; do
    IFS='|' read -ra choices <<<"$entry"
    have=""
    for pkg in "${choices[@]}"; do installed "$pkg" && have=$pkg && break; done
    [ -n "$have" ] || missing+=("$entry")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "socaid: installing Debian packages: ${missing[*]}"
    apt-get update -q >/dev/null
    to_install=()
    for entry in "${missing[@]}"; do
      IFS='|' read -ra choices <<<"$entry"
      picked=""
      for pkg in "${choices[@]}"; do candidate "$pkg" && picked=$pkg && break; done
      if [ -n "$picked" ]; then to_install+=("$picked"); else echo "socaid: warning: no Debian package for $entry" >&2; fi
    done
    [ ${#to_install[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${to_install[@]}" >/dev/null
  fi
elif [ "$(id -u)" != 0 ]; then
  echo "socaid: not root, so Debian packages are not installed; see README.md for the list." >&2
fi

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate_python in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate_python" >/dev/null && "$candidate_python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      python=$candidate_python
      break
    fi
  done
fi
[ -n "$python" ] || { echo "socaid: Python 3.11 or newer is needed." >&2; exit 1; }

[ -x .venv/bin/python ] || "$python" -m venv .venv

# Reinstall only when pyproject.toml changed since the last install.
stamp=.venv/.socaid-installed
digest=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
  .venv/bin/python -m pip install -q --upgrade pip setuptools  # a new venv's setuptools is years old, with known vulnerabilities
  .venv/bin/python - <<'PY'
import subprocess, sys, tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
requirements = project["dependencies"] + [r for extra in project.get("optional-dependencies", {}).values() for r in extra]
subprocess.run([sys.executable, "-m", "pip", "install", "-q", *requirements], check=True)
PY
  echo "$digest" >"$stamp"
fi
