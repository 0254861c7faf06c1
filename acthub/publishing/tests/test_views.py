"""The /data/ pages: pivot, chart, downloads with escaping, targets, data quality, records and access."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from acthub.accounts.testing import sign_in
from acthub.core.testing.factories import DataValueFactory
from acthub.indicators.models import Indicator, Target

pytestmark = pytest.mark.django_db


def login(client: Client, user: Any) -> Client:
    return sign_in(client, user)


def test_pivot_by_sex_and_place(client: Client, training: dict[str, Any]) -> None:
    response = client.get("/data/PEOPLE_TRAINED_UNIQUE/?period=2021S1&rows=sex&cols=place")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unique people trained" in html and "Computed from records where records exist" in html
    table = response.context["table"]
    assert [label for _v, label in table.cols] == ["Region (all countries)", "Cambodia", "Lao PDR"]
    female = table.grid[[v for v, _l in table.rows].index("female")]
    assert [c.value for c in female] == [2, 0, 2]
    assert "/data/PEOPLE_TRAINED_UNIQUE/records/" not in html  # the public gets no record links


def test_pivot_rejects_a_bad_breakdown(client: Client, training: dict[str, Any]) -> None:
    response = client.get("/data/ACTIVITIES_HELD/?rows=sex")
    assert response.status_code == 400 and "not one of" in response.content.decode()
    assert client.get("/data/NO_SUCH/").status_code == 404


def test_chart_draws_the_same_figures(client: Client, training: dict[str, Any]) -> None:
    old = client.get("/data/PEOPLE_TRAINED_UNIQUE/chart/?period=2021S1&rows=place&cols=")
    # The old chart page is the visualizer's chart now: one drawing of a chart, published links kept.
    assert old.status_code == 301
    assert old["Location"] == "/data/PEOPLE_TRAINED_UNIQUE/?period=2021S1&rows=place&cols=&view=chart"
    assert client.get("/data/NO_SUCH/chart/").status_code == 404
    response = client.get(old["Location"])
    html = response.content.decode()
    assert response.status_code == 200 and "<svg" in html
    assert "Lao PDR: 24" in html and "Cambodia: 1" in html


def test_csv_and_xlsx_downloads_neutralise_formulas(client: Client, training: dict[str, Any]) -> None:
    indicator = Indicator.objects.get(code="PEOPLE_TRAINED_UNIQUE")
    DataValueFactory(
        program=training["program"],
        indicator=indicator,
        country=None,
        period="2021S1",
        value=30,
        source_document='=HYPERLINK("http://evil.example")',
    )
    indicator.preference = "reported"
    indicator.save()
    csv = b"".join(client.get("/data/PEOPLE_TRAINED_UNIQUE/download.csv?period=2021S1&cols=").streaming_content)
    text = csv.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("indicator,period,place,value,display,method,reported,computed")
    assert "PEOPLE_TRAINED_UNIQUE,2021S1,REGION,30,30,reported,30,25" in text
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    response = client.get("/data/PEOPLE_TRAINED_UNIQUE/download.xlsx?period=2021S1&cols=")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert '\'=HYPERLINK("http://evil.example")' in cells


def test_targets_against_actuals(client: Client, training: dict[str, Any]) -> None:
    indicator = Indicator.objects.get(code="PEOPLE_TRAINED_UNIQUE")
    Target.objects.create(indicator=indicator, program=training["program"], period="2021S1", value=50)
    response = client.get("/data/PEOPLE_TRAINED_UNIQUE/targets/")
    line = response.context["lines"][0]
    assert line["cell"].value == 25 and line["share"] == 50


def test_data_quality_lists_disagreements_for_staff_only(
    client: Client, training: dict[str, Any], users: dict[str, Any]
) -> None:
    indicator = Indicator.objects.get(code="PEOPLE_TRAINED_UNIQUE")
    DataValueFactory(program=training["program"], indicator=indicator, country=None, period="2021S1", value=30)
    DataValueFactory(program=training["program"], indicator=indicator, country=None, period="2020", value=1)
    assert client.get("/data/quality/").status_code == 302  # to the login page
    assert login(client, users["partner"]).get("/data/quality/").status_code == 403
    response = login(client, users["mel"]).get("/data/quality/")
    rows = response.context["rows"]
    assert response.context["checked"] == 2
    assert [(r["period"], r["cell"].reported, r["cell"].computed) for r in rows] == [("2021S1", 30, 25)]


def test_records_behind_a_figure_respect_scope(client: Client, training: dict[str, Any], users: dict[str, Any]) -> None:
    url = "/data/PEOPLE_TRAINED_UNIQUE/records/?period=2021S1&place={place}&sex=female"
    assert client.get(url.format(place="LA")).status_code == 302
    officer = login(Client(), users["officer_a"])  # scoped to LA
    response = officer.get(url.format(place="LA"))
    assert response.status_code == 200
    keys = sorted({p.person_key for p in response.context["participations"]})
    assert keys == ["X", "Z"]
    assert officer.get(url.format(place="KH")).status_code == 404  # outside the officer's scope
    pivot = login(Client(), users["mel"]).get("/data/PEOPLE_TRAINED_UNIQUE/?period=2021S1&rows=sex&cols=place")
    assert "/data/PEOPLE_TRAINED_UNIQUE/records/?period=2021S1&amp;place=LA&amp;sex=female" in pivot.content.decode()


def test_index_lists_computed_indicators(client: Client, training: dict[str, Any]) -> None:
    html = client.get("/data/").content.decode()
    assert "PEOPLE_TRAINED_WOMEN_PCT" in html and "Percentage: numerator over denominator" in html


def test_the_indicator_page_states_the_rule(client: Client, training: dict[str, Any]) -> None:
    html = client.get("/data/PEOPLE_TRAINED_UNIQUE/").content.decode()
    assert "the computed value is shown" in html and 'id="values"' in html


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/indicators/", "/data/"),
        (
            "/indicators/PEOPLE_TRAINED_UNIQUE/?period=2021S1&place=LA",
            "/data/PEOPLE_TRAINED_UNIQUE/?period=2021S1&place=LA",
        ),
        (
            "/indicators/PEOPLE_TRAINED_UNIQUE/chart/?place=LA&sex=female",
            "/data/PEOPLE_TRAINED_UNIQUE/?place=LA&sex=female&view=chart",
        ),
    ],
)
def test_the_old_indicator_pages_redirect_permanently(
    client: Client, training: dict[str, Any], old: str, new: str
) -> None:
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new


def test_the_old_page_of_a_hidden_indicator_is_404_not_a_redirect(client: Client, training: dict[str, Any]) -> None:
    assert client.get("/indicators/NO_SUCH_CODE/").status_code == 404


def test_every_read_of_records_is_logged(client: Client, training: dict[str, Any], users: dict[str, Any]) -> None:
    from acthub.audit.models import AccessEvent

    officer = login(Client(), users["officer_a"])
    before = AccessEvent.objects.filter(kind=AccessEvent.Kind.READ).count()
    response = officer.get("/data/PEOPLE_TRAINED_UNIQUE/records/?period=2021S1&place=LA&sex=female")
    assert response.status_code == 200
    events = list(AccessEvent.objects.filter(kind=AccessEvent.Kind.READ).order_by("pk")[before:])
    assert len(events) == 1
    event = events[0]
    assert event.user == users["officer_a"] and event.time is not None
    assert event.detail["indicator"] == "PEOPLE_TRAINED_UNIQUE" and event.detail["place"] == "LA"
    assert event.detail["period"] == "2021S1" and event.detail["filters"] == {"sex": "female"}
    assert event.detail["shown"] == {"participations": 3, "attendance_counts": 0}  # X twice, Z once
    officer.get("/data/PEOPLE_TRAINED_UNIQUE/records/?period=2021S1&place=LA")
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.READ).count() == before + 2


def test_a_lao_officer_sees_no_cambodian_records_on_the_region(
    client: Client, training: dict[str, Any], users: dict[str, Any]
) -> None:
    from acthub.activities.tests.factories import AttendanceCountFactory

    AttendanceCountFactory(
        activity=training["activities"][1], count=7, sex="female", country=training["kh"], role="trainee"
    )
    officer = login(Client(), users["officer_a"])  # scoped to LA
    response = officer.get("/data/PEOPLE_TRAINED_UNIQUE/records/?period=2021S1&place=REGION")
    assert response.status_code == 200
    assert {c.country.code for c in response.context["counts"]} == {"LA"}
    assert {p.country.code for p in response.context["participations"]} == {"LA"}
    mel = login(Client(), users["mel"]).get("/data/PEOPLE_TRAINED_UNIQUE/records/?period=2021S1&place=REGION")
    assert {c.country.code for c in mel.context["counts"]} == {"LA", "KH"}
