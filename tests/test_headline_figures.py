"""The seed program's headline figures reach the portal the same way whichever way they come in.

1. Reported: the seed's data values, written into the data-values template downloaded from the staff
   pages and imported with `manage.py import_data datavalues`, show the same figures as `load_seed`.
2. Computed: attendance sheets of synthetic people (activities and participants imported with
   `import_data`), built so that the unique trainees are the sheets' numbers, make the engine compute
   the same figures: 2,037 people trained in 2020, 1,212 in Jan-Jun 2021, 86 in Lao PDR of whom 35%
   women. People trained several times in a period, trainers and other periods are in the files so that
   the figures hold only if the engine counts people once, trainees only, in the right period.

The portal is read by the crawler from "/", as a visitor reads it.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from acthub.accounts.testing import sign_in
from acthub.indicators.models import DataValue
from acthub.seed.loader import DATA_DIR
from tests.crawler import Page, crawl, parse
from tests.seed_facts import FIGURES, SeedFigure

HEADLINE = [f for f in FIGURES if f.code in ("PEOPLE_TRAINED", "PEOPLE_TRAINED_WOMEN_PCT")]
LANGUAGE_NAMES = {str(name) for _code, name in settings.LANGUAGES}
MEMBER_STATES = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]


def shown(client: Client, figures: list[SeedFigure]) -> dict[SeedFigure, list[str]]:
    """For each figure: the texts of the portal's links to its cell, and whether its page shows it."""
    pages = crawl(client)
    found: dict[SeedFigure, list[str]] = {}
    for figure in figures:
        url = f"/data/{figure.code}/?{urlencode({'period': figure.period, 'place': figure.place})}"
        # The figure's links as the figure (its display); a chart of the same cell links back to its
        # table in words ("View these figures as a table"), which is a way back, not a figure.
        # The language switcher's links (from the page in another language) are not figure links; a link that
        # words the figure ("31 projects") counts as its display.
        texts = sorted(
            {
                figure.display if text.startswith(figure.display) else text
                for path, page in pages.items()
                for href, text in page.links
                if href == url and "/chart/" not in path and text not in LANGUAGE_NAMES
            }
        )
        # The figure's page, as crawled, or else opened: the crawl stops at its page limit.
        target = pages.get(url) or _opened(client, url)
        found[figure] = texts + (["page shows it"] if target and figure.display in target.text else [])
    return found


def _opened(client: Client, url: str) -> Page:
    response = client.get(url)
    page = Page(url, response.status_code)
    if response.status_code == 200:
        page.text, page.links = parse(response.content.decode())
    return page


def expected(figures: list[SeedFigure]) -> dict[SeedFigure, list[str]]:
    return {f: [f.display, "page shows it"] for f in figures}


