from django.core.management.base import BaseCommand

from pasarmurah.demo.demo import demo_logins


class Command(BaseCommand):
    help = "Print the demo shop's logins."

    def handle(self, *args, **options):
        self.stdout.write("  Demo logins:")
        for login in demo_logins():
            self.stdout.write(f"    {login.role:<24} {login.email:<32} {login.password}")
