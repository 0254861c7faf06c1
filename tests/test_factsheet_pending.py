"""`manage.py factsheet` renders approved data only, unless `--include-pending` asks for a draft, which
then says so on every page of its PDF, in its HTML and in its JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

pytestmark = pytest.mark.django_db

NOTICE = "DRAFT, NOT FOR PUBLICATION"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def pending_half_year(seed: None, tmp_path: Path) -> None:
    """Activities and 23 trainees in Lao PDR for Jul-Dec 2021, imported and not approved."""
    activities = write(
        tmp_path / "activities.csv",
        "code,kind,title,start_date,end_date,countries\n"
        "SYN-LA-H2,training,Synthetic training,2021-08-02,2021-08-04,LA\n",
    )
    people = write(
        tmp_path / "people.csv",
        "activity,person_key,sex,agency_type,country,role\n"
        + "".join(f"SYN-LA-H2,SYN-P-{n:03d},female,police,LA,trainee\n" for n in range(23)),
    )
    for kind, path in (("activities", activities), ("participants", people)):
        call_command("import_data", kind, str(path), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())


def factsheet(*args: str) -> None:
    call_command("factsheet", *args, stdout=io.StringIO(), stderr=io.StringIO())


def test_published_sheet_leaves_pending_data_out(pending_half_year: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no figures"):
        factsheet("--scope", "LA", "--period", "2021S2", "--output", str(tmp_path / "la.json"))


def test_draft_with_pending_data_says_so_on_every_page(pending_half_year: None, tmp_path: Path) -> None:
    out = tmp_path / "la.json"
    factsheet("--scope", "LA", "--period", "2021S2", "--output", str(out), "--include-pending")
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["includes_pending"] is True and NOTICE in document["draft_notice"]
    assert "23" in {f["display"] for f in document["figures"]}

    html = tmp_path / "la.html"
    factsheet("--scope", "LA", "--period", "2021S2", "--output", str(html), "--include-pending")
    assert NOTICE in html.read_text(encoding="utf-8")

    pdf = tmp_path / "la.pdf"
    factsheet("--scope", "REGION", "--period", "2021", "--output", str(pdf), "--include-pending")
    pages = PdfReader(str(pdf)).pages
    assert len(pages) >= 2  # the notice repeats on each page, not only the first
    assert all(NOTICE in " ".join(page.extract_text().split()) for page in pages)


def test_published_regional_sheet_has_no_draft_notice(pending_half_year: None, tmp_path: Path) -> None:
    out = tmp_path / "region.html"
    factsheet("--scope", "REGION", "--period", "2021S1", "--output", str(out))
    assert NOTICE not in out.read_text(encoding="utf-8")
