"""Import dry runs answer for another country's records exactly as for records that do not exist.

Finding 1 of the security review: a Cambodia officer's dry run told them a Lao participant's sex, whether
their guess of a Lao person's name was right, and which non-public organisations exist. The world: an
activity open to both countries, a Lao participant with identifying details, a non-public Lao shelter.
"""

from __future__ import annotations

from typing import Any

import pytest

from acthub.accounts.choices import Role
from acthub.activities.models import Participation, PersonIdentity
from acthub.core.testing.factories import OrganisationFactory, UserFactory
from acthub.imports.kinds.base import Lookups
from acthub.imports.models import ImportJob
from acthub.imports.tests.conftest import csv_bytes, error_tuples, run

pytestmark = pytest.mark.django_db

HEADER = "activity,person_key,sex,age_band,has_disability,organisation,agency_type,sector,country,role,name,phone"


@pytest.fixture
def lao_person(world: dict[str, Any]) -> None:
    """A Lao participant of the regional meeting, with a name on record (imported by the system)."""
    data = csv_bytes(f"{HEADER}\nRG-MT-01,LA-P-1,female,,,,,,LA,,Synthetic Lao Person,")
    assert run(world, "participants", data).status == ImportJob.Status.COMPLETE


@pytest.fixture
def kh_officer(world: dict[str, Any]) -> Any:
    return UserFactory(role=Role.COUNTRY_OFFICER, countries=[world["kh"]])


def reasons(job: Any) -> str:
    return " ".join(e["reason"] for e in job.errors)


def test_another_countrys_participant_is_not_revealed(world, lao_person, kh_officer):
    # The same key under Cambodia is another person: no "already recorded ... (female -> male)".
    data = csv_bytes(f"{HEADER}\nRG-MT-01,LA-P-1,male,,,,,,KH,,,")
    job = run(world, "participants", data, commit=False, user=kh_officer)
    assert job.errors == [] and [row["status"] for row in job.preview] == ["new"]
    assert "female" not in str(job.preview) + str(job.message)
    # It commits as Cambodia's person; the Lao row is untouched.
    job = run(world, "participants", data, user=kh_officer)
    assert job.status == ImportJob.Status.COMPLETE, job.errors
    assert sorted(Participation.objects.values_list("country__code", "sex")) == [("KH", "male"), ("LA", "female")]


def test_a_guess_of_another_countrys_identity_is_never_compared(world, lao_person, kh_officer):
    wrong = run(world, "participants", csv_bytes(f"{HEADER}\nRG-MT-01,LA-P-1,,,,,,,KH,,Wrong Guess,"), user=kh_officer)
    assert "on record" not in reasons(wrong) and wrong.status == ImportJob.Status.COMPLETE, wrong.errors
    # Cambodia's identity is its own; the Lao one keeps its details.
    assert PersonIdentity.objects.get(country=world["la"]).details()["name"] == "Synthetic Lao Person"
    assert PersonIdentity.objects.get(country=world["kh"]).details()["name"] == "Wrong Guess"
    # Within its own scope the check still works.
    lao = run(world, "participants", csv_bytes(f"{HEADER}\nLA-TR-01,LA-P-1,,,,,,,LA,,Someone Else,"))
    assert error_tuples(lao) == [(2, "name")] and "on record" in reasons(lao)


def test_hidden_organisation_gets_the_answer_of_an_unknown_one(world, kh_officer):
    OrganisationFactory(name="Synthetic Lao Shelter", country=world["la"], is_public=False)
    hidden = run(
        world, "participants", csv_bytes(f"{HEADER}\nRG-MT-01,P-1,,,,Synthetic Lao Shelter,,,KH,,,"), user=kh_officer
    )
    unknown = run(world, "participants", csv_bytes(f"{HEADER}\nRG-MT-01,P-1,,,,Nobody At All,,,KH,,,"), user=kh_officer)
    assert error_tuples(hidden) == error_tuples(unknown) == [(2, "organisation")]
    assert hidden.errors[0]["reason"].replace("Synthetic Lao Shelter", "X") == unknown.errors[0]["reason"].replace(
        "Nobody At All", "X"
    )
    assert "Unknown organisation" in hidden.errors[0]["reason"]


def test_person_keys_are_unique_per_country_not_worldwide(world, lao_person, kh_officer):
    run(world, "participants", csv_bytes(f"{HEADER}\nLA-TR-01,LA-P-1,,,,,,,KH,,Cambodia Person,"), user=kh_officer)
    assert sorted(PersonIdentity.objects.values_list("country__code", "person_key")) == [
        ("KH", "LA-P-1"),
        ("LA", "LA-P-1"),
    ]


def test_lookups_refuse_to_run_without_a_bound_user(world):
    with pytest.raises(RuntimeError, match="bind"):
        Lookups(world["program"]).activities(["LA-TR-01"])
