"""What goes on a sheet: scope and period checks, the period cut-off, sections left out, figure links."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from acthub.core.models import Country
from acthub.factsheets.content import (
    BadPeriodError,
    NoDataError,
    UnknownScopeError,
    build_sheet,
    default_date_label,
    resolve_period,
    resolve_scope,
    sheet_scopes,
)
from acthub.factsheets.services import latest_period, make_sheet
from acthub.factsheets.tests.support import add_value
from acthub.program.models import Achievement, OutcomeArea, Program
from tests.crawler import parse


def sections(rendered: Any) -> list[str]:
    return [section.id for section in rendered.sections]


def test_scope_and_period_are_checked(program: Program) -> None:
    assert resolve_scope("region").is_region
    assert resolve_scope("la").country == Country.objects.get(code="LA")
    with pytest.raises(UnknownScopeError, match=r"Unknown scope XX: use REGION or a country code \(BN, "):
        resolve_scope("XX")
    with pytest.raises(UnknownScopeError):
        resolve_scope("Lao PDR")
    with pytest.raises(BadPeriodError, match="2021H1 is not a period"):
        resolve_period("2021H1")


def test_a_period_without_figures_is_refused_with_the_periods_that_have_some(program: Program) -> None:
    with pytest.raises(NoDataError, match=r"Lao PDR has no figures for 2019.*Periods with figures: .*2021S1"):
        build_sheet(program, resolve_scope("LA"), resolve_period("2019"))
    with pytest.raises(NoDataError, match=r"Cambodia has no figures for 2021S1.*no figures for any period yet"):
        build_sheet(program, resolve_scope("KH"), resolve_period("2021S1"))


def test_sheets_are_made_for_the_region_and_countries_with_programming(program: Program) -> None:
    assert [s.code for s in sheet_scopes(program)] == ["REGION", "KH", "ID", "LA", "PH", "TH", "VN"]
    assert latest_period(program, resolve_scope("LA")).id == "2021S1"  # not the longer range ending then
    assert default_date_label(resolve_period("2021S1"), "en") == "JUNE 2021"
    assert default_date_label(resolve_period("2021Q3"), "lo") == "ກັນຍາ 2021"


def test_history_up_to_the_period_and_nothing_later(program: Program) -> None:
    add_value(program, "PEOPLE_TRAINED", "2021S2", "LA", 120)
    area = OutcomeArea.objects.get(program=program, slug="justice")
    Achievement.objects.create(
        program=program,
        outcome_area=area,
        country=Country.objects.get(code="LA"),
        text="Later result.",
        period="2021S2",
    )
    june = make_sheet(program, resolve_scope("LA"), resolve_period("2021S1"))
    december = make_sheet(program, resolve_scope("LA"), resolve_period("2021S2"))
    june_ids = {f["id"] for f in june.document["figures"]}
    december_ids = {f["id"] for f in december.document["figures"]}
    assert "PEOPLE_TRAINED|2021S2|LA|" not in june_ids and "Later result." not in june.html
    assert {
        "PEOPLE_TRAINED|2021S2|LA|",
        "PEOPLE_TRAINED|2021S1|LA|",
    } <= december_ids and "Later result." in december.html
    text, _links = parse(december.html)
    assert "120 Counter-trafficking actors trained (Jul-Dec 2021) Earlier: 86 (Jan-Jun 2021)" in text
    # The chart shows people trained per period, oldest first.
    chart = december.html.split('id="chart-trained"')[1].split("</figure>")[0]
    assert chart.index("Jan-Jun 2021") < chart.index("Jul-Dec 2021")


def test_sections_without_data_are_left_out(program: Program) -> None:
    add_value(program, "PEOPLE_TRAINED", "2021S1", "KH", 40)
    rendered = make_sheet(program, resolve_scope("KH"), resolve_period("2021S1"))
    assert sections(rendered) == [
        "headline",
        "charts",
        "program",
        "where",
        "pathways",
        "area-partnerships",  # the grant to Legal Support for Children and Women
        "links",
        "credits",
    ]
    text, _links = parse(rendered.html)
    assert "Legal Support for Children and Women" in text
    assert "Case study" not in text and "Governance" not in text
    # No figure of another place, and no share of women without one.
    assert {f["place"]["code"] for f in rendered.document["figures"]} == {"KH"}
    assert 'id="chart-women"' not in rendered.html


def test_every_figure_links_to_its_provenance(program: Program) -> None:
    for scope in ("REGION", "LA"):
        public = make_sheet(program, resolve_scope(scope), resolve_period("2021S1"))
        staff = make_sheet(program, resolve_scope(scope), resolve_period("2021S1"), staff_links=True)
        _text, public_links = parse(public.html)
        _text, staff_links = parse(staff.html)
        assert public.document["figures"] == staff.document["figures"]  # public provenance either way
        for entry in public.document["figures"]:
            record = reverse("admin:indicators_datavalue_change", args=[entry["provenance"]["data_value_id"]])
            assert (entry["provenance"]["url"], entry["display"]) in public_links, entry["id"]
            assert (record, entry["display"]) in staff_links, entry["id"]
            assert not any(href.startswith("/admin/") for href, _t in public_links)


def test_json_sections_name_their_figures(program: Program) -> None:
    rendered = make_sheet(program, resolve_scope("REGION"), resolve_period("2021S1"))
    by_section = {s["id"]: s["figures"] for s in rendered.document["sections"]}
    assert "PEOPLE_TRAINED|2020|REGION|" in by_section["area-justice"]
    assert "MEMBER_STATES_TRAINED|2020-01-01/2021-06-30|REGION|" in by_section["area-justice"]
    entry = next(f for f in rendered.document["figures"] if f["id"] == "PEOPLE_TRAINED|2020|REGION|")
    assert entry["sections"] == ["headline", "charts", "area-justice"]
    assert entry["period"] == {"id": "2020", "label": "2020", "start": "2020-01-01", "end": "2020-12-31"}
    assert entry["value"] == "2037" and entry["display"] == "2,037"


def test_hidden_organisations_stay_off_the_public_sheet(program: Program) -> None:
    from acthub.directory.models import Organisation

    Organisation.objects.filter(name="Vientiane Capital People's Court").update(is_public=False)
    rendered = make_sheet(program, resolve_scope("LA"), resolve_period("2021S1"))
    assert "Vientiane Capital People" not in rendered.html
    assert "Vientiane Capital People" not in rendered.json_bytes.decode()


def test_images_are_printed_from_local_storage(program: Program) -> None:
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image

    from acthub.factsheets.rendering import render_pdf
    from acthub.program.models import MediaItem

    buffer = BytesIO()
    Image.new("RGB", (60, 40), (11, 83, 148)).save(buffer, format="PNG")
    item = MediaItem(
        program=program,
        country=Country.objects.get(code="LA"),
        caption="A synthetic picture.",
        alt_text="A blue rectangle.",
        credit="Synthetic Studio",
        consent_obtained=True,
    )
    item.file.save("synthetic.png", ContentFile(buffer.getvalue()), save=False)
    item.save()
    rendered = make_sheet(program, resolve_scope("LA"), resolve_period("2021S1"))
    text = parse(rendered.html)[0]
    assert "images" in sections(rendered) and "A synthetic picture. Photo: Synthetic Studio" in text
    assert 'alt="A blue rectangle."' in rendered.html
    pdf = render_pdf(rendered)  # the fetcher reads /media/... from storage, not over the network
    assert b"/Subtype /Image" in pdf


def test_a_caption_without_its_image_is_printed_nowhere(program: Program) -> None:
    """The Lao sheet's caption has no picture in the seed: neither the sheet nor its PDF prints it."""
    from io import BytesIO

    from pypdf import PdfReader

    from acthub.factsheets.rendering import render_pdf
    from acthub.program.models import MediaItem

    # Even published (with consent) and seen by staff, an item without a file is not shown.
    MediaItem.objects.filter(program=program).update(is_published=True, consent_obtained=True)
    rendered = make_sheet(program, resolve_scope("LA"), resolve_period("2021S1"))
    assert "Training of prosecutors" not in rendered.html and "images" not in sections(rendered)
    pdf_text = " ".join(page.extract_text() for page in PdfReader(BytesIO(render_pdf(rendered))).pages)
    assert "Training of prosecutors" not in pdf_text and "Image:" not in pdf_text


def test_the_pdf_is_tagged_with_its_language_and_title(program: Program) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    from acthub.factsheets.rendering import render_pdf

    rendered = make_sheet(program, resolve_scope("LA"), resolve_period("2021S1"))
    reader = PdfReader(BytesIO(render_pdf(rendered)))
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])  # tagged for screen readers
    assert root["/Lang"] == "en"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    title = str(reader.metadata.title if reader.metadata else "")
    assert "Lao PDR" in title and rendered.sheet.date_label in title
