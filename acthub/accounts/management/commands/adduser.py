"""manage.py adduser USERNAME --role ROLE [--countries LA,KH] [--token]; the password comes on stdin.

Prints a one-time two-factor enrolment code: give it to the person out of band (not with the
password); their first authenticator cannot be enrolled without it.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from acthub.accounts.choices import Role
from acthub.accounts.services import create_user
from acthub.accounts.tokens import ENROLMENT_CODE_DAYS, issue_enrolment_code, issue_token


class Command(BaseCommand):
    help = "Create a user with a role and a country scope. Reads the password from standard input."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--countries", default="", help="comma-separated ISO codes, e.g. LA,KH")
        parser.add_argument("--token", action="store_true", help="print a new API token")
        parser.add_argument("--token-name", default="adduser", help="the API token's name (default: adduser)")
        parser.add_argument("--token-days", type=int, default=None, help="days the API token lasts (1-365)")

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
        code = issue_enrolment_code(user)
        self.stdout.write(
            f"Two-factor enrolment code (give it apart from the password; valid {ENROLMENT_CODE_DAYS} days): {code}"
        )
        if options["token"]:
            try:
                token, key = issue_token(user, name=options["token_name"], days=options["token_days"])
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"API token ({token.name}, expires {token.expires:%Y-%m-%d}): {key}")
