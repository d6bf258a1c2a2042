import time

from django.core.management.base import BaseCommand

from pasarmurah.reports.summaries import summaries_rebuild


class Command(BaseCommand):
    help = "Rebuild the reports' daily summary tables from the orders, the stock ledger and the tickets."

    def handle(self, *args, **options):
        started = time.monotonic()
        written = summaries_rebuild()
        elapsed = time.monotonic() - started
        parts = ", ".join(f"{count} {name}" for name, count in written.items())
        self.stdout.write(self.style.SUCCESS(f"Rebuilt the report summaries ({parts}) in {elapsed:.1f} s."))