def import_file(tmp_path: Path, kind: str, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    call_command("import_data", kind, str(path), "--no-progress", "--approve", verbosity=0)


def csv_text(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


# --- 1. reported figures through the data-values template ----------------------------------------------


def seed_values_as_rows() -> list[list[str]]:
    """The seed's data values (data_values.yaml) as rows of the data-values template."""
    entries = yaml.safe_load((DATA_DIR / "data_values.yaml").read_text(encoding="utf-8"))
    return [
        [e["indicator"], str(e["period"]), e["country"], e.get("sex", ""), str(e["value"]), e["source"]["document"]]
        for e in entries
    ]


@pytest.mark.django_db
def test_seed_figures_imported_through_the_template_show_as_seeded(
    client: Client, seed: None, users: dict[str, Any], tmp_path: Path
) -> None:
    assert shown(client, FIGURES) == expected(FIGURES)
    DataValue.objects.all().delete()
    assert all(texts == [] for texts in shown(client, HEADLINE).values())

    staff = sign_in(Client(), users["mel"])
    response = staff.get(reverse("imports:template_csv", args=["datavalues"]))
    assert response.status_code == 200
    template = response.content.decode("utf-8-sig")
    assert template.splitlines()[-1] == "indicator,period,place,sex,value,source"
    rows = seed_values_as_rows()
    import_file(tmp_path, "datavalues", "seed-values.csv", template + csv_text([], rows).lstrip("\n"))

    assert DataValue.objects.count() == len(rows)
    assert shown(client, FIGURES) == expected(FIGURES)


# --- 2. the same figures computed from synthetic attendance sheets -----------------------------------


def synthetic_sheets() -> tuple[str, str]:
    """Activities and participants whose unique trainees are the seed's headline figures.

    2020: 2,037 trainees from all ten member states, a third of them trained twice. Jan-Jun 2021:
    1,212 trainees, 86 of them in Lao PDR (30 women, 56 men; some trained three times), and some people
    of 2020 trained again. Trainers attend too; a training in July 2021 falls outside the half-year.
    """
    activities: list[list[str]] = []
    participants: list[list[str]] = []

    def training(code: str, country: str, start: date, people: list[tuple[str, str, str]]) -> None:
        end = start + timedelta(days=2)
        activities.append([code, "training", f"Synthetic training {code}", start.isoformat(), end.isoformat(), country])
        for key, sex, role in people:
            participants.append([code, key, sex, "police", country, role])

    def people(prefix: str, count: int, female: int) -> list[tuple[str, str, str]]:
        return [(f"{prefix}-{n:04d}", "female" if n < female else "male", "trainee") for n in range(count)]

    # 2020: 2,037 trainees over ten countries (204 each, 201 in the last); each country trains its people
    # in two sessions, and a third of them come to both.
    sizes_2020 = dict(zip(MEMBER_STATES, [204] * 9 + [201], strict=True))
    for country, size in sizes_2020.items():
        group = people(f"SYN20-{country}", size, size // 2)
        trainer = [(f"SYN-TR-{country}", "female", "trainer")]
        first, second = group[: size * 2 // 3], group[size // 3 :]
        training(f"SYN-{country}-2020-A", country, date(2020, 3, 2), first + trainer)
        training(f"SYN-{country}-2020-B", country, date(2020, 10, 5), second + trainer)

    # Jan-Jun 2021: Lao PDR 86 trainees (30 women), in three sessions with repeats; 1,126 elsewhere
    # (114 new in each of nine countries, and 100 people of 2020 trained again).
    lao = people("SYN21-LA", 86, 30)
    training("SYN-LA-2021-A", "LA", date(2021, 2, 1), lao[:50])
    training("SYN-LA-2021-B", "LA", date(2021, 4, 5), lao[30:86])
    training("SYN-LA-2021-C", "LA", date(2021, 6, 7), [*lao[::2], ("SYN-TR-LA", "female", "trainer")])
    others = [c for c in MEMBER_STATES if c != "LA"]
    returning = [p for c in others[:5] for p in people(f"SYN20-{c}", 20, 10)]
    for country in others:
        group = people(f"SYN21-{country}", 114, 57)
        group += [p for p in returning if p[0].startswith(f"SYN20-{country}-")]
        training(f"SYN-{country}-2021", country, date(2021, 5, 3), group)
    # After the half-year: must not count in 2021S1.
    training("SYN-LA-2021-JUL", "LA", date(2021, 7, 5), people("SYN21B-LA", 40, 40))

    activities_csv = csv_text(["code", "kind", "title", "start_date", "end_date", "countries"], activities)
    participants_csv = csv_text(["activity", "person_key", "sex", "agency_type", "country", "role"], participants)
    return activities_csv, participants_csv


@pytest.mark.django_db
def test_seed_figures_computed_from_synthetic_participation(client: Client, seed: None, tmp_path: Path) -> None:
    activities_csv, participants_csv = synthetic_sheets()
    import_file(tmp_path, "activities", "activities.csv", activities_csv)
    import_file(tmp_path, "participants", "participants.csv", participants_csv)

    # With the reported values still there, reported and computed agree cell for cell (as published).
    assert shown(client, HEADLINE) == expected(HEADLINE)
    visitor = Client()
    from acthub.indicators.query import query
    from acthub.program.models import Program

    program = Program.objects.get()
    for figure in HEADLINE:
        cell = query(program, figure.code, periods=[figure.period], places=[figure.place]).get(
            figure.period, figure.place
        )
        assert cell is not None and cell.reported is not None and cell.computed is not None, figure
        assert not cell.disagrees, (figure, cell.reported, cell.computed)

    # Without them, the engine computes the headline figures from the records alone.
    DataValue.objects.filter(indicator__code__in={f.code for f in HEADLINE}).delete()
    assert shown(visitor, HEADLINE) == expected(HEADLINE)
    page = visitor.get("/data/PEOPLE_TRAINED/?" + urlencode({"period": "2021S1", "place": "LA"}))
    assert "Computed from records" in page.content.decode()
