"""A broken data file stops the loader with a message naming the file, entry and field, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from acthub.audit.models import ObjectChange
from acthub.directory.models import Organisation
from acthub.seed.loader import LoadResult, SeedError, load_seed
from acthub.seed.tests.conftest import edit, table_counts

pytestmark = pytest.mark.django_db

NEW_PROJECT = """
- program: asean-act
  title: A project that ends before it starts
  start_date: 2021-01-01
  end_date: 2020-12-31
  source: {document: 000_aee13d18c94f0f78.txt, passage: 31 multi-year projects in five countries}
"""

# (file, text to replace, replacement, fragments the message must contain)
CASES = {
    "yaml syntax": (
        "achievements.yaml",
        "  outcome_area: justice\n  order: 2",
        "  outcome_area: [justice\n  order: 2",
        ["achievements.yaml", "not valid YAML", "line"],
    ),
    "duplicate key": (
        "grants.yaml",
        "  countries: [VN]\n",
        "  countries: [VN]\n  countries: [TH]\n",
        ["grants.yaml", "duplicate key 'countries'"],
    ),
    "not a list": ("projects.yaml", "[]", "{}", ["projects.yaml", "must be a YAML list"]),
    "entry not a mapping": ("projects.yaml", "[]", "[a title]", ["projects.yaml", "entry 1 is not a mapping"]),
    "same record twice": (
        "outcome_areas.yaml",
        "  slug: knowledge-sharing\n",
        "  slug: justice\n",
        ["outcome_areas.yaml, entry 5 (slug=justice)", "entry 1 already states this record"],
    ),
    "unknown key": (
        "data_values.yaml",
        "  value: 1212\n",
        "  value: 1212\n  colour: red\n",
        ["data_values.yaml, entry 8", "indicator=PEOPLE_TRAINED, period=2021S1, country=REGION", "colour: unknown key"],
    ),
    "missing required key": (
        "indicators.yaml",
        "  unit: count\n",
        "",
        ["indicators.yaml, entry 1 (code=PROJECTS_MULTIYEAR)", "unit: required key is missing"],
    ),
    "missing source": (
        "support_delivered.yaml",
        "  source:\n    document: 004_5414d989585b8bed.txt\n    passage: The program also provided personal "
        "protective equipment for LWU to continue work during COVID-19.\n",
        "",
        [
            "support_delivered.yaml, entry 2 (country=LA, item=Personal protective equipment",
            "source: every entry needs",
        ],
    ),
    "unknown country code": (
        "grants.yaml",
        "  countries: [VN]\n",
        "  countries: [VN, ZZ]\n",
        [
            "grants.yaml, entry 1 (round=Grants program, grantee=Blue Dragon Foundation)",
            "countries: item 2: unknown country code 'ZZ'",
        ],
    ),
    "unknown organisation": (
        "achievements.yaml",
        "organisations: [People's Supreme Court]",
        "organisations: [People's Supreme Courts]",
        ["achievements.yaml, entry 17 (outcome_area=victim-rights, country=LA, order=1)", "organisations: item 1"],
    ),
    "unknown outcome area": (
        "media_items.yaml",
        "outcome_area: victim-rights",
        "outcome_area: victims",
        ["media_items.yaml, entry 1", "outcome_area: unknown outcome area 'victims' of asean-act"],
    ),
    "unknown choice": (
        "country_programming.yaml",
        "status: on_hold",
        "status: paused",
        ["country_programming.yaml, entry 7 (country=MM)", "status: 'paused' is not one of"],
    ),
    "project ends before it starts": (
        "projects.yaml",
        "[]",
        NEW_PROJECT,
        [
            "projects.yaml, entry 1 (title=A project that ends before it starts)",
            "A project cannot end before it starts",
        ],
    ),
    "program ends before it starts": (
        "programs.yaml",
        "end_year: 2028",
        "end_year: 2008",
        ["programs.yaml, entry 1 (slug=asean-act)", "The program cannot end before it starts"],
    ),
    "percentage over 100": (
        "data_values.yaml",
        "  value: 35\n",
        "  value: 135\n",
        ["data_values.yaml, entry 11", "indicator=PEOPLE_TRAINED_WOMEN_PCT", "value: ", "at most 100 (got 135)"],
    ),
    "no such half-year": (
        "data_values.yaml",
        "period: 2021S1\n  country: LA\n  value: 86",
        "period: 2021S3\n  country: LA\n  value: 86",
        ["data_values.yaml, entry 10", "period=2021S3", "period: Period 2021S3: a half-year is S1"],
    ),
    "passage not in its document": (
        "organisations.yaml",
        "passage: Overseas Development Institute",
        "passage: Overseas Development Institute of London",
        ["organisations.yaml, entry 6 (name=Overseas Development Institute)", "source: the passage", "does not occur"],
    ),
    "passage from the other sheet": (
        "data_values.yaml",
        "source: {document: 004_5414d989585b8bed.txt, passage: 5 multi-year projects}",
        "source: {document: 004_5414d989585b8bed.txt, passage: 31 multi-year projects in five countries}",
        ["data_values.yaml, entry 6", "does not occur in 004_5414d989585b8bed.txt"],
    ),
    "unknown document": (
        "pathways.yaml",
        "document: 000_aee13d18c94f0f78.txt",
        "document: 001_other.txt",
        ["pathways.yaml, entry 1 (number=1)", "unknown document '001_other.txt'"],
    ),
    "typed figure in an achievement": (
        "achievements.yaml",
        "Facilitated workshops with [[JUDGES_IN_VSC_WORKSHOPS|2018-01-01/2021-06-30]] judges",
        "Facilitated workshops with 22 judges",
        ["achievements.yaml, entry 17", "text: typed figure(s) 22"],
    ),
    "reference without a data value": (
        "achievements.yaml",
        "[[PEOPLE_TRAINED|2020]]",
        "[[PEOPLE_TRAINED|2019]]",
        ["achievements.yaml, entry 1", "text: [[PEOPLE_TRAINED|2019|REGION]] has no data value"],
    ),
    "IATI sectors not summing to 100": (
        "programs.yaml",
        '{code: "15130", percentage: 100}',
        '{code: "15130", percentage: 60}',
        ["programs.yaml, entry 1 (slug=asean-act)", "Sector percentages sum to 60, not 100"],
    ),
    "IATI sector code": (
        "programs.yaml",
        '{code: "15130", percentage: 100}',
        '{code: "151", percentage: 100}',
        ["programs.yaml, entry 1", "151 is not a 5-digit OECD DAC purpose code"],
    ),
    "IATI identifier of another organisation": (
        "programs.yaml",
        "iati_identifier: AU-5-ASEAN-ACT",
        "iati_identifier: GB-1-ASEAN-ACT",
        ["programs.yaml, entry 1", "iati_identifier", "starts with the reporting organisation's"],
    ),
    "membership ending before it starts": (
        "governance_memberships.yaml",
        "  start_date: 2025-10-26\n",
        "  start_date: 2025-10-26\n  end_date: 2024-01-01\n",
        ["governance_memberships.yaml", "member_state=TL", "cannot end before it starts"],
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_broken_file_is_refused_and_nothing_is_written(data_copy: Path, case: tuple[str, str, str, list[str]]) -> None:
    file, old, new, fragments = case
    edit(data_copy, file, old, new)
    before = table_counts()
    with pytest.raises(SeedError) as caught:
        load_seed(data_copy)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert caught.value.file == file
    if caught.value.entry is not None:  # the entry's line, for the editor
        assert f"), line {caught.value.line}: " in message or f", line {caught.value.line}: " in message
    assert table_counts() == before


def test_error_after_changes_rolls_everything_back(loaded: LoadResult, data_copy: Path) -> None:
    """An early file that would change a record, a late file that is broken: the change is undone too."""
    edit(data_copy, "organisations.yaml", "type: research", "type: civil_society")
    edit(data_copy, "support_delivered.yaml", "item: Personal protective equipment", "item: 42")
    before, changes = table_counts(), ObjectChange.objects.count()
    with pytest.raises(SeedError, match=r"support_delivered.yaml, entry 1.*item: expected text"):
        load_seed(data_copy)
    assert Organisation.objects.get(name="Overseas Development Institute").type == "research"
    assert (table_counts(), ObjectChange.objects.count()) == (before, changes)


def test_missing_and_stray_files(data_copy: Path) -> None:
    (data_copy / "stray.yaml").write_text("[]\n", encoding="utf-8")
    with pytest.raises(SeedError, match=r"^stray.yaml: not a seed data file"):
        load_seed(data_copy)
    (data_copy / "stray.yaml").unlink()
    (data_copy / "grants.yaml").unlink()
    with pytest.raises(SeedError, match=r"^grants.yaml: missing from"):
        load_seed(data_copy)
    with pytest.raises(SeedError, match="no such data directory"):
        load_seed(data_copy / "nowhere")
    assert sum(table_counts().values()) == 0
