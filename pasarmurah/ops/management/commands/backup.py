"""manage.py backup [--output DIR]: one archive of the database, the uploads and a manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pasarmurah.ops.backup import BackupError
from pasarmurah.ops.services import backup_run


class Command(BaseCommand):
    help = "Write one backup archive (database, product images, private uploads, manifest)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="folder for the archive (default: BACKUP_DIR)")

    def handle(self, *args, output=None, **options):
        try:
            run = backup_run(output_dir=output)
        except BackupError as exc:
            raise CommandError(f"Backup failed: {exc}") from exc
        self.stdout.write(
            f"{run.archive}\n{run.tables} tables, {run.rows} rows, {run.files} files, {run.size_bytes} bytes"
        )
