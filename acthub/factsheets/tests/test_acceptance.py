"""Issue 4's acceptance: after `load_seed`, the sheets of 2021S1 carry every fact of the seed documents.

`manage.py factsheet` writes the regional and the Lao PDR sheet as HTML, JSON and PDF; each fact of
the sheet's document is looked for in the HTML's text, each figure in the JSON (with its provenance)
and everything again in the PDF's text (`pdftotext -raw`: content-stream order, which WeasyPrint
writes in document order, and no dehyphenation).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from acthub.factsheets.tests.sheet_facts import SECTIONS, SHEETS, pdf_normalise
from acthub.factsheets.tests.support import run_tool
from acthub.indicators.models import DataValue
from tests.crawler import parse
from tests.seed_facts import normalise

PDFTOTEXT = shutil.which("pdftotext")
# The mark makes pytest-django create the test database; each test then runs inside the module's
# transaction below, which holds the seed and is rolled back at the end.
pytestmark = pytest.mark.django_db


def _render(tmp_path: Path, scope: str) -> dict[str, Any]:
    files = {}
    for fmt in ("html", "json", "pdf"):
        path = tmp_path / f"{scope}.{fmt}"
        call_command("factsheet", scope=scope, period="2021S1", format=fmt, output=str(path), verbosity=0)
        files[fmt] = path
    return files


@pytest.fixture(scope="module")
def sheets(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Both sheets rendered once, from a database holding the seed (rolled back afterwards)."""
    from django.db import transaction

    folder = tmp_path_factory.mktemp("sheets")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_seed", verbosity=0)
            rendered = {scope: _render(folder, scope) for scope in SHEETS}
            ids = {
                (dv.indicator.code, dv.period, dv.place_code): dv.pk
                for dv in DataValue.objects.select_related("indicator", "country")
            }
            yield rendered, ids
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.parametrize("scope", list(SHEETS))
def test_html_has_every_fact_and_links_every_figure(sheets: Any, scope: str) -> None:
    rendered, _ids = sheets
    html = rendered[scope]["html"].read_text()
    text, links = parse(html)
    _document, facts, figures = SHEETS[scope]
    assert [fact for fact in facts if normalise(fact) not in normalise(text)] == []
    for figure in figures:
        url = f"/data/{figure.code}/?period={figure.period.replace('/', '%2F')}&place={figure.place}"
        assert (url, figure.display) in links, figure


@pytest.mark.parametrize("scope", list(SHEETS))
def test_json_lists_every_figure_with_provenance(sheets: Any, scope: str) -> None:
    rendered, ids = sheets
    document = json.loads(rendered[scope]["json"].read_text())
    assert document["scope"]["code"] == scope and document["period"]["id"] == "2021S1"
    assert document["date_label"] == "JUNE 2021"
    assert SECTIONS[scope] <= {s["id"] for s in document["sections"]}
    entries = {(f["indicator"]["code"], f["period"]["id"], f["place"]["code"]): f for f in document["figures"]}
    source, _facts, figures = SHEETS[scope]
    for figure in figures:
        entry = entries[(figure.code, figure.period, figure.place)]
        assert entry["display"] == figure.display, figure
        assert entry["disaggregation"] == {}
        provenance = entry["provenance"]
        assert provenance["data_value_id"] == ids[(figure.code, figure.period, figure.place)]
        assert provenance["method"] == "reported"
        assert provenance["source_document"] == source
        assert provenance["source_passage"]
        assert provenance["url"].startswith(f"/data/{figure.code}/")
        assert entry["sections"], figure
    # Nothing but the seed's figures: the sheet invents none.
    assert {(f.code, f.period, f.place) for f in figures} == set(entries)


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("scope", list(SHEETS))
def test_pdf_text_has_every_fact_and_figure(sheets: Any, scope: str) -> None:
    rendered, _ids = sheets
    pdf = rendered[scope]["pdf"]
    assert pdf.read_bytes().startswith(b"%PDF-")
    raw = run_tool("pdftotext", "-raw", str(pdf), "-").decode()
    text = pdf_normalise(raw)
    _document, facts, figures = SHEETS[scope]
    assert [fact for fact in facts if normalise(fact) not in text] == []
    document = json.loads(rendered[scope]["json"].read_text())
    entries = {f["id"]: f for f in document["figures"]}
    headline = {fid for s in document["sections"] if s["id"] == "headline" for fid in s["figures"]}
    for figure in figures:
        key = f"{figure.code}|{figure.period}|{figure.place}|"
        assert normalise(figure.display) in text, figure
        if key in headline:  # "86 Counter-trafficking actors trained", or earlier "2,037 (2020)"
            entry = entries[key]
            latest = normalise(f"{figure.display} {entry['indicator']['name']}")
            earlier = normalise(f"{figure.display} ({entry['period']['label']})")
            assert latest in text or earlier in text, figure
