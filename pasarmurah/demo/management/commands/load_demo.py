from django.core.management.base import BaseCommand

from pasarmurah.demo.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo Toko Pasar Murah Solo (safe to run again: creates only what is missing)."

    def add_arguments(self, parser):
        parser.add_argument("--no-images", action="store_true", help="Skip generating product images.")

    def handle(self, *args, no_images, **options):
        created = load_demo(with_images=not no_images)
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo shop ready (created now: {summary})."))
