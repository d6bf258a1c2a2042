"""manage.py restore ARCHIVE [--force]: a backup back into an empty database and media folders."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pasarmurah.ops.backup import BackupError
from pasarmurah.ops.services import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into this shop's database, MEDIA_ROOT and PRIVATE_MEDIA_ROOT, then check"
        " every table and file against the archive's manifest. Refuses a target holding data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace what the database and the folders hold"
        )

    def handle(self, *args, archive: Path, force: bool = False, **options):
        if not archive.is_file():
            raise CommandError(f"{archive} does not exist")
        try:
            report = backup_restore(archive=archive, force=force)
        except BackupError as exc:
            raise CommandError(f"Restore refused or failed: {exc}") from exc
        for problem in report.table_mismatches + report.file_mismatches:
            self.stderr.write(f"MISMATCH {problem}")
        summary = f"{report.tables_checked} tables and {report.files_checked} files checked with the manifest"
        if not report.ok:
            raise CommandError(f"Restored, but the check found differences: {summary}")
        self.stdout.write(f"Restored from {archive}: {summary}, all identical.")
