"""`generate_demo --cases N`: synthetic, valid, and with the distributions it claims."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from acthub.justice.indicators import ITEMS, compute
from acthub.justice.models import CourtCase, Defendant, Victim

pytestmark = pytest.mark.django_db


def test_generate_demo_cases(country_a: Any, country_b: Any) -> None:
    out = io.StringIO()
    call_command("generate_demo", cases=60, victims_per_case=3, seed=3, stdout=out, verbosity=1)
    assert "60 synthetic court cases" in out.getvalue()
    assert CourtCase.objects.count() == 60
    assert not CourtCase.objects.filter(is_synthetic=False).exists()
    assert not Victim.objects.filter(is_synthetic=False).exists()
    assert Defendant.objects.filter(case__isnull=False).count() >= 60
    victims = list(Victim.objects.select_related("case"))
    assert len(victims) >= 60
    # Every generated row passes the models' own validation (dates in order, child under 18, paid <= ordered).
    for record in [*CourtCase.objects.all()[:60], *victims[:200]]:
        record.full_clean()
    assert not Victim.objects.exclude(name_encrypted=None).exists()  # no names, not even invented ones
    women = sum(v.gender == "Feminine" for v in victims) / len(victims)
    assert 0.5 < women < 0.9
    assert {c.country.code for c in CourtCase.objects.select_related("country")} == {"LA", "KH"}
    # Every indicator has something to compute on the demo data.
    assert all(compute(item) for item in ITEMS)
    # The same seed gives the same data.
    first = list(Victim.objects.order_by("pk").values_list("gender", "age_at_exploitation")[:20])
    CourtCase.objects.all().delete()
    call_command("generate_demo", cases=60, victims_per_case=3, seed=3, verbosity=0)
    assert list(Victim.objects.order_by("pk").values_list("gender", "age_at_exploitation")[:20]) == first


def test_generate_demo_needs_something_to_make() -> None:
    with pytest.raises(CommandError):
        call_command("generate_demo", verbosity=0)
