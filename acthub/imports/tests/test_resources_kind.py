"""The `resources` import kind: library resources from CSV/XLSX, all or nothing, with clear errors."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from acthub.directory.models import Organisation
from acthub.library.models import Resource
from acthub.library.search.query import search

pytestmark = pytest.mark.django_db

HEADER = "title,type,year,publisher,languages,countries,url,summary,text_lo,text_th"


def _file(tmp_path: Path, *rows: str, name: str = "resources.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _run(path: Path, *extra: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_data", "resources", str(path), "--program", "syn", "--no-progress", *extra, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def _fails(path: Path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command(
            "import_data", "resources", str(path), "--program", "syn", "--no-progress", stdout=io.StringIO(), stderr=err
        )
    return err.getvalue()


def test_import_creates_resources_versions_and_unverified_publishers(world: dict[str, Any], tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "Shelter study,study,2021,Synthetic Police Academy,en;lo,LA,https://example.org/s.pdf,Shelters.,"
        "ກອງປະຊຸມກ່ຽວກັບການຄ້າມະນຸດໃນພາກພື້ນ,",
        "Court guide,Guideline,,Synthetic New Institute,th,LA;KH,,,,รายงานการค้ามนุษย์ในประเทศไทย",
    )
    out, _err = _run(path)
    assert "created 2" in out
    assert "Added to the directory as unverified organisations: Synthetic New Institute." in out
    shelter = Resource.objects.get(title="Shelter study")
    assert shelter.publisher.name == "Synthetic Police Academy" and shelter.status == "published"
    assert sorted(shelter.languages) == ["en", "lo"] and shelter.versions.get().language == "lo"
    guide = Resource.objects.get(title="Court guide")
    assert guide.year is None and guide.type.slug == "guideline"
    assert sorted(c.code for c in guide.countries.all()) == ["KH", "LA"]
    new = Organisation.objects.get(name="Synthetic New Institute")
    assert new.is_verified is False and guide.publisher == new
    # Their text is searchable at once, in its script.
    assert [h.title for h in search("ການຄ້າມະນຸດ", user=None).hits] == ["Shelter study"]
    assert [h.title for h in search("การค้ามนุษย์", user=None).hits] == ["Court guide"]
    # A second run finds them unchanged.
    assert "unchanged 2" in _run(path)[0]


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("Study A,pamphlet,2021,,en,LA,,,,", "type", "'pamphlet' is not a resource type"),
        ("Study B,study,2021,,en,Laos,,,,", "countries", "'Laos' is not an ISO 3166-1 alpha-2 country code"),
        ("Study C,study,2021,,en,XX,,,,", "countries", "Unknown country code 'XX'"),
        ("Study D,study,{future},,en,LA,,,,", "year", "is in the future"),
        (",study,2021,,en,LA,,,,", "title", "A value is required"),
        ("Study E,study,2021,,xx,LA,,,,", "languages", "'xx' is not a language code"),
        ("Study F,study,2021,,en,LA,not a url,,,", "url", "is not a web address"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_saved(
    world: dict[str, Any], tmp_path: Path, row: str, column: str, reason: str
) -> None:
    good = "Good study,study,2020,Brand New Publisher,en,LA,,,,"
    path = _file(tmp_path, good, row.replace("{future}", str(timezone.now().year + 1)))
    err = _fails(path)
    assert f"{path}:3:{column}: " in err and reason in err, err
    assert not Resource.objects.exists()
    assert not Organisation.objects.filter(name="Brand New Publisher").exists()


def test_dry_run_reports_what_it_would_add(world: dict[str, Any], tmp_path: Path) -> None:
    out, _err = _run(_file(tmp_path, "Study,study,2021,Someone Synthetic,en,LA,,,,"), "--dry-run")
    assert "would create 1" in out and "Would add to the directory as unverified organisations" in out
    assert not Resource.objects.exists() and not Organisation.objects.filter(name="Someone Synthetic").exists()


def test_xlsx_is_read_too(world: dict[str, Any], tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet: Any = book.active
    sheet.append(["title", "type", "year", "publisher", "languages", "countries", "url"])
    sheet.append(["Webinar recording", "webinar", 2021, "", "en", "KH", ""])
    path = tmp_path / "resources.xlsx"
    book.save(path)
    _run(path)
    assert Resource.objects.get().year == 2021
