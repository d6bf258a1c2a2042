import time

from django.core.management.base import BaseCommand

from pasarmurah.demo.bench_data import generate_members, generate_orders, generate_products
from pasarmurah.ops.services import database_statistics_refresh
from pasarmurah.reports.summaries import summaries_rebuild


class Command(BaseCommand):
    help = (
        "Add large synthetic data for benchmarks, e.g. --products 50000 --members 200000 "
        "--order-lines 1000000 "
        "(bulk inserts; the report summaries are rebuilt afterwards when orders were added, and an SQLite "
        "database gets its planner statistics, as the daily job gives them)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=0)
        parser.add_argument("--members", type=int, default=0)
        parser.add_argument("--order-lines", type=int, default=0)

    def handle(self, *args, products, members, order_lines, **options):
        started = time.monotonic()
        made_products = generate_products(products) if products > 0 else 0
        made_members = generate_members(members) if members > 0 else 0
        made_lines = generate_orders(order_lines) if order_lines > 0 else 0
        if made_lines:
            summaries_rebuild()
        database_statistics_refresh()  # as the daily job gives a shop (bulk rows come with none)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {made_products} products, {made_members} members and {made_lines} order lines "
                f"in {elapsed:.1f} s."
            )
        )
