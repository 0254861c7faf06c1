"""The maintained participation cube stays exact after creates, changes, deletes and bulk imports."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acthub.activities import aggregates
from acthub.activities.models import Participation, ParticipationCell, Presence
from acthub.activities.services import after_participations_imported, rebuild_aggregates, set_job_pending
from acthub.activities.tests.bruteforce import expected_cube, stored_cube
from acthub.activities.tests.factories import ActivityFactory, AttendanceCountFactory, ParticipationFactory
from acthub.core.testing.factories import CountryFactory, ProgramFactory, UserFactory
from acthub.imports.models import ImportJob

pytestmark = pytest.mark.django_db


def assert_exact(program: Any) -> None:
    assert stored_cube(program.pk) == expected_cube(program.pk)


def test_per_record_create_change_delete(country_a: Any, country_b: Any) -> None:
    program = ProgramFactory()
    jan = ActivityFactory(program=program, start_date=date(2021, 1, 10))
    may = ActivityFactory(program=program, start_date=date(2021, 5, 3))
    sep = ActivityFactory(program=program, start_date=date(2021, 9, 20))
    p1 = ParticipationFactory(activity=jan, person_key="A", country=country_a)
    ParticipationFactory(activity=may, person_key="A", country=country_a)
    ParticipationFactory(activity=sep, person_key="A", country=country_b, role="trainer")
    ParticipationFactory(activity=may, person_key="B", country=country_b, sex="male")
    AttendanceCountFactory(activity=sep, country=country_a, count=22)
    assert_exact(program)
    p1.sex = "male"
    p1.save()
    assert_exact(program)
    p1.delete()
    assert_exact(program)
    sep.start_date = sep.end_date = date(2022, 2, 1)  # type: ignore[assignment]
    sep.save()
    assert_exact(program)
    may.delete()
    assert_exact(program)
    assert not Presence.objects.filter(person_key="B").exists()


def test_half_year_counts_a_person_once(country_a: Any) -> None:
    program = ProgramFactory()
    for month in (1, 2, 3):
        activity = ActivityFactory(program=program, start_date=date(2021, month, 5))
        ParticipationFactory(activity=activity, person_key="SAME", country=country_a)
    cells = ParticipationCell.objects.filter(program=program, synthetic=False, with_pending=False)
    half = cells.get(kind=aggregates.HALF, dims=0, period=20211)
    assert (half.people, half.participations) == (1, 3)
    quarter = cells.get(kind=aggregates.QUARTER, dims=0, period=20211)
    assert (quarter.people, quarter.participations) == (1, 3)


def test_bulk_import_then_rebuild(country_a: Any, country_b: Any) -> None:
    program = ProgramFactory()
    activity = ActivityFactory(program=program, start_date=date(2020, 11, 2))
    ParticipationFactory(activity=activity, person_key="OLD", country=country_a)
    job = ImportJob.objects.create(program=program, kind="participants", original_name="x.csv", file="x.csv")
    Participation.objects.bulk_create(
        Participation(activity=activity, person_key=f"N{i}", country=country_b, sex="male", import_job=job)
        for i in range(30)
    )
    after_participations_imported(job)
    assert_exact(program)
    before = stored_cube(program.pk)
    rebuild_aggregates(program)
    assert stored_cube(program.pk) == before


KEYS = st.sampled_from(["K1", "K2", "K3", "K4"])
ROW = st.tuples(
    st.integers(0, 3),  # activity
    KEYS,
    st.sampled_from(["female", "male"]),
    st.sampled_from(["trainee", "trainer"]),
    st.integers(0, 1),  # country
    st.booleans(),  # synthetic
    st.booleans(),  # pending (imported, not approved)
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(ROW, max_size=12),
    deletions=st.lists(st.integers(0, 11), max_size=4),
    bulk=st.booleans(),
    decisions=st.lists(st.booleans(), max_size=3),
)
def test_cube_equals_brute_force(
    rows: list[tuple[Any, ...]], deletions: list[int], bulk: bool, decisions: list[bool]
) -> None:
    program = ProgramFactory()
    countries = [CountryFactory(code="LA"), CountryFactory(code="KH")]
    dates = [date(2021, 1, 5), date(2021, 2, 5), date(2021, 8, 1), date(2022, 3, 3)]
    activities = [ActivityFactory(program=program, start_date=d) for d in dates]
    seen: set[tuple[int, str]] = set()
    made: list[Participation] = []
    job = ImportJob.objects.create(
        program=program, kind="participants", original_name="h.csv", file="h.csv", created_by=UserFactory()
    )
    for act, key, sex, role, country, synthetic, pending in rows:
        if (act, key) in seen:
            continue
        seen.add((act, key))
        row = Participation(
            activity=activities[act],
            person_key=key,
            sex=sex,
            role=role,
            country=countries[country],
            is_synthetic=synthetic,
            is_pending=pending,
            import_job=job,
        )
        if bulk:
            made.append(row)
        else:
            row.save()
            made.append(row)
    if bulk:
        made = Participation.objects.bulk_create(made)
        after_participations_imported(job)
    assert_exact(program)
    for index in deletions:
        if index < len(made) and made[index].pk:
            Participation.objects.get(pk=made[index].pk).delete()
            made[index].pk = None
    assert_exact(program)
    for approve in decisions:  # approving or unapproving the whole job recomputes the people it touched
        set_job_pending(job, not approve)
        assert_exact(program)


def test_attendance_counts_change_and_go(country_a: Any, country_b: Any) -> None:
    program = ProgramFactory()
    activity = ActivityFactory(program=program, start_date=date(2021, 4, 1))
    count = AttendanceCountFactory(activity=activity, country=country_a, count=22)
    ParticipationFactory(activity=activity, person_key="A", country=country_a)
    assert_exact(program)
    count.count, count.country = 7, country_b
    count.save()
    assert_exact(program)
    activity.is_synthetic = True  # the whole activity moves to the synthetic population
    activity.save()
    assert_exact(program)
    count.delete()
    assert_exact(program)
