"""The daily job and its retention, failures reaching the Owner and the dashboard, the worker's heartbeat in
/healthz, request ids and JSON logs, and the error-reporting hook that stays off without its DSN."""

import datetime
import json
import logging
import os
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone, translation

from pasarmurah.accounts.roles import OWNER
from pasarmurah.accounts.tests.factories import StaffFactory
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.ops import tasks
from pasarmurah.ops.backup import BackupError
from pasarmurah.ops.logs import JsonFormatter, RequestIdFilter, request_id_var
from pasarmurah.ops.models import BackupRun, BackupStatus, WorkerHeartbeat
from pasarmurah.ops.selectors import backup_problem, worker_health
from pasarmurah.ops.services import (
    backup_daily,
    backup_run,
    backups_prune,
    database_statistics_refresh,
    heartbeat_beat,
)

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def _archive(folder: Path, when: datetime.datetime) -> Path:
    path = folder / f"pasarmurah-{when.astimezone(datetime.UTC):%Y%m%dT%H%M%S}000000Z.tar.gz"
    path.write_bytes(b"x")
    return path


def test_retention_keeps_the_newest_of_seven_days_and_four_weeks(tmp_path):
    start = datetime.datetime(2026, 12, 1, 2, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))  # a Tuesday
    daily = [_archive(tmp_path, start - datetime.timedelta(days=n)) for n in range(40)]
    extra_today = _archive(tmp_path, start - datetime.timedelta(hours=1))  # a manual run the same day
    stranger = tmp_path / "notes.tar.gz"
    stranger.write_bytes(b"mine")
    deleted = backups_prune(folder=tmp_path, daily=7, weekly=4)
    kept = sorted(path.name for path in tmp_path.glob("pasarmurah-*"))
    # the last 7 days (Tuesday back to Wednesday), plus the newest of each of the last 4 ISO weeks: this
    # week's and last week's are among those days, then the Sundays 9 and 16 days back
    expected = {daily[n].name for n in range(7)} | {daily[9].name, daily[16].name}
    assert set(kept) == expected
    assert extra_today in deleted and stranger.exists()
    assert backups_prune(folder=tmp_path, daily=7, weekly=4) == []


def test_a_failed_backup_is_recorded_mailed_to_the_owner_and_shown(tmp_path, settings, committed):
    owner = StaffFactory(email="pemilik@example.id")
    owner.groups.add(Group.objects.get(name=OWNER))
    StaffFactory(email="cs@example.id")  # not an Owner: not told
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with committed(), pytest.raises(BackupError):
        backup_run(output_dir=blocker / "backups")
    run = BackupRun.objects.get()
    assert run.status == BackupStatus.FAILED and run.finished_at and run.error
    mail = OutboundEmail.objects.get()
    assert (mail.to, mail.kind) == ("pemilik@example.id", "staff_backup_failed")
    assert "gagal" in mail.subject.lower()
    problem = backup_problem()
    assert problem["kind"] == "failed" and problem["run"] == run
    with translation.override("id"):
        problem = backup_problem()
        html = render_to_string("ops/includes/backup_alert.html", {"backup_problem": problem})
    assert "alert-danger" in html and "gagal" in html.lower()
    assert render_to_string("ops/includes/backup_alert.html", {"backup_problem": None}).strip() == ""


def test_the_daily_job_backs_up_once_a_day_and_prunes(tmp_path, settings):
    settings.BACKUP_DIR = tmp_path / "daily"
    (tmp_path / "daily").mkdir()
    (tmp_path / "daily" / "pasarmurah-20200101T000000000000Z.tar.gz").write_bytes(b"an old archive")
    assert backup_problem()["kind"] == "never"
    tasks.backup_daily.call_local()
    tasks.backup_daily.call_local()  # queued twice (two schedulers): done once
    runs = BackupRun.objects.filter(trigger=BackupRun.Trigger.DAILY)
    assert runs.count() == 1 and runs.get().status == BackupStatus.OK
    archives = list((tmp_path / "daily").glob("pasarmurah-*.tar.gz"))
    assert len(archives) == 2  # the new one, and the old one as its week's
    assert backup_problem() is None
    later = timezone.now() + datetime.timedelta(hours=settings.BACKUP_MAX_AGE_HOURS + 1)
    assert backup_problem(now=later)["kind"] == "stale"
    assert backup_daily() is None
    call_command("backup", "--daily")  # the systemd timer after the worker's job: nothing more
    assert BackupRun.objects.count() == 1


