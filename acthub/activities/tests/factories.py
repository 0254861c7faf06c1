"""factory_boy factories of activities and participation (synthetic people only)."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory
from factory.django import DjangoModelFactory

from acthub.activities.choices import ActivityKind
from acthub.activities.models import Activity, AttendanceCount, Participation
from acthub.core.testing.factories import CountryFactory, ProgramFactory


class ActivityFactory(DjangoModelFactory[Activity]):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"ACT-{n}")
    kind = ActivityKind.TRAINING
    title = factory.Sequence(lambda n: f"Synthetic training {n}")
    start_date = date(2021, 3, 1)
    end_date = factory.SelfAttribute("start_date")

    @factory.post_generation
    def countries(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.countries.set(extracted)


class ParticipationFactory(DjangoModelFactory[Participation]):
    class Meta:
        model = Participation

    activity = factory.SubFactory(ActivityFactory)
    person_key = factory.Sequence(lambda n: f"P{n:05d}")
    sex = "female"
    country = factory.SubFactory(CountryFactory)


class AttendanceCountFactory(DjangoModelFactory[AttendanceCount]):
    class Meta:
        model = AttendanceCount

    activity = factory.SubFactory(ActivityFactory)
    count = 5
    sex = "male"
    country = factory.SubFactory(CountryFactory)
