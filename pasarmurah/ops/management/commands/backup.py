"""manage.py backup [--output DIR]: one archive of the database, the uploads and a manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pasarmurah.ops.backup import BackupError
from pasarmurah.ops.services import backup_daily, backup_run


class Command(BaseCommand):
    help = "Write one backup archive (database, product images, private uploads, manifest)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="folder for the archive (default: BACKUP_DIR)")
        parser.add_argument(
            "--daily",
            action="store_true",
            help="the daily routine (for a systemd timer): into BACKUP_DIR with the retention, and nothing"
            " when today's daily backup already succeeded (the job worker's, or an earlier timer run)",
        )

    def handle(self, *args, output=None, daily=False, **options):
        if daily and output:
            raise CommandError("--daily writes into BACKUP_DIR; leave out --output")
        try:
            run = backup_daily() if daily else backup_run(output_dir=output)
        except BackupError as exc:
            raise CommandError(f"Backup failed: {exc}") from exc
        if run is None:
            self.stdout.write("The daily backup already succeeded within the last 20 hours: nothing to do.")
            return
        self.stdout.write(
            f"{run.archive}\n{run.tables} tables, {run.rows} rows, {run.files} files, {run.size_bytes} bytes"
        )
