"""The one search: words inside the region's scripts, Latin folding, facets, ranking, access, index upkeep."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from acthub.accounts.testing import sign_in
from acthub.core.testing.factories import OrganisationFactory
from acthub.library.choices import AccessLevel, ReviewStatus
from acthub.library.models import Resource, SearchEntry
from acthub.library.search.folding import fold
from acthub.library.search.query import search
from acthub.library.tests.factories import ResourceFactory, resource_type

pytestmark = pytest.mark.django_db

# A word of each script, and a longer text (no spaces between words) that contains it.
SCRIPTS = {
    "lo": ("ການຄ້າມະນຸດ", "ກອງປະຊຸມກ່ຽວກັບການຄ້າມະນຸດໃນພາກພື້ນອາຊຽນ"),
    "km": ("ការជួញដូរមនុស្ស", "សិក្ខាសាលាស្តីពីការជួញដូរមនុស្សនៅកម្ពុជា"),
    "th": ("การค้ามนุษย์", "รายงานการค้ามนุษย์ในประเทศไทยประจำปี"),
    "my": ("လူကုန်ကူးမှု", "မြန်မာနိုင်ငံရှိလူကုန်ကူးမှုဆိုင်ရာအစီရင်ခံစာ"),
}


def titles(query: str, user: Any = None, **kwargs: Any) -> list[str]:
    return [h.title for h in search(query, user=user, **kwargs).hits]


@pytest.mark.parametrize("language", sorted(SCRIPTS))
def test_a_word_is_found_inside_text_without_spaces(language: str) -> None:
    word, text = SCRIPTS[language]
    ResourceFactory(title=f"Report {language}", summary=text, languages=[language])
    ResourceFactory(title="Unrelated", summary="ກອງປະຊຸມ รายงาน សិក្ខាសាលា မြန်မာ")
    results = search(word, user=None)
    assert [h.title for h in results.hits] == [f"Report {language}"]
    assert f"<mark>{word}</mark>" in results.hits[0].snippet
    # A part of the word that is not in the other record is found too; the other text is not.
    assert titles(word[:4]) == [f"Report {language}"]


def test_latin_words_match_regardless_of_case_and_diacritics() -> None:
    ResourceFactory(title="Shelter practices in Việt Nam", summary="A study by Verité.")
    ResourceFactory(title="Fisheries", summary="Nothing of the kind.")
    for words in ("viet nam", "VIET NAM", "Việt Nam", "verite", "VERITÉ", "Vérité"):
        assert titles(words) == ["Shelter practices in Việt Nam"], words
    assert fold("Việt Nam Đà Nẵng") == "viet nam da nang"
    # Marks of the region's scripts are kept: two Thai words differing by a tone mark stay different.
    assert fold("ไก่") != fold("ไก")


def test_every_word_must_occur() -> None:
    ResourceFactory(title="Victim compensation webinar", summary="Justice system responses.")
    ResourceFactory(title="Compensation of workers")
    assert titles("compensation justice") == ["Victim compensation webinar"]
    assert sorted(titles("compensation")) == ["Compensation of workers", "Victim compensation webinar"]


def test_ranking_puts_title_matches_first_then_recent() -> None:
    ResourceFactory(title="Old shelter study", year=2019)
    ResourceFactory(title="Recent report", summary="It covers shelter practice.", year=2022)
    ResourceFactory(title="New shelter guideline", year=2021)
    assert titles("shelter") == ["New shelter guideline", "Old shelter study", "Recent report"]


def test_facets_count_the_matches_and_filter(country_a: Any, country_b: Any) -> None:
    ResourceFactory(title="Court indicators A", type=resource_type("guideline"), countries=[country_a], year=2020)
    ResourceFactory(title="Court indicators B", type=resource_type("study"), countries=[country_b], year=2021)
    ResourceFactory(title="Court indicators AB", type=resource_type("study"), countries=[country_a, country_b])
    ResourceFactory(title="Shelters", type=resource_type("study"), countries=[country_a])
    results = search("court", user=None)
    assert results.total == 3
    assert dict(results.facets["type"]) == {"study": 2, "guideline": 1}
    assert dict(results.facets["country"]) == {"LA": 2, "KH": 2}
    assert dict(results.facets["year"]) == {"2021": 2, "2020": 1}
    narrowed = search("court", user=None, filters={"country": "KH", "type": "study"})
    assert sorted(h.title for h in narrowed.hits) == ["Court indicators AB", "Court indicators B"]
    assert dict(narrowed.facets["country"]) == {"KH": 2, "LA": 1}


def test_pagination() -> None:
    for n in range(25):
        ResourceFactory(title=f"Toolkit {n:02d}", year=2000 + n)
    first = search("toolkit", user=None, page_size=10)
    third = search("toolkit", user=None, page=3, page_size=10)
    assert (first.total, first.pages, len(first.hits), len(third.hits)) == (25, 3, 10, 5)
    assert first.hits[0].title == "Toolkit 24" and third.hits[-1].title == "Toolkit 00"
    assert search("toolkit", user=None, page=99, page_size=10).page == 3


def test_the_index_follows_every_change(country_a: Any) -> None:
    resource: Any = ResourceFactory(title="Draft guideline")
    assert titles("guideline") == ["Draft guideline"]
    resource.title = "Final handbook"
    resource.save()
    assert titles("guideline") == []
    assert titles("handbook") == ["Final handbook"]
    resource.countries.add(country_a)
    assert dict(search("handbook", user=None).facets["country"]) == {"LA": 1}
    organisation = OrganisationFactory(name="Synthetic Anti-Trafficking Network", country=country_a)
    assert "Synthetic Anti-Trafficking Network" in titles("network")
    organisation.delete()
    resource.delete()
    assert titles("network") == [] and titles("handbook") == []
    assert not SearchEntry.objects.exists() or SearchEntry.objects.filter(kind="resource").count() == 0


def test_a_country_is_found_by_its_name(country_a: Any) -> None:
    ResourceFactory(title="Referral guideline", countries=[country_a])
    assert titles("lao pdr") == ["Referral guideline"]


ACCESS_CASES = [
    ("public", AccessLevel.PUBLIC, ReviewStatus.PUBLISHED),
    ("partners", AccessLevel.PARTNERS, ReviewStatus.PUBLISHED),
    ("internal", AccessLevel.INTERNAL, ReviewStatus.PUBLISHED),
    ("pending", AccessLevel.PUBLIC, ReviewStatus.SUBMITTED),
]


@pytest.fixture
def leveled(country_a: Any) -> dict[str, Any]:
    made = {}
    for name, level, status in ACCESS_CASES:
        made[name] = ResourceFactory(
            title=f"Secretword {name}",
            summary=f"The {name} summary mentions zanzibarite only here.",
            access_level=level,
            status=status,
            type=resource_type("study" if name == "public" else "toolkit"),
            countries=[country_a],
        )
    return made


def test_access_levels_hold_in_results_and_facets(leveled: dict[str, Any], users: dict[str, Any]) -> None:
    def seen(user: Any) -> set[str]:
        results = search("zanzibarite", user=user)
        assert results.total == len(results.hits)
        assert sum(n for _v, n in results.facets["type"]) == results.total
        return {h.title.split()[1] for h in results.hits}

    assert seen(None) == {"public"}
    assert seen(users["partner"]) == {"public", "partners"}
    assert seen(users["officer_a"]) == {"public", "partners", "internal", "pending"}
    assert seen(users["mel"]) == {"public", "partners", "internal", "pending"}


def test_partners_only_resource_never_reaches_the_public(leveled: dict[str, Any], users: dict[str, Any]) -> None:
    anonymous = Client()
    page = anonymous.get("/search/", {"q": "zanzibarite"}).content.decode()
    assert "Secretword public" in page
    for hidden in ("partners", "internal", "pending"):
        assert f"Secretword {hidden}" not in page and f"The {hidden} summary" not in page
    body = anonymous.get("/api/v1/search/", {"q": "zanzibarite"}).json()
    assert body["count"] == 1 and [r["title"] for r in body["results"]] == ["Secretword public"]
    assert body["facets"]["type"] == [{"value": "study", "label": "Study", "count": 1}]
    assert "toolkit" not in str(body)
    # No facet counts the hidden records: each of them (country, language, kind, year, ...) counts the one.
    assert body["facets"]["country"] == [{"value": "LA", "label": body["facets"]["country"][0]["label"], "count": 1}]
    assert all(v["count"] == 1 for values in body["facets"].values() for v in values), body["facets"]
    # Filtering by the hidden records' facet finds nothing, and the count says so.
    assert anonymous.get("/api/v1/search/", {"q": "zanzibarite", "type": "toolkit"}).json()["count"] == 0
    # The library page and the resource page agree.
    assert "Secretword partners" not in anonymous.get("/library/", {"q": "zanzibarite"}).content.decode()
    assert anonymous.get(f"/library/{leveled['partners'].pk}/").status_code == 404
    partner = sign_in(Client(), users["partner"])
    assert partner.get(f"/library/{leveled['partners'].pk}/").status_code == 200
    assert "Secretword partners" in partner.get("/search/", {"q": "zanzibarite"}).content.decode()


def test_search_api_shape(leveled: dict[str, Any]) -> None:
    body = Client().get("/api/v1/search/", {"q": "Zanzibarite"}).json()
    hit = body["results"][0]
    assert hit["type"] == "resource" and hit["subtype"] == "study"
    assert hit["url"].endswith(f"/library/{leveled['public'].pk}/")
    assert "<mark>zanzibarite</mark>" in hit["snippet"]
    assert set(body["facets"]) >= {"kind", "type", "country", "year"}


def test_snippets_escape_the_text() -> None:
    ResourceFactory(title="Escaping", summary="<script>alert(1)</script> trafficking risk")
    hit = search("risk", user=None).hits[0]
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<mark>risk</mark>" in hit.snippet


def test_published_fact_sheet_editions_are_in_the_library(country_a: Any) -> None:
    from acthub.core.testing.factories import ProgramFactory
    from acthub.factsheets.models import FactSheetEdition

    program = ProgramFactory(slug="asean-act", acronym="ASEAN-ACT")
    draft = FactSheetEdition.objects.create(program=program, country=country_a, period="2021S1", date_label="JUNE 2021")
    assert search("june 2021", user=None, kinds=("resource", "factsheet")).total == 0  # a draft is not public
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from acthub.factsheets.models import content_hash

    html, pdf, data = b"<html></html>", b"%PDF-1.7 synthetic", b"{}"
    for field, body, ext in (("html_file", html, "html"), ("pdf_file", pdf, "pdf"), ("json_file", data, "json")):
        getattr(draft, field).save(f"synthetic.{ext}", ContentFile(body), save=False)
    draft.content_hash, draft.published_at, draft.status = content_hash(html, pdf, data), timezone.now(), "published"
    draft.save()
    results = search("june 2021", user=None, kinds=("resource", "factsheet"))
    assert [(h.kind, h.type, h.year) for h in results.hits] == [("factsheet", "fact-sheet-edition", 2021)]
    page = Client().get("/library/", {"q": "june 2021"}).content.decode()
    assert f'href="/factsheets/editions/{draft.pk}/"' in page and "Lao PDR" in page


def test_rebuild_command_restores_the_index_and_writes_plain_lines_off_a_terminal() -> None:
    from io import StringIO

    from django.core.management import call_command

    for n in range(3):
        ResourceFactory(title=f"Rebuilt guideline {n}")
    SearchEntry.objects.filter(kind="resource").delete()  # as after a bulk load that sent no signals
    assert titles("rebuilt") == []
    out, err = StringIO(), StringIO()
    call_command("rebuild_search_index", "--kind", "resource", stdout=out, stderr=err)
    assert sorted(titles("rebuilt")) == [f"Rebuilt guideline {n}" for n in range(3)]
    assert "Indexed 3 records (resource)." in out.getvalue()
    # A log gets whole lines, not a bar redrawn with carriage returns.
    assert "\r" not in err.getvalue() and "done 3/3 records (100%)" in err.getvalue()


@pytest.mark.parametrize("bulk", [False, True])
def test_a_rebuild_row_by_row_or_in_one_pass_finds_the_same(bulk: bool, monkeypatch: Any) -> None:
    from acthub.library.search import index

    monkeypatch.setattr(index, "BULK_REBUILD", 0 if bulk else 10**9)
    ResourceFactory(title="Shelter study", summary="ກອງປະຊຸມກ່ຽວກັບການຄ້າມະນຸດ")
    ResourceFactory(title="Court guideline", summary="Victim compensation")
    index.rebuild(["resource"])
    assert titles("ການຄ້າມະນຸດ") == ["Shelter study"] and titles("compensation") == ["Court guideline"]
    index.rebuild(["resource"])  # a second rebuild replaces the entries (none found twice, none lost)
    assert titles("ການຄ້າມະນຸດ") == ["Shelter study"] and titles("compensation") == ["Court guideline"]
    # The index still follows changes after the rebuild (on SQLite the triggers are back).
    ResourceFactory(title="Referral toolkit", summary="Victim compensation schemes")
    assert sorted(titles("compensation")) == ["Court guideline", "Referral toolkit"]
    Resource.objects.get(title="Court guideline").delete()
    assert titles("compensation") == ["Referral toolkit"]
    from django.db import connection

    if connection.vendor == "sqlite":  # the FTS5 table agrees with its content table, row for row
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO library_search_fts(library_search_fts, rank) VALUES ('integrity-check', 1)")
