"""The paragraph the sheets set in capitals is stored in sentence case, by the loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from acthub.program.models import Program
from acthub.seed.casing import Vocabulary, is_shouted, sentence_case, unshout
from acthub.seed.loader import load_seed
from acthub.seed.tests.conftest import edit

SHOUTED = (
    "AUSTRALIA HAS PARTNERED WITH ASEAN MEMBER STATES OVER THE PAST 17 YEARS TO SUPPORT COUNTER-TRAFFICKING"
    " EFFORTS AND CONTINUES THIS THROUGH THE ASEAN-AUSTRALIA COUNTER TRAFFICKING PROGRAM (ASEAN-ACT)."
)
SENTENCE_CASE = (
    "Australia has partnered with ASEAN member states over the past 17 years to support counter-trafficking"
    " efforts and continues this through the ASEAN-Australia Counter Trafficking program (ASEAN-ACT)."
)


def test_a_paragraph_in_capitals_is_shouted_a_heading_or_mixed_text_is_not() -> None:
    assert is_shouted(SHOUTED)
    assert not is_shouted("JUSTICE OUTCOMES")  # a heading, not prose
    assert not is_shouted(SENTENCE_CASE)


def test_words_take_the_casing_mixed_text_gives_them() -> None:
    vocabulary = Vocabulary(
        ["We work with ASEAN member states. ASEAN-ACT supports Australia and the Lao PDR."],
        names=["ASEAN-ACT"],
    )
    assert sentence_case("THE LAO PDR AND ASEAN MEMBER STATES. WE THANK ASEAN-ACT.", vocabulary) == (
        "The Lao PDR and ASEAN member states. We thank ASEAN-ACT."
    )
    # Only shouted paragraphs change; the others are left as written.
    text = "Already Written This Way, On Purpose Here.\n\n" + "WE WORK WITH ASEAN MEMBER STATES ON THIS."
    assert (
        unshout(text, vocabulary)
        == "Already Written This Way, On Purpose Here.\n\nWe work with ASEAN member states on this."
    )


@pytest.mark.django_db
def test_the_seed_quotes_the_capitals_and_the_loader_stores_sentence_case() -> None:
    data = (Path(__file__).resolve().parents[1] / "data" / "programs.yaml").read_text(encoding="utf-8")
    assert SHOUTED in data  # the data file quotes the sheet as printed
    load_seed()
    description = Program.objects.get(slug="asean-act").description
    assert description.startswith(SENTENCE_CASE)
    assert not any(is_shouted(p) for p in description.split("\n\n"))


@pytest.mark.django_db
def test_any_shouted_text_is_cased_at_load_and_a_second_run_writes_nothing(data_copy: Path) -> None:
    edit(
        data_copy,
        "programs.yaml",
        "Trafficking in persons has no borders and occurs in many different sectors - its negative impacts are",
        "TRAFFICKING IN PERSONS HAS NO BORDERS AND OCCURS IN MANY DIFFERENT SECTORS - ITS NEGATIVE IMPACTS ARE",
    )
    edit(data_copy, "programs.yaml", "spread across the ASEAN region.", "SPREAD ACROSS THE ASEAN REGION.")
    load_seed(data_copy)
    assert Program.objects.get(slug="asean-act").tagline == (
        "Trafficking in persons has no borders and occurs in many different sectors - its negative impacts are"
        " spread across the ASEAN region."
    )
    assert load_seed(data_copy).updated == 0


def test_the_fact_sheet_does_not_set_the_lead_paragraph_back_in_capitals() -> None:
    css = (Path(__file__).resolve().parents[2] / "factsheets" / "static" / "factsheets" / "sheet.css").read_text()
    lead = css[css.index(".sheet-lead {") :]
    assert "uppercase" not in lead[: lead.index("}")]
