"""Fixtures of the import tests: a program with activities, organisations and indicators (all synthetic)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from acthub.activities.models import Activity
from acthub.core.testing.factories import (
    CountryFactory,
    IndicatorFactory,
    OrganisationFactory,
    ProgramFactory,
    ProjectFactory,
)
from acthub.imports.services import create_job, run_job
from acthub.indicators.choices import Unit

FILES = Path(__file__).parent / "files"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def world(country_a: Any, country_b: Any) -> dict[str, Any]:
    """Program SYN with two activities (LA and regional), an organisation, a project and indicators."""
    program = ProgramFactory(slug="syn", name="Synthetic Program")
    thailand = CountryFactory(code="TH", name="Thailand")
    training = Activity.objects.create(
        program=program,
        code="LA-TR-01",
        kind="training",
        title="Synthetic training",
        start_date=date(2021, 3, 1),
        end_date=date(2021, 3, 3),
    )
    training.countries.set([country_a])
    meeting = Activity.objects.create(
        program=program,
        code="RG-MT-01",
        kind="transnational_meeting",
        title="Synthetic regional meeting",
        start_date=date(2021, 5, 10),
        end_date=date(2021, 5, 11),
        is_regional=True,
    )
    police = OrganisationFactory(name="Synthetic Police Academy", acronym="SPA", country=country_a, type="police")
    project = ProjectFactory(program=program, title="Synthetic justice project")
    trained = IndicatorFactory(code="PEOPLE_TRAINED", unit=Unit.COUNT, disaggregations=["sex"])
    share = IndicatorFactory(code="WOMEN_SHARE", unit=Unit.PERCENT, disaggregations=[])
    return {
        "program": program,
        "la": country_a,
        "kh": country_b,
        "th": thailand,
        "training": training,
        "meeting": meeting,
        "police": police,
        "project": project,
        "trained": trained,
        "share": share,
    }


def csv_bytes(text: str, *, bom: bool = False) -> bytes:
    data = text.strip("\n").replace("\n", "\r\n").encode() + b"\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + data


def run(
    world: dict[str, Any],
    kind: str,
    data: bytes,
    *,
    commit: bool = True,
    user: Any = None,
    name: str = "upload.csv",
    mapping: Any = None,
) -> Any:
    """Create a job for `data`, dry-run it, then (if clean and asked) commit it; returns the job."""
    job = create_job(
        program=world["program"], kind=kind, stream=io.BytesIO(data), name=name, acting_user=user, mapping=mapping
    )
    run_job(job, commit=False, acting_user=user)
    if commit and job.can_commit:
        run_job(job, commit=True, acting_user=user)
    job.refresh_from_db()
    return job


def error_tuples(job: Any) -> list[tuple[int, str]]:
    return [(e["row"], e["column"]) for e in job.errors]
