import time

from django.core.management.base import BaseCommand

from pasarmurah.demo.bench_data import generate_members, generate_products


class Command(BaseCommand):
    help = "Add large synthetic data for benchmarks, e.g. --products 50000 --members 200000 (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=0)
        parser.add_argument("--members", type=int, default=0)

    def handle(self, *args, products, members, **options):
        started = time.monotonic()
        made_products = generate_products(products) if products > 0 else 0
        made_members = generate_members(members) if members > 0 else 0
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {made_products} products and {made_members} members in {elapsed:.1f} s."
            )
        )