def test_the_heartbeat_counts_once_a_minute_and_healthz_reports_it(settings):
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 180
    assert worker_health()[0] == "stale"
    body = json.loads(Client().get("/healthz").content)
    assert body == {
        "status": "degraded",
        "database": "ok",
        "cache": "ok",
        "worker": "stale",
        "worker_last_beat": None,
    }
    minute = timezone.now().replace(second=5, microsecond=0)
    assert heartbeat_beat(now=minute) is True
    assert (
        heartbeat_beat(now=minute + datetime.timedelta(seconds=30)) is False
    )  # a second worker, same minute
    assert heartbeat_beat(now=minute + datetime.timedelta(seconds=60)) is True
    assert WorkerHeartbeat.load().beats == 2
    tasks.worker_heartbeat.call_local()
    response = Client().get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 200 and body["status"] == "ok" and body["worker"] == "ok"
    WorkerHeartbeat.objects.update(last_beat_at=timezone.now() - datetime.timedelta(minutes=10))
    body = json.loads(Client().get("/healthz").content)
    assert (body["status"], body["worker"]) == ("degraded", "stale") and body["worker_age_seconds"] >= 600


def test_every_response_carries_a_request_id_and_a_sane_one_from_the_proxy_is_kept(client):
    first = client.get("/profil-toko/")["X-Request-ID"]
    second = client.get("/profil-toko/")["X-Request-ID"]
    assert len(first) == 32 and first != second
    assert client.get("/profil-toko/", HTTP_X_REQUEST_ID="nginx-1234abcd")["X-Request-ID"] == "nginx-1234abcd"
    refused = client.get("/profil-toko/", HTTP_X_REQUEST_ID="bad id\r\nSet-Cookie: x")["X-Request-ID"]
    assert len(refused) == 32 and "bad" not in refused


def test_log_lines_are_json_with_the_request_id():
    record = logging.LogRecord("pasarmurah.orders", logging.WARNING, __file__, 1, "Order %s late", (7,), None)
    record.order_id = 7
    token = request_id_var.set("req-abcdef12")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Order 7 late" and line["level"] == "WARNING"
    assert (
        line["request_id"] == "req-abcdef12"
        and line["order_id"] == 7
        and line["logger"] == "pasarmurah.orders"
    )
    try:
        raise ValueError("boom")
    except ValueError:
        failed = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    assert "ValueError: boom" in json.loads(JsonFormatter().format(failed))["exception"]


@pytest.mark.parametrize("dsn, active", [("", "False"), ("http://public@127.0.0.1:9/1", "True")])
def test_error_reports_go_to_sentry_only_with_a_dsn(tmp_path, dsn, active):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SENTRY_DSN"}}
    env |= {"DJANGO_SETTINGS_MODULE": "pasarmurah.settings", "VAR_DIR": str(tmp_path), "SENTRY_DSN": dsn}
    script = "import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split()[-1:] == [active], result.stdout + result.stderr


def autovacuum_on() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        return cursor.fetchone()[0] == "on"


def test_the_daily_statistics_job_gives_sqlite_planner_statistics_and_leaves_the_others_alone():
    # given members, so the tables have rows to describe
    for _ in range(3):
        StaffFactory()
    ran = tasks.database_analyze_daily.call_local()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # then PostgreSQL is left to its autovacuum, unless the server switched that off
            assert ran is not autovacuum_on()
            return
        if connection.vendor != "sqlite":
            # then MariaDB, which keeps its own statistics, is not touched
            assert ran is False
            return
        cursor.execute("SELECT tbl FROM sqlite_stat1")
        described = {row[0] for row in cursor.fetchall()}
    # then SQLite has statistics for the tables with rows (the planner's choice of a covering index)
    assert ran is True
    assert "accounts_user" in described


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_without_autovacuum_the_daily_job_vacuums_and_analyzes(settings):
    if connection.vendor != "postgresql":
        assert database_statistics_refresh() is (connection.vendor == "sqlite")
        return
    StaffFactory()
    ran = tasks.database_analyze_daily.call_local()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname = 'accounts_user'"
        )
        vacuumed, analyzed = cursor.fetchone()
    if autovacuum_on():
        assert ran is False
    else:
        assert (ran, vacuumed, analyzed) == (True, True, True)
