"""What operations record: each backup run (failures reach the dashboard) and the job worker's heartbeat."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pasarmurah.core.models import SingletonModel


class BackupStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    OK = "ok", _("Succeeded")
    FAILED = "failed", _("Failed")


class BackupRun(models.Model):
    """One run of `manage.py backup` or of the daily job: when, where to, how it ended."""

    class Trigger(models.TextChoices):
        DAILY = "daily", _("Daily job")
        MANUAL = "manual", _("Command")

    started_at = models.DateTimeField(_("started at"), db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices, default=Trigger.MANUAL)
    status = models.CharField(
        _("status"), max_length=10, choices=BackupStatus.choices, default=BackupStatus.RUNNING
    )
    archive = models.CharField(_("archive"), max_length=500, blank=True)
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    tables = models.PositiveIntegerField(_("tables"), default=0)
    rows = models.PositiveBigIntegerField(_("rows"), default=0)
    files = models.PositiveIntegerField(_("files"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("backup run")
        verbose_name_plural = _("backup runs")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"


class WorkerHeartbeat(SingletonModel):
    """The job worker's last sign of life, written by a periodic job each minute; /healthz reports its age."""

    last_beat_at = models.DateTimeField(_("last beat at"), null=True, blank=True)
    beats = models.PositiveBigIntegerField(_("beats"), default=0)

    class Meta(SingletonModel.Meta):
        verbose_name = _("job worker heartbeat")
        verbose_name_plural = _("job worker heartbeat")

    def __str__(self) -> str:
        return f"{self.last_beat_at}"
