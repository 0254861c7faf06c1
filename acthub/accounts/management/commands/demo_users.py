"""manage.py demo_users: one synthetic user per role for trying acthub locally (never in production)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from acthub.accounts.models import User
from acthub.accounts.services import create_user
from acthub.core.models import Country

# Well-known on purpose: these accounts exist only on a developer's machine (see --force).
DEMO_USERS = [
    ("demo-partner", "partner", "", "Synthetic-Partner-2026"),
    ("demo-officer-la", "country_officer", "LA", "Synthetic-Officer-2026"),
    ("demo-mel", "regional_mel", "", "Synthetic-Monitoring-2026"),
    ("demo-admin", "admin", "", "Synthetic-Administrator-2026"),
]


class Command(BaseCommand):
    help = "Create one demo user per role (synthetic, local use only) and print their logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="also when DEBUG is off")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("Demo users have well-known passwords: refusing with DEBUG off (use --force).")
        self.stdout.write("Demo logins (synthetic accounts, local use only):")
        for username, role, countries, password in DEMO_USERS:
            if countries and not Country.objects.filter(code=countries).exists():
                raise CommandError(f"Country {countries} is missing: run manage.py load_seed first.")
            if not User.objects.filter(username=username).exists():
                create_user(username, role=role, password=password, country_codes=[countries], via="demo_users")
            scope = f" ({countries})" if countries else ""
            self.stdout.write(f"  {role + scope:<24} {username:<18} {password}")
