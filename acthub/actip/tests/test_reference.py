"""Bad input to the ACTIP reference loader: every problem named by file, row and field, and nothing loaded."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from acthub.actip.models import Article, Chapter, Ratification
from acthub.actip.reference import DATA_DIR, ReferenceInvalid, load_reference
from acthub.core.testing import factories as f

pytestmark = pytest.mark.django_db

HEADER = "chapter_number,chapter_title,article_number,article_title,obligation_kind,summary\n"
RATIFICATIONS = ("r.csv", b"country_code,signed_on,ratified_on,note,source\nLA,2015-11-21,,,\n")


@pytest.fixture
def countries(country_a: Any) -> None:
    for code in ("BN", "KH", "ID", "MY", "MM", "PH", "SG", "TH", "VN"):
        f.CountryFactory(code=code, name=f"Country {code}")


def articles(body: str) -> tuple[str, bytes]:
    return ("a.csv", (HEADER + body).encode())


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("4,,1,,general,x\n", "a.csv, row 2, chapter_number: a Roman numeral"),
        ("I,,one,,general,x\n", "a.csv, row 2, article_number: a whole number above 0"),
        ("I,,0,,general,x\n", "a.csv, row 2, article_number"),
        ("I,,1,,general,x\nI,,1,,general,y\n", "a.csv, row 3, article_number: article 1 is already on row 2"),
        ("I,,1,,duties,x\n", "a.csv, row 2, obligation_kind: 'duties' is not one of"),
        ("I,Aims,1,,general,x\nI,Other,2,,general,y\n", "a.csv, row 3, chapter_title: chapter I is titled 'Aims'"),
        ("I,,1,,general\n", "a.csv, row 2, row: wrong number of cells"),
        ("", "a.csv, row 2, file: no rows"),
    ],
)
def test_bad_article_rows_are_named_and_nothing_loads(countries: None, body: str, where: str) -> None:
    with pytest.raises(ReferenceInvalid) as caught:
        load_reference(articles(body), RATIFICATIONS)
    assert where in str(caught.value)
    assert Article.objects.count() == Chapter.objects.count() == Ratification.objects.count() == 0


def test_wrong_header_and_encoding(countries: None) -> None:
    with pytest.raises(ReferenceInvalid, match="row 1, header: expected the columns"):
        load_reference(("a.csv", b"number,title\n1,x\n"), RATIFICATIONS)
    with pytest.raises(ReferenceInvalid, match="not UTF-8"):
        load_reference(("a.csv", b"\xff\xfe\x00bad"), RATIFICATIONS)


@pytest.mark.parametrize(
    ("row", "where"),
    [
        ("ZZ,2015-11-21,,,", "r.csv, row 2, country_code: no country has the code 'ZZ'"),
        ("LA,21/11/2015,,,", "r.csv, row 2, signed_on: a date YYYY-MM-DD"),
        ("LA,2015-11-21,2014-01-01,,", "r.csv, row 2, ratified_on: before the signature"),
    ],
)
def test_bad_ratification_rows(countries: None, row: str, where: str) -> None:
    data = f"country_code,signed_on,ratified_on,note,source\n{row}\n".encode()
    with pytest.raises(ReferenceInvalid) as caught:
        load_reference(None, ("r.csv", data))
    assert where in str(caught.value)
    assert Article.objects.count() == 0  # the valid articles file did not load either


def test_every_problem_is_listed_at_once(countries: None) -> None:
    with pytest.raises(ReferenceInvalid) as caught:
        load_reference(articles("4,,1,,general,x\nI,,x,,bad,y\n"), RATIFICATIONS)
    assert len(caught.value.problems) == 3


def test_command_loads_the_shipped_files_and_refuses_a_bad_one(countries: None, tmp_path: Any) -> None:
    call_command("load_actip")
    assert (
        Article.objects.count() == 31
        and Ratification.objects.get(country__code="TH").ratified_on.isoformat() == "2016-07-24"
    )
    bad = tmp_path / "articles.csv"
    bad.write_text((DATA_DIR / "articles.csv").read_text().replace("protection,", "shelter,", 1))
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_actip", "--articles", str(bad))
