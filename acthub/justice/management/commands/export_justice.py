"""`manage.py export_justice --user ADMIN --out FILE`: the k-anonymous case-level export of victims (CSV)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from acthub.audit.context import acting
from acthub.core.access import ADMIN, role_of
from acthub.justice.export import K, audit_export, export_victims
from acthub.justice.models import Victim


class Command(BaseCommand):
    help = "Write the k-anonymous (k = 11) export of victims in HTCDS field names; print what it did as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="The admin account the export is made as (and logged for).")
        parser.add_argument("--out", required=True, help="The CSV file to write.")
        parser.add_argument("--k", type=int, default=K, help="The smallest class size (at least 11).")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None or role_of(user) != ADMIN:
            raise CommandError(
                _("The export is for admins: %(user)s is not an active admin.") % {"user": options["user"]}
            )
        if options["k"] < K:
            raise CommandError(_("k must be at least %(k)s.") % {"k": K})
        queryset = Victim.objects.restrict(user, "view")
        total = queryset.count()
        with (
            acting(user, via="command"),
            Path(options["out"]).open("w", newline="", encoding="utf-8") as stream,
            tqdm(total=2 * total, unit="rows", disable=options["verbosity"] < 1) as bar,
        ):
            report = export_victims(queryset, stream, k=options["k"], progress=bar.update)
            audit_export(user, queryset)
            bar.update(2 * total - bar.n)
        self.stdout.write(json.dumps(report, indent=2))
