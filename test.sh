#!/usr/bin/env bash
# Run the whole test suite: ./test.sh [pytest arguments]
# DATABASE_URL picks the database (SQLite by default; postgres://... or mysql://... work too).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/venv.sh
exec python -m pytest "$@"
