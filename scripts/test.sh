#!/usr/bin/env bash
# Runs the whole test suite; on PostgreSQL when DATABASE_URL points at one.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
# One worker per core (SOCAID_TEST_WORKERS=0 runs in this process, for a debugger); each has its own database.
exec .venv/bin/python -m pytest -n "${SOCAID_TEST_WORKERS:-auto}" "$@"
