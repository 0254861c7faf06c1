"""`manage.py grants_digest`: the weekly digest of overdue grant reports and milestones, by e-mail to staff.

Each staff member (country officers, regional MEL, admins) gets the overdue items of the grants in
their scope; nobody gets a mail with nothing in it. Run it weekly from the scheduler (cron, a
systemd timer); `--today` fixes the date (tests, re-runs) and `--dry-run` prints instead of sending.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from acthub.accounts.choices import STAFF_ROLES
from acthub.accounts.models import User
from acthub.program.services.grants import Overdue, overdue


def digest_text(items: list[Overdue], today: date) -> str:
    """The body of one digest: each overdue item with its grant, due date and days late."""
    lines = [_("Overdue grant items on %(date)s:") % {"date": today.isoformat()}, ""]
    for item in items:
        lines.append(
            _('- %(grant)s: %(kind)s "%(what)s", due %(due)s (%(days)d days late)')
            % {
                "grant": item.grant,
                "kind": _("report") if item.kind == "report" else _("milestone"),
                "what": item.what,
                "due": item.due_date.isoformat(),
                "days": item.days_late,
            }
        )
    return "\n".join(lines)


class Command(BaseCommand):
    help = "E-mail each staff member the overdue grant reports and milestones in their scope."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="The date to count from, YYYY-MM-DD (default: today).")
        parser.add_argument("--dry-run", action="store_true", help="Print the digests instead of sending them.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--today: expected a date YYYY-MM-DD, got {options['today']!r}") from error
        sent = 0
        recipients = User.objects.filter(role__in=STAFF_ROLES, is_active=True).exclude(email="").order_by("pk")
        for user in recipients:
            items = overdue(user, today)
            if not items:
                continue
            body = digest_text(items, today)
            subject = _("%(count)d overdue grant items") % {"count": len(items)}
            if options["dry_run"]:
                self.stdout.write(f"To: {user.email}\nSubject: {subject}\n\n{body}\n")
            else:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            sent += 1
        self.stdout.write(self.style.SUCCESS(f"{sent} digest(s) for {today.isoformat()}."))
