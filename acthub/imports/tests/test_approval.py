"""Approval of imports: pending rows stay out of published figures; who may approve, unapprove, revert;
`import_data --approve`; reverting brings rows and aggregates back to before; every decision recorded."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from acthub.accounts.choices import Role
from acthub.accounts.testing import sign_in
from acthub.activities.models import Participation, PersonIdentity
from acthub.activities.tests.bruteforce import expected_cube, stored_cube
from acthub.approvals import services as approvals
from acthub.approvals.models import Decision
from acthub.approvals.population import including_pending
from acthub.core.testing.factories import UserFactory
from acthub.imports.models import ImportJob
from acthub.imports.tests.conftest import csv_bytes, run
from acthub.indicators.engine import FigureSet
from acthub.indicators.models import DataValue, Indicator
from acthub.indicators.query import query

pytestmark = pytest.mark.django_db

PEOPLE = "activity,person_key,sex,country,name\nLA-TR-01,AP-1,female,LA,Synthetic One\nLA-TR-01,AP-2,male,LA,"
VALUES = "indicator,period,place,sex,value,source\nPEOPLE_TRAINED,2021S2,LA,,40,Synthetic report"


@pytest.fixture
def people_indicator(world: dict[str, Any]) -> Indicator:
    return Indicator.objects.create(
        code="SYN_PEOPLE",
        name="Synthetic people trained",
        definition="Distinct synthetic trainees.",
        unit="count",
        computation="people",
        disaggregations=["sex"],
    )


def trained(world: dict[str, Any], place: str = "LA") -> str:
    """The published number of people trained in Jan-Jun 2021 at a place, as the engine shows it."""
    cell = query(world["program"], "SYN_PEOPLE", periods=["2021S1"], places=[place]).get("2021S1", place)
    return cell.display if cell is not None else "\u2013"


def test_pending_rows_are_published_only_once_approved(world, people_indicator, users):
    job = run(world, "participants", csv_bytes(PEOPLE), user=users["mel"])
    assert (job.status, job.approval) == ("complete", "pending")
    assert set(Participation.objects.values_list("is_pending", flat=True)) == {True}
    assert trained(world) == "\u2013"
    with including_pending():  # staff see them as pending, counted once each
        assert trained(world) == "2"
    approvals.approve(job, acting_user=users["mel"])
    assert trained(world) == "2"
    with pytest.raises(approvals.ApprovalRefused, match="Give a reason"):
        approvals.unapprove(job, acting_user=users["mel"], reason="  ")
    approvals.unapprove(job, acting_user=users["mel"], reason="Wrong half-year")
    assert trained(world) == "\u2013"
    job.refresh_from_db()
    assert (job.approval, job.approved_by) == ("pending", None)
    assert list(job.decisions.values_list("action", "reason")) == [
        ("unapproved", "Wrong half-year"),
        ("approved", ""),
    ]
    assert stored_cube(world["program"].pk) == expected_cube(world["program"].pk)


def test_pending_values_are_not_published_until_approved(world, users):
    job = run(world, "datavalues", csv_bytes(VALUES), user=users["mel"])
    assert DataValue.objects.get(import_job=job).is_pending
    assert FigureSet.load(world["program"]).get("PEOPLE_TRAINED", "2021S2", "LA") is None
    assert FigureSet.load(world["program"], users["mel"]).get("PEOPLE_TRAINED", "2021S2", "LA") is None
    with including_pending():
        assert FigureSet.load(world["program"]).get("PEOPLE_TRAINED", "2021S2", "LA").display == "40"
    approvals.approve(job, acting_user=users["mel"])
    assert FigureSet.load(world["program"]).get("PEOPLE_TRAINED", "2021S2", "LA").display == "40"
    approvals.revert(job, acting_user=users["mel"], reason="duplicate")
    assert not DataValue.objects.exists()
    job.refresh_from_db()
    assert job.status == "reverted"
    with pytest.raises(approvals.ApprovalRefused, match="reverted"):
        approvals.approve(job, acting_user=users["mel"])


def test_who_may_approve(world, people_indicator, users, country_b):
    officer_b = UserFactory(role=Role.COUNTRY_OFFICER, countries=[country_b])
    mel_b = UserFactory(role=Role.REGIONAL_MEL, countries=[country_b])
    job = run(world, "participants", csv_bytes(PEOPLE), user=users["officer_a"])
    assert approvals.refusal(users["partner"], job, approvals.APPROVE)
    assert "outside your countries" in str(approvals.refusal(officer_b, job, approvals.APPROVE))
    assert approvals.refusal(mel_b, job, approvals.APPROVE)  # MEL scoped to another country
    # The officer of Lao PDR approves Lao rows only where every indicator they feed allows it.
    assert "regional MEL only" in str(approvals.refusal(users["officer_a"], job, approvals.APPROVE))
    Indicator.objects.exclude(computation="").update(country_approval=True)
    assert approvals.refusal(users["officer_a"], job, approvals.APPROVE) is None
    assert approvals.refusal(users["mel"], job, approvals.APPROVE) is None
    assert approvals.refusal(None, job, approvals.APPROVE) is None  # the system
    # Revert: the owner or MEL, not another officer.
    assert approvals.refusal(users["officer_a"], job, approvals.REVERT) is None
    assert approvals.refusal(officer_b, job, approvals.REVERT)
    with pytest.raises(approvals.ApprovalRefused):
        approvals.approve(job, acting_user=officer_b)
    assert Participation.objects.filter(is_pending=False).count() == 0
    assert not Decision.objects.exists()


def test_revert_deletes_rows_identities_and_restores_the_cube(world, people_indicator, users):
    before = stored_cube(world["program"].pk)
    job = run(world, "participants", csv_bytes(PEOPLE), user=users["mel"])
    approvals.approve(job, acting_user=users["mel"])
    assert PersonIdentity.objects.filter(person_key="AP-1", import_job=job).exists()
    decision = approvals.revert(job, acting_user=users["mel"])
    assert (decision.rows, decision.places, decision.periods) == (2, ["LA"], ["2021S1"])
    assert not Participation.objects.exists() and not PersonIdentity.objects.exists()
    assert stored_cube(world["program"].pk) == before == expected_cube(world["program"].pk)
    assert trained(world) == "\u2013"


def test_staff_pages_approve_and_refuse_by_role(world, people_indicator, users):
    job = run(world, "participants", csv_bytes(PEOPLE), user=users["mel"])
    officer = sign_in(Client(), users["officer_a"])
    # Not theirs and not in their view: the job does not exist for them.
    assert officer.post(reverse("imports:approve", args=[job.pk])).status_code == 404
    assert sign_in(Client(), users["partner"]).post(reverse("imports:approve", args=[job.pk])).status_code == 403
    mel = sign_in(Client(), users["mel"])
    page = mel.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert reverse("imports:approve", args=[job.pk]) in page and reverse("imports:unapprove", args=[job.pk]) not in page
    assert mel.get(reverse("imports:approve", args=[job.pk])).status_code == 405
    response = mel.post(reverse("imports:approve", args=[job.pk]), follow=True)
    assert "Approved: its rows are in the published figures now." in response.content.decode()
    assert trained(world) == "2"
    response = mel.post(reverse("imports:unapprove", args=[job.pk]), {"reason": ""}, follow=True)
    assert "Give a reason" in response.content.decode() and trained(world) == "2"
    pending = mel.get(reverse("imports:list") + "?approval=pending").content.decode()
    assert f"#{job.pk}" not in pending


def import_data(*args: str) -> str:
    out = io.StringIO()
    call_command("import_data", *args, "--program", "syn", "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_command_commits_pending_or_approves_in_one_step(world, people_indicator, users, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_bytes(PEOPLE))
    assert "Pending approval: not published yet." in import_data("participants", str(path))
    assert trained(world) == "\u2013"
    approvals.revert(ImportJob.objects.get(), acting_user=None)

    with pytest.raises(CommandError, match="--dry-run"):
        import_data("participants", str(path), "--approve", "--dry-run")
    # A country officer who may not approve these rows: an error, and nothing written.
    with pytest.raises(CommandError, match="error"):
        import_data("participants", str(path), "--approve", "--user", users["officer_a"].username)
    assert not Participation.objects.exists()
    failed = ImportJob.objects.latest("pk")
    assert failed.status == "error" and "regional MEL only" in failed.message

    assert "Approved: published." in import_data("participants", str(path), "--approve")
    job = ImportJob.objects.latest("pk")
    assert (job.approval, job.approved_by) == ("approved", None)
    assert job.decisions.get().decided_by is None  # approved by the system
    assert trained(world) == "2"
    assert set(Participation.objects.values_list("is_pending", flat=True)) == {False}
    assert stored_cube(world["program"].pk) == expected_cube(world["program"].pk)


def test_api_lists_pending_values_to_staff_only_marked_pending(world, users):
    job = run(world, "datavalues", csv_bytes(VALUES), user=users["mel"])
    anonymous = Client().get("/api/v1/data-values/").json()
    assert anonymous["count"] == 0
    staff = sign_in(Client(), users["mel"]).get("/api/v1/data-values/").json()
    assert [(v["value"], v["is_pending"]) for v in staff["results"]] == [("40.0000", True)]
    approvals.approve(job, acting_user=users["mel"])
    assert [v["is_pending"] for v in Client().get("/api/v1/data-values/").json()["results"]] == [False]
