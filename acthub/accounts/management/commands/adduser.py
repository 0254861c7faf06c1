"""manage.py adduser USERNAME --role ROLE [--countries LA,KH] [--token]; the password comes on stdin."""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from acthub.accounts.choices import Role
from acthub.accounts.services import create_user, issue_token


class Command(BaseCommand):
    help = "Create a user with a role and a country scope. Reads the password from standard input."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--countries", default="", help="comma-separated ISO codes, e.g. LA,KH")
        parser.add_argument("--token", action="store_true", help="print a new API token")

    def handle(self, *args: Any, **options: Any) -> None:
        stdin = options.get("stdin") or sys.stdin
        password = stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("No password on standard input (echo 'the password' | manage.py adduser ...).")
        try:
            user = create_user(
                options["username"],
                role=options["role"],
                password=password,
                country_codes=options["countries"].split(","),
            )
        except ValidationError as exc:
            fields = getattr(exc, "message_dict", {"password": exc.messages})
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items())) from exc
        self.stdout.write(f"Created {user.username} ({user.get_role_display()}).")
        if options["token"]:
            self.stdout.write(f"API token: {issue_token(user)}")
