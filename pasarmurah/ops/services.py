"""Operations' writes: run a backup (recorded, failures mailed to the Owner), prune old archives, restore one,
and the job worker's heartbeat."""

import datetime
import logging
import re
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from pasarmurah.accounts.models import User
from pasarmurah.accounts.roles import OWNER
from pasarmurah.mail.outbox import email_queue
from pasarmurah.ops.backup import BackupError, RestoreReport, archive_create, archive_restore
from pasarmurah.ops.models import BackupRun, BackupStatus, WorkerHeartbeat

logger = logging.getLogger(__name__)

ARCHIVE_NAME = re.compile(r"^pasarmurah-(\d{8}T\d{6})\d*Z\.tar\.gz$")


def file_roots() -> dict[str, Path]:
    """The archive's folders: public product images and the private uploads."""
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


def backup_run(*, output_dir: Path | None = None, trigger: str = BackupRun.Trigger.MANUAL) -> BackupRun:
    """Write one archive (see `ops.backup`) and record the run; a failure is recorded, mailed to the Owner
    and raised as BackupError."""
    output_dir = Path(output_dir or settings.BACKUP_DIR)
    run = BackupRun.objects.create(started_at=timezone.now(), trigger=trigger)
    try:
        archive, manifest = archive_create(
            database=connections["default"].settings_dict, roots=file_roots(), output_dir=output_dir
        )
    except Exception as exc:
        logger.exception("Backup %s failed", run.pk)
        backup_failed(run=run, error=f"{type(exc).__name__}: {exc}")
        if isinstance(exc, BackupError):
            raise
        raise BackupError(str(exc)) from exc
    run.status = BackupStatus.OK
    run.finished_at = timezone.now()
    run.archive = str(archive)
    run.size_bytes = archive.stat().st_size
    run.tables = len(manifest["tables"])
    run.rows = sum(table["rows"] for table in manifest["tables"].values())
    run.files = len(manifest["files"])
    run.save()
    logger.info("Backup %s written to %s (%s bytes)", run.pk, archive, run.size_bytes)
    return run


def backup_failed(*, run: BackupRun, error: str) -> None:
    """Record the failure and mail each Owner (once per run and address, through the outbox)."""
    with transaction.atomic():
        run.status = BackupStatus.FAILED
        run.finished_at = timezone.now()
        run.error = error[:5000]
        run.save(update_fields=["status", "finished_at", "error"])
        owners = User.objects.filter(groups__name=OWNER, is_active=True).exclude(email="")
        for owner in owners.distinct().order_by("pk"):
            email_queue(
                to=owner.email,
                kind="staff_backup_failed",
                template="ops/email/backup_failed",
                context={"run": run, "error": run.error, "owner": owner},
                user=owner,
                dedupe_key=f"backup-failed:{run.pk}:{owner.pk}",
            )


def backup_daily() -> BackupRun | None:
    """The daily job: one archive into BACKUP_DIR, then the retention. Runs once a day even when the job is
    queued twice (two workers' schedulers): a successful daily run of the last 20 hours means done."""
    recent = timezone.now() - datetime.timedelta(hours=20)
    if BackupRun.objects.filter(
        trigger=BackupRun.Trigger.DAILY, status=BackupStatus.OK, started_at__gte=recent
    ).exists():
        return None
    run = backup_run(trigger=BackupRun.Trigger.DAILY)
    backups_prune(
        folder=Path(settings.BACKUP_DIR), daily=settings.BACKUP_KEEP_DAILY, weekly=settings.BACKUP_KEEP_WEEKLY
    )
    return run


def database_statistics_refresh(using: str = "default") -> bool:
    """Refresh the query planner's statistics where nothing else does; True when it ran.

    SQLite keeps none by itself (ANALYZE here): without them it takes a range index over a covering one, and
    the customer report's per-member pass reads every order row at 330,000 orders (1.2 s) instead of the
    index alone (0.1 s). PostgreSQL's autovacuum keeps its statistics and the visibility map its index-only
    scans need; on a server where autovacuum is switched off, this runs VACUUM (ANALYZE) instead (without
    it, the customer and birthday reports read the heap: 190 → 410 ms at full size). InnoDB (MariaDB)
    keeps persistent statistics by itself: nothing to do there."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return True
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            if cursor.fetchone()[0] == "on":
                return False
            if connection.in_atomic_block:  # VACUUM cannot run in a transaction: statistics only
                cursor.execute("ANALYZE")
            else:
                cursor.execute("VACUUM (ANALYZE)")
        return True
    return False


def backups_prune(*, folder: Path, daily: int = 7, weekly: int = 4) -> list[Path]:
    """Keep the newest archive of each of the last `daily` days and of the last `weekly` ISO weeks (days and
    weeks in the shop's time zone, counted among those that have an archive); delete the other archives.
    Returns what was deleted. Only files named like our archives are touched."""
    archives = []
    for path in folder.glob("pasarmurah-*.tar.gz"):
        match = ARCHIVE_NAME.match(path.name)
        if match:
            taken = datetime.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=datetime.UTC)
            archives.append((timezone.localtime(taken), path))
    archives.sort(reverse=True)
    keep: set[Path] = set()
    for slots, slot_of in ((daily, lambda t: t.date()), (weekly, lambda t: t.isocalendar()[:2])):
        seen = []
        for taken, path in archives:
            slot = slot_of(taken)
            if slot not in seen:
                if len(seen) == slots:
                    break
                seen.append(slot)
                keep.add(path)
    deleted = [path for _, path in archives if path not in keep]
    for path in deleted:
        path.unlink(missing_ok=True)
        logger.info("Backup %s removed by the retention", path.name)
    return deleted


def backup_restore(*, archive: Path, force: bool = False) -> RestoreReport:
    """Restore an archive into this shop's database and folders (see `ops.backup.archive_restore`)."""
    database = dict(connections["default"].settings_dict)
    connections.close_all()
    return archive_restore(archive=Path(archive), database=database, roots=file_roots(), force=force)


def heartbeat_beat(*, now: datetime.datetime | None = None) -> bool:
    """The job worker is alive: count one beat per minute (a second run in the same minute, from a second
    worker's scheduler, changes nothing). Returns whether this run counted."""
    now = now or timezone.now()
    minute = now.replace(second=0, microsecond=0)
    WorkerHeartbeat.load()
    due = Q(last_beat_at__isnull=True) | Q(last_beat_at__lt=minute)
    counted = WorkerHeartbeat.objects.filter(due).update(last_beat_at=now, beats=F("beats") + 1)
    return bool(counted)
