"""Operations' periodic jobs: the daily backup with retention, the planner statistics of an SQLite database
after it, and the worker's heartbeat each minute."""

import datetime
import zoneinfo

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from pasarmurah.ops import services


def _daily_at_utc(local_time: str) -> crontab:
    """Huey's schedule is in UTC (HUEY utc=True): turn the shop's local HH:MM into UTC."""
    hour, minute = (int(part) for part in local_time.split(":"))
    local = datetime.datetime(2026, 1, 1, hour, minute, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    utc = local.astimezone(datetime.UTC)
    return crontab(hour=str(utc.hour), minute=str(utc.minute))


@db_periodic_task(_daily_at_utc(settings.BACKUP_TIME))
@lock_task("ops-backup-daily")
def backup_daily() -> int | None:
    run = services.backup_daily()
    return run.pk if run else None


@db_periodic_task(_daily_at_utc(settings.DATABASE_ANALYZE_TIME))
@lock_task("ops-database-analyze")
def database_analyze_daily() -> bool:
    return services.database_statistics_refresh()


@db_periodic_task(crontab(minute="*"))
def worker_heartbeat() -> bool:
    return services.heartbeat_beat()
