"""The public lists of activities and projects: filters, pagination, links, the engine's project count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from acthub.accounts.testing import sign_in
from acthub.activities.models import Activity, Participation
from acthub.core.testing import factories as f
from acthub.portal.views.catalogue import PAGE_SIZE, PROJECT_COUNT

pytestmark = pytest.mark.django_db


def _activity(program: Any, code: str, kind: str, start: date, countries: list[Any], **extra: Any) -> Activity:
    activity = Activity.objects.create(
        program=program, code=code, kind=kind, title=f"Synthetic {code}", start_date=start, end_date=start, **extra
    )
    activity.countries.set(countries)
    return activity


@pytest.fixture
def program(country_a: Any, country_b: Any) -> Any:
    program = f.ProgramFactory(slug=settings.ACTHUB_DEFAULT_PROGRAM)
    _activity(program, "web-1", "webinar", date(2021, 3, 1), [country_a], mode="virtual")
    _activity(program, "tnm-1", "transnational_meeting", date(2020, 5, 1), [country_a, country_b], mode="hybrid")
    _activity(program, "trn-kh", "training", date(2021, 6, 1), [country_b])
    _activity(program, "reg-1", "workshop", date(2019, 9, 1), [], is_regional=True)
    _activity(program, "demo-1", "training", date(2021, 1, 1), [country_a], is_synthetic=True)
    _activity(program, "pending-1", "training", date(2021, 2, 1), [country_a], is_pending=True)
    return program


def _titles(response: Any) -> list[str]:
    return [a.title for a in response.context["page"].object_list]


def test_activities_list_filters_by_kind_country_year_and_mode(program: Any) -> None:
    client = Client()
    every = client.get("/activities/")
    assert every.status_code == 200
    # Demo and not-yet-approved activities are not public; newest first.
    assert _titles(every) == ["Synthetic trn-kh", "Synthetic web-1", "Synthetic tnm-1", "Synthetic reg-1"]
    html = every.content.decode()
    assert f'href="/activities/{Activity.objects.get(code="web-1").pk}/"' in html
    assert _titles(client.get("/activities/?kind=webinar")) == ["Synthetic web-1"]
    assert _titles(client.get("/activities/?kind=transnational_meeting")) == ["Synthetic tnm-1"]
    assert _titles(client.get("/activities/?country=LA")) == ["Synthetic web-1", "Synthetic tnm-1"]
    assert _titles(client.get("/activities/?country=regional")) == ["Synthetic reg-1"]
    assert _titles(client.get("/activities/?year=2021")) == ["Synthetic trn-kh", "Synthetic web-1"]
    assert _titles(client.get("/activities/?mode=hybrid&country=KH")) == ["Synthetic tnm-1"]
    # The year filter offers only years with activities; an unknown value is refused, not ignored.
    assert [c[0] for c in every.context["filter"].form.fields["year"].choices] == ["", "2021", "2020", "2019"]
    refused = client.get("/activities/?year=1999")
    assert _titles(refused) == [] and "Select a valid choice. 1999 is not one of the available choices." in (
        refused.content.decode()
    )


def test_activities_never_name_a_participant(program: Any) -> None:
    activity = Activity.objects.get(code="web-1")
    key = "c0ffee" * 10 + "c0ff"
    Participation.objects.create(activity=activity, country=activity.countries.first(), person_key=key)
    for url in ("/activities/", f"/activities/{activity.pk}/"):
        assert key[:12] not in Client().get(url).content.decode()


def test_activities_are_paginated(program: Any, country_a: Any) -> None:
    for n in range(PAGE_SIZE):
        _activity(program, f"bulk-{n}", "training", date(2018, 1, 1 + n % 28), [country_a])
    first = Client().get("/activities/?country=LA")
    assert len(first.context["page"].object_list) == PAGE_SIZE and 'rel="next"' in first.content.decode()
    second = Client().get("/activities/?country=LA&page=2")
    assert second.context["page"].number == 2 and len(second.context["page"].object_list) == 2


def test_projects_list_says_how_many_the_program_reports_and_how_many_are_recorded(
    program: Any, country_a: Any
) -> None:
    indicator = f.IndicatorFactory(code=PROJECT_COUNT, disaggregations=[])
    f.DataValueFactory(program=program, indicator=indicator, period="2021S1", country=None, value=Decimal("31"))
    partner = f.OrganisationFactory(name="Synthetic Ministry")
    pathway = f.PathwayFactory(program=program, number=2, name="Enhancing national-level capacity")
    project = f.ProjectFactory(program=program, title="Synthetic justice project")
    project.countries.set([country_a])
    project.partners.set([partner])
    project.pathways.set([pathway])
    response = Client().get("/projects/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "The program reports" in html and ">31 projects</a>" in html and "1 is recorded here" in html
    assert f'href="/projects/{project.pk}/"' in html
    assert "Synthetic Ministry" in html and "Lao PDR" in html and "Enhancing national-level capacity" in html
    page = Client().get(f"/projects/{project.pk}/").content.decode()
    assert "Enhancing national-level capacity" in page and "Synthetic Ministry" in page


def test_projects_list_without_a_reported_total_says_nothing_of_one(program: Any) -> None:
    html = Client().get("/projects/").content.decode()
    assert "The program reports" not in html and "No project is recorded here yet." in html


def test_projects_api_lists_the_recorded_projects(program: Any, users: dict[str, Any]) -> None:
    project = f.ProjectFactory(program=program, title="Synthetic regional project", is_regional=True)
    body = Client().get("/api/v1/projects/").json()
    assert [p["title"] for p in body["results"]] == [project.title]
    assert sign_in(Client(), users["mel"]).get("/activities/").status_code == 200
