"""`manage.py factsheet`: one sheet in each format, every sheet of a period, and bad input."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from acthub.factsheets.tests.support import add_value
from acthub.program.models import Program


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("factsheet", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_one_sheet_in_each_format(program: Program, tmp_path: Path) -> None:
    out, _err = run("--scope", "LA", "--period", "2021S1", "--output", str(tmp_path / "la.json"), "--language", "lo")
    assert "Lao PDR (2021S1, lo)" in out
    document = json.loads((tmp_path / "la.json").read_text())
    assert document["language"] == "lo" and document["date_label"] == "ມິຖຸນາ 2021"
    run("--scope", "region", "--period", "2021S1", "--format", "html", "--output", str(tmp_path / "r"))
    assert "Regional fact sheet" in (tmp_path / "r").read_text()
    run("--scope", "LA", "--period", "2021S1", "--output", str(tmp_path / "sub" / "la.pdf"), "--date-label", "MID 2021")
    assert (tmp_path / "sub" / "la.pdf").read_bytes().startswith(b"%PDF-")


def test_all_sheets_of_a_period(program: Program, tmp_path: Path) -> None:
    add_value(program, "PEOPLE_TRAINED", "2021S1", "VN", 64)
    out, err = run("--all", "--period", "2021S1", "--output-dir", str(tmp_path), "--format", "pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "asean-act-LA-2021S1-en.pdf",
        "asean-act-REGION-2021S1-en.pdf",
        "asean-act-VN-2021S1-en.pdf",
    ]
    assert "3 sheet(s) for 2021S1" in out and "4 skipped" in out
    assert "Skipped: Cambodia has no figures for 2021S1" in err
    run("--all", "--period", "2021S1", "--output-dir", str(tmp_path / "every"), "--verbosity", "0")
    assert len(list((tmp_path / "every").iterdir())) == 9  # html, pdf and json of each


BAD_INPUT = [
    (["--scope", "XX", "--period", "2021S1", "--output", "x.pdf"], "Unknown scope XX: use REGION or a country"),
    (["--scope", "LA", "--period", "2021H1", "--output", "x.pdf"], "2021H1 is not a period"),
    (["--scope", "LA", "--period", "2019", "--output", "x.pdf"], "Lao PDR has no figures for 2019"),
    (["--all", "--period", "2030", "--output-dir", "out"], "No sheet has figures for 2030"),
    (["--scope", "LA", "--all", "--period", "2021S1"], "Give either --scope"),
    (["--period", "2021S1", "--output", "x.pdf"], "Give either --scope"),
    (["--scope", "LA", "--period", "2021S1"], "Give --output FILE"),
    (["--scope", "LA", "--period", "2021S1", "--output", "x.txt"], "Give --format html, pdf or json"),
    (["--all", "--period", "2021S1"], "Give --output-dir DIR"),
    (["--scope", "LA", "--period", "2021S1", "--output", "x.pdf", "--language", "Lao!"], "is not a language"),
    (["--scope", "LA", "--period", "2021S1", "--output", "x.pdf", "--program", "nope"], "No program nope"),
]


def test_bad_input_says_what_is_wrong(program: Program, tmp_path: Path) -> None:
    # One test over every case: each needs the seed, and loading it per case would cost seconds each.
    for args, message in BAD_INPUT:
        args = [str(tmp_path / a) if a in ("x.pdf", "x.txt", "out") else a for a in args]
        with pytest.raises(CommandError, match=message):
            run(*args)
        assert not (tmp_path / "x.pdf").exists(), args


def test_a_language_without_a_translation_falls_back_with_a_warning(program: Program, tmp_path: Path) -> None:
    _out, err = run("--scope", "LA", "--period", "2021S1", "--output", str(tmp_path / "la.html"), "--language", "ta")
    # Tamil (one of Singapore's languages) is not among the nine acthub translates
    assert "No translation for 'ta': text without one is shown in English." in err
    html = (tmp_path / "la.html").read_text()
    assert 'lang="ta"' in html and "Where we work" in html
