#!/usr/bin/env bash
# Serve the demo shop: ./run.sh   (PORT=8000 by default). Safe to run again.
# The web server (gunicorn) and the job worker run side by side. A job worker that dies is restarted (and the
# restart is logged); Ctrl+C or SIGTERM stops both. If the web server itself dies, the script stops.
# WORKER_COMMAND replaces the job worker's command (default: python manage.py run_huey --quiet).
set -euo pipefail
cd "$(dirname "$0")"
export HTTPS=${HTTPS:-0}          # the demo is served on plain http://127.0.0.1
# The printed demo logins work with their password alone: staff two-step login is optional in the demo
# (an Owner may still turn it on under Akun Saya > Login dua langkah). Production defaults to required.
export STAFF_2FA=${STAFF_2FA:-optional}
export LOG_FORMAT=${LOG_FORMAT:-plain}  # the demo's log is read by eye; production logs JSON lines
. scripts/venv.sh
PORT=${PORT:-8000}
# Links in e-mails (registration, password reset, orders) must point at this very server, whatever its port.
export SITE_URL=${SITE_URL:-http://127.0.0.1:${PORT}}
WORKER_COMMAND=${WORKER_COMMAND:-python manage.py run_huey --quiet}

log() { echo "run.sh $(date '+%Y-%m-%d %H:%M:%S'): $*" >&2; }

python manage.py migrate --noinput
python manage.py load_demo
python manage.py collectstatic --noinput --verbosity 0

worker=""
web=""
worker_started=0

start_worker() {
  # Word splitting of WORKER_COMMAND is wanted: it is a command with its arguments.
  # shellcheck disable=SC2086
  $WORKER_COMMAND &
  worker=$!
  worker_started=$SECONDS
  log "job worker started (pid ${worker})"
}

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

stop_children() {
  local pids="" pid
  for pid in "$worker" "$web"; do
    if alive "$pid"; then pids="$pids $pid"; fi
  done
  [ -z "$pids" ] && return 0
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 1 100); do       # up to 10 s for a graceful stop, then no more waiting
    local left=""
    for pid in $pids; do
      if alive "$pid"; then left="$left $pid"; fi
    done
    [ -z "$left" ] && break
    sleep 0.1
  done
  for pid in $pids; do
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  wait 2>/dev/null || true
}

on_signal() {
  trap - INT TERM
  log "stopping the web server and the job worker"
  stop_children
  exit 0
}
trap on_signal INT TERM
trap stop_children EXIT

echo "Starting the job worker (e-mail outbox, periodic jobs) and the web server..."
start_worker
gunicorn pasarmurah.wsgi --bind "127.0.0.1:${PORT}" --workers "${WEB_WORKERS:-3}" --access-logfile - --log-level warning &
web=$!

cat <<MSG

  Toko Pasar Murah Solo is running at http://127.0.0.1:${PORT}/
  Staff order desk:                  http://127.0.0.1:${PORT}/staf/pesanan/
  Staff side (Django admin):         http://127.0.0.1:${PORT}/admin/
$(python manage.py demo_logins)
  Staff two-step login (STAFF_2FA): ${STAFF_2FA}. With "required" the Owner sets it up at the first login.
  E-mails are written to var/mail/. Stop with Ctrl+C.

MSG

delay=1
while :; do
  # Poll rather than `wait -n`: a child that ended while the banner above was printed is not reported by
  # `wait -n`. A signal ends the short `wait` at once, so Ctrl+C is not delayed.
  sleep 1 &
  wait $! || true
  if ! alive "$web"; then
    status=0
    wait "$web" || status=$?
    web=""
    log "the web server stopped (status ${status}); stopping the job worker"
    exit 1                        # the EXIT trap stops the worker
  fi
  if ! alive "$worker"; then
    status=0
    wait "$worker" || status=$?
    # A worker that ran for a while is restarted at once; one that keeps dying waits longer each time.
    if [ $((SECONDS - worker_started)) -ge 60 ]; then delay=1; fi
    log "the job worker stopped (status ${status}); restarting it in ${delay} s"
    sleep "$delay" &
    wait $! || true               # a signal during the pause still stops everything at once
    delay=$((delay * 2 > 30 ? 30 : delay * 2))
    start_worker
  fi
done
