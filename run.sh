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

echo "Starting the job worker (e-mail outbox, periodic jobs) and the web server..."
python manage.py run_huey --quiet &
worker=$!
gunicorn pasarmurah.wsgi --bind "127.0.0.1:${PORT}" --workers "${WEB_WORKERS:-3}" --access-logfile - --log-level warning &
web=$!
# Ctrl+C or a stop signal ends both; if either one dies, the other is stopped too.
trap 'kill "$worker" "$web" 2>/dev/null || true; wait' EXIT INT TERM

cat <<MSG

  Toko Pasar Murah Solo is running at http://127.0.0.1:${PORT}/
  Staff order desk:                  http://127.0.0.1:${PORT}/staf/pesanan/
  Staff side (Django admin):         http://127.0.0.1:${PORT}/admin/
$(python manage.py demo_logins)
  E-mails are written to var/mail/. Stop with Ctrl+C.

MSG
wait -n "$worker" "$web"
