"""Operations' reads: what the dashboard says about backups, what /healthz says about the job worker."""

import datetime

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from pasarmurah.ops.models import BackupRun, BackupStatus, WorkerHeartbeat


def backup_latest() -> BackupRun | None:
    return BackupRun.objects.exclude(status=BackupStatus.RUNNING).first()


def backup_problem(*, now: datetime.datetime | None = None) -> dict | None:
    """What the Owner must know about backups, or None when all is well.

    A problem is: the last finished run failed, or no run ever succeeded, or the last success is older than
    BACKUP_MAX_AGE_HOURS (the daily job stopped). The dict holds `kind` ("failed", "never", "stale"), a
    `message` to show and the runs it is about (`run`: the last finished, `last_ok`: the last success).
    """
    now = now or timezone.now()
    latest = backup_latest()
    last_ok = BackupRun.objects.filter(status=BackupStatus.OK).first()
    if latest is not None and latest.status == BackupStatus.FAILED:
        message = _("The last backup (%(when)s) failed: %(error)s") % {
            "when": timezone.localtime(latest.started_at).strftime("%d-%m-%Y %H:%M"),
            "error": latest.error.splitlines()[0] if latest.error else "",
        }
        return {"kind": "failed", "message": message, "run": latest, "last_ok": last_ok}
    if last_ok is None:
        return {"kind": "never", "message": _("No backup of the shop has been made yet."), "run": None}
    if now - last_ok.started_at > datetime.timedelta(hours=settings.BACKUP_MAX_AGE_HOURS):
        message = _("The last successful backup is from %(when)s: the daily backup is not running.") % {
            "when": timezone.localtime(last_ok.started_at).strftime("%d-%m-%Y %H:%M")
        }
        return {"kind": "stale", "message": message, "run": latest, "last_ok": last_ok}
    return None


def worker_health() -> tuple[str, dict]:
    """For /healthz: "ok" while the job worker's heartbeat is fresh, else "stale" (or "unknown" when the
    database cannot tell), with the last beat and its age in seconds."""
    try:
        beat = WorkerHeartbeat.objects.filter(pk=1).values_list("last_beat_at", flat=True).first()
    except DatabaseError:
        return "unknown", {}
    if beat is None:
        return "stale", {"worker_last_beat": None}
    age = int((timezone.now() - beat).total_seconds())
    state = "ok" if age <= settings.WORKER_HEARTBEAT_STALE_SECONDS else "stale"
    return state, {"worker_last_beat": beat.isoformat(), "worker_age_seconds": max(age, 0)}
