import time

from django.core.management.base import BaseCommand

from pasarmurah.catalog.search import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Recompute every product's search words and (SQLite) refill the FTS5 table. Only needed after "
        "rows were written around catalog.services, e.g. bulk inserts by generate_bench_data or raw SQL."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        count = search_index_rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Reindexed {count} products in {time.monotonic() - started:.1f} s.")
        )
