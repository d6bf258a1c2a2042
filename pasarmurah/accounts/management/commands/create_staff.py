import getpass
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from pasarmurah.accounts.roles import ROLE_BY_SLUG
from pasarmurah.accounts.services import staff_account_create


class Command(BaseCommand):
    help = "Create or update a staff account with a role: cs (Customer Service) or owner."

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, choices=sorted(ROLE_BY_SLUG))
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True, help="Full name")
        parser.add_argument("--password", help="Asked for when omitted; --generate-password makes one.")
        parser.add_argument("--generate-password", action="store_true")

    def handle(self, *args, role, email, name, password, generate_password, **options):
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"Not an e-mail address: {email}") from exc
        if generate_password:
            password = secrets.token_urlsafe(12)
        elif not password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match.")
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        user = staff_account_create(role=role, email=email, full_name=name, password=password)
        self.stdout.write(self.style.SUCCESS(f"{ROLE_BY_SLUG[role]} account ready: {user.email}"))
        if generate_password:
            self.stdout.write(f"Password: {password}")
