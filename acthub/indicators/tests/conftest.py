"""A small hand-checked training program: three people, four activities, one attendance count.

2021S1 (February and May, Lao PDR and Cambodia): X (woman, police, LA) in A1 and A2; Z (woman, judge, LA)
trains others in A1 and is trained in A2; Y (man, civil society, KH) in A2; 22 male judges (LA) counted
in A2. 2021S2 (September): X again, seen in Cambodia this time, and Y, in A3. 2020: one activity, W.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from acthub.activities.tests.factories import ActivityFactory, AttendanceCountFactory, ParticipationFactory
from acthub.core.testing.factories import ProgramFactory
from acthub.indicators.registry import sync_registry


@pytest.fixture(autouse=True)
def _fresh_page_cache() -> None:
    """Anonymous answers are cached by change-log generation, which a rolled-back test can reuse."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture
def computed(db: None) -> None:
    sync_registry()


@pytest.fixture
def training(computed: None, country_a: Any, country_b: Any) -> dict[str, Any]:
    from django.conf import settings

    program = ProgramFactory(slug=settings.ACTHUB_DEFAULT_PROGRAM)
    la, kh = country_a, country_b
    a1 = ActivityFactory(program=program, code="A1", start_date=date(2021, 2, 10), countries=[la])
    a2 = ActivityFactory(program=program, code="A2", start_date=date(2021, 5, 3), countries=[la, kh])
    a3 = ActivityFactory(program=program, code="A3", start_date=date(2021, 9, 20), countries=[kh])
    a4 = ActivityFactory(program=program, code="A4", start_date=date(2020, 11, 2), countries=[la])
    x = {"sex": "female", "agency_type": "police", "sector": "state"}
    z = {"sex": "female", "agency_type": "judiciary", "sector": "state"}
    y = {"sex": "male", "agency_type": "civil_society", "sector": "non_state"}
    ParticipationFactory(activity=a1, person_key="X", country=la, **x)
    ParticipationFactory(activity=a2, person_key="X", country=la, **x)
    ParticipationFactory(activity=a3, person_key="X", country=kh, **x)
    ParticipationFactory(activity=a1, person_key="Z", country=la, role="trainer", **z)
    ParticipationFactory(activity=a2, person_key="Z", country=la, **z)
    ParticipationFactory(activity=a2, person_key="Y", country=kh, **y)
    ParticipationFactory(activity=a3, person_key="Y", country=kh, **y)
    ParticipationFactory(activity=a4, person_key="W", country=la, **y)
    AttendanceCountFactory(
        activity=a2, count=22, sex="male", agency_type="judiciary", sector="state", country=la, role="trainee"
    )
    return {"program": program, "la": la, "kh": kh, "activities": [a1, a2, a3, a4]}
