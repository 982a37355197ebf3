#!/usr/bin/env bash
# Installs everything, creates the SQLite database, loads the seed programme and
# the demo accounts, and serves the portal on http://127.0.0.1:8000 with the worker that makes its background
# jobs (large exports and imports) beside it; stopping the server (Ctrl+C) stops the worker.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
export DEBUG=${DEBUG:-1}
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py demo
.venv/bin/python manage.py schedule_daily  # the reminders and the clean-up, each day at 07:00, by the worker
# The worker exits when its database connection breaks, and after 100 jobs (WeasyPrint keeps some memory of each
# PDF); started again, as systemd does in production (docs/deploy.md).
keep_worker_running() {
  trap 'kill "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM
  while true; do
    .venv/bin/python manage.py db_worker --no-startup-delay --no-reload --max-tasks 100 &
    child=$!
    wait "$child" || true
    sleep 2
  done
}
keep_worker_running &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT
trap 'exit 130' INT TERM
echo "socaid: open http://127.0.0.1:8000 (accounts in README.md)"
.venv/bin/python manage.py runserver 127.0.0.1:8000
