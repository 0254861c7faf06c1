"""An import's status says what happened: "10 errors", "Committed 120 rows", not "Validated" with errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from acthub.accounts.testing import sign_in
from acthub.imports.models import ImportJob

pytestmark = pytest.mark.django_db


def _job(world: dict[str, Any], user: Any, name: str, **fields: Any) -> ImportJob:
    return ImportJob.objects.create(
        program=world["program"], kind="participants", original_name=name, created_by=user, **fields
    )


def test_the_list_and_the_job_page_say_what_happened(client: Any, world: dict[str, Any], users: dict[str, Any]) -> None:
    mel = users["mel"]
    broken = _job(world, mel, "broken.csv", status="validated", total_rows=12, error_count=10)
    one = _job(world, mel, "one.csv", status="validated", total_rows=3, error_count=1)
    clean = _job(world, mel, "clean.csv", status="validated", total_rows=7)
    done = _job(world, mel, "done.csv", status="complete", total_rows=120, created_rows=100, unchanged_rows=20)
    assert (broken.outcome, one.outcome) == ("10 errors", "1 error")
    assert clean.outcome == "Checked: 7 rows ready to commit" and done.outcome == "Committed 120 rows"
    sign_in(client, mel)
    listing = client.get(reverse("imports:list")).content.decode()
    assert "<td>10 errors</td>" in listing and "<td>Committed 120 rows</td>" in listing
    assert "<td>Validated</td>" not in listing
    page = client.get(reverse("imports:detail", args=[broken.pk])).content.decode()
    assert "<strong>10 errors</strong>" in page
