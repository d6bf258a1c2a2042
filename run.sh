#!/usr/bin/env bash
# Serve the demo shop: ./run.sh   (PORT=8000 by default). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
export HTTPS=${HTTPS:-0}          # the demo is served on plain http://127.0.0.1
. scripts/venv.sh
PORT=${PORT:-8000}
python manage.py migrate --noinput
python manage.py load_demo
python manage.py collectstatic --noinput --verbosity 0

echo "Starting the job worker (e-mail outbox, periodic jobs)..."
python manage.py run_huey --quiet &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM

cat <<MSG

  Toko Pasar Murah Solo is running at http://127.0.0.1:${PORT}/
  Staff side (Django admin):         http://127.0.0.1:${PORT}/admin/
$(python manage.py demo_logins)
  E-mails are written to var/mail/. Stop with Ctrl+C.

MSG
gunicorn pasarmurah.wsgi --bind "127.0.0.1:${PORT}" --workers "${WEB_WORKERS:-3}" --access-logfile - --log-level warning
