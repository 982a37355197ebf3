#!/usr/bin/env bash
# Installs everything, creates the SQLite database, loads the seed programme and
# the demo accounts, and serves the portal on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
export DEBUG=${DEBUG:-1}
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py demo
echo "socaid: open http://127.0.0.1:8000 (accounts in README.md)"
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
