"""manage.py demo_users: one synthetic user per role for trying acthub locally (never in production).

Staff roles need two-factor authentication, so each demo staff user also gets an authenticator
enrolled with a fixed, printed secret: add it to any TOTP app (or run `oathtool --totp -b SECRET`)
to get the codes. Like the passwords, these secrets are public knowledge: local use only.
"""

from __future__ import annotations

import hashlib
from base64 import b32encode
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from acthub.accounts.choices import STAFF_ROLES, Role
from acthub.accounts.models import User
from acthub.accounts.services import create_user
from acthub.core.models import Country

# Well-known on purpose: these accounts exist only on a developer's machine (ACTHUB_DEMO_USERS_ALLOWED).
DEMO_USERS = [
    ("demo-partner", Role.PARTNER, "", "Synthetic-Partner-2026"),
    ("demo-officer-la", Role.COUNTRY_OFFICER, "LA", "Synthetic-Officer-2026"),
    ("demo-mel", Role.REGIONAL_MEL, "", "Synthetic-Monitoring-2026"),
    ("demo-admin", Role.ADMIN, "", "Synthetic-Administrator-2026"),
]
DEMO_DEVICE = "demo authenticator"


def demo_totp_key(username: str) -> str:
    """The fixed TOTP secret (hex, 20 bytes) of a demo user: derived from the name, so always the same."""
    return hashlib.sha256(f"acthub-demo-totp:{username}".encode()).hexdigest()[:40]


def demo_totp_secret(username: str) -> str:
    """The same secret in base32, as authenticator apps take it."""
    return b32encode(bytes.fromhex(demo_totp_key(username))).decode()


class Command(BaseCommand):
    help = "Create one demo user per role (synthetic, local use only) and print their logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", metavar="USERNAME", help="print the current TOTP code of a demo staff user")

    def handle(self, *args: Any, **options: Any) -> None:
        # Only settings that say so (config.settings.local): DEBUG alone is not enough, and nothing
        # on the command line overrides it, so a production server can never get these accounts.
        if not getattr(settings, "ACTHUB_DEMO_USERS_ALLOWED", False):
            raise CommandError(
                "Demo users have well-known passwords: refusing outside the local settings "
                "(run with DJANGO_SETTINGS_MODULE=config.settings.local)."
            )
        if options["code"]:
            self.stdout.write(self._code(options["code"]))
            return
        self.stdout.write("Demo logins (synthetic accounts, local use only; staff add the TOTP secret to an app):")
        for username, role, countries, password in DEMO_USERS:
            if countries and not Country.objects.filter(code=countries).exists():
                raise CommandError(f"Country {countries} is missing: run manage.py load_seed first.")
            user = User.objects.filter(username=username).first()
            if user is None:
                user = create_user(username, role=role, password=password, country_codes=[countries], via="demo_users")
            scope = f" ({countries})" if countries else ""
            line = f"  {role + scope:<24} {username:<18} {password:<30}"
            if role in STAFF_ROLES:
                self._enrol(user)
                line += f" TOTP {demo_totp_secret(username)}"
            self.stdout.write(line.rstrip())

    def _code(self, username: str) -> str:
        # Only the demo users' derived keys: this never reads a real user's secret.
        if username not in {name for name, role, _c, _p in DEMO_USERS if role in STAFF_ROLES}:
            raise CommandError(f"{username} is not a demo staff user.")
        return f"{totp(bytes.fromhex(demo_totp_key(username))):06d}"

    def _enrol(self, user: User) -> None:
        key = demo_totp_key(user.username)
        if not TOTPDevice.objects.filter(user=user, key=key, confirmed=True).exists():
            TOTPDevice.objects.filter(user=user).delete()
            TOTPDevice.objects.create(user=user, name=DEMO_DEVICE, key=key, confirmed=True)
