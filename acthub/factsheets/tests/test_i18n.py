"""Languages: the Lao PDR sheet wholly in Lao, and per-string fallback to English for the rest."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.translation import trans_real

from acthub.core.content_translations import translate
from acthub.core.models import Country
from acthub.factsheets.content import resolve_period, resolve_scope
from acthub.factsheets.rendering import render_pdf
from acthub.factsheets.services import make_sheet
from acthub.factsheets.tests.support import run_tool
from acthub.program.models import Program
from tests.crawler import parse


@contextmanager
def untranslated(language: str) -> Iterator[list[str]]:
    """Collect every message looked up in `language`'s catalogue that it has no translation for."""
    missing: list[str] = []
    catalogue: Any = trans_real.translation(language)
    gettext, ngettext = catalogue.gettext, catalogue.ngettext

    def checked_gettext(message: str) -> str:
        if message not in catalogue._catalog:
            missing.append(message.split("\x04")[-1])
        return str(gettext(message))

    def checked_ngettext(singular: str, plural: str, n: int) -> str:
        if (singular, 0) not in catalogue._catalog:
            missing.append(singular)
        return str(ngettext(singular, plural, n))

    catalogue.gettext, catalogue.ngettext = checked_gettext, checked_ngettext
    try:
        yield missing
    finally:
        del catalogue.gettext, catalogue.ngettext


def lao_sheet(program: Program, language: str, render: Callable[[Any], Any] | None = None) -> Any:
    rendered = make_sheet(program, resolve_scope("LA"), resolve_period("2021S1"), language=language)
    if render is not None:
        render(rendered)
    return rendered


def test_the_lao_pdr_sheet_is_wholly_translated_into_lao(program: Program) -> None:
    with untranslated("lo") as missing:
        rendered = lao_sheet(program, "lo")
        with translation.override("lo"):
            render_pdf(rendered)
            assert translation.gettext("Where we work") != "Where we work"
    assert sorted(set(missing)) == []
    with untranslated("lo") as missing, translation.override("lo"):  # the check itself catches a gap
        translation.gettext("A sentence nobody translated")
    assert missing == ["A sentence nobody translated"]
    text, _links = parse(rendered.html)
    for lao in ("ພາບລວມ", "ກ່ຽວກັບແຜນງານ", "ບ່ອນທີ່ພວກເຮົາເຮັດວຽກ", "ມັງກອນ-ມິຖຸນາ 2021", "ມິຖຸນາ 2021", "ແຜນງານ 10 ປີ (2018-2028)"):
        assert lao in text, lao
    assert 'lang="lo"' in rendered.html and rendered.document["language"] == "lo"
    assert rendered.document["figures"][1]["display"] == "86"  # figures keep their digits


def test_a_language_without_our_translation_is_english(program: Program, tmp_path: Path) -> None:
    # Every language has our catalogue now: hide ours to see what a language without it gets.
    with override_settings(LOCALE_PATHS=[tmp_path]):
        rendered = lao_sheet(program, "km")
    text, _links = parse(rendered.html)
    assert "Where we work" in text and "Period covered: Jan-Jun 2021" in text
    assert "មិថុនា 2021" in text  # Django's own Khmer catalogue names the month: fallback is per string
    assert 'lang="km"' in rendered.html


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_untranslated_strings_fall_back_to_english_one_by_one(program: Program, tmp_path: Path) -> None:
    folder = tmp_path / "th" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Figures over time"\nmsgstr "ตัวเลขตามช่วงเวลา"\n\n'
        'msgctxt "month abbreviation"\nmsgid "Jun"\nmsgstr "มิ.ย."\n',
        encoding="utf-8",
    )
    run_tool("msgfmt", "-o", str(folder / "django.mo"), str(po))
    with override_settings(LOCALE_PATHS=[tmp_path]):  # this tiny catalogue instead of ours
        rendered = lao_sheet(program, "th")
        pdf = render_pdf(rendered)
    text, _links = parse(rendered.html)
    assert "ตัวเลขตามช่วงเวลา" in text  # translated
    assert "Jan-มิ.ย. 2021" in text  # one month translated, the other in English
    assert "Where we work" in text and "Period covered:" in text  # no translation: English
    if shutil.which("pdffonts"):
        assert b"Noto-Sans-Thai" in run_tool("pdffonts", "-", stdin=pdf)


# Translations from the seed's translation memory (acthub/seed/data/translations/lo.yaml).
LAO_PDR = "ສປປ ລາວ"  # the memory's; the seed names a country in its own language by its name_local, "ລາວ"
LAO_JUSTICE_INTRO = "ອຳນວຍຄວາມສະດວກໃຫ້ແກ່ການຮ່ວມມືຂອງຂະແໜງຍຸຕິທຳ"  # "facilitates justice sector cooperation"
LAO_JUSTICE = "ຜົນໄດ້ຮັບດ້ານຍຸຕິທຳ"  # the outcome area "Justice outcomes"
LAO_TRAINED = "ນັກປະຕິບັດງານຕ້ານການຄ້າມະນຸດທີ່ໄດ້ຮັບການຝຶກອົບຮົມ"  # the indicator "Counter-trafficking actors trained"


def _section(rendered: Any, section_id: str) -> str:
    return next(s.html for s in rendered.sections if s.id == section_id)


def test_the_lao_sheet_shows_content_from_the_translation_memory_and_marks_english(program: Program) -> None:
    rendered = lao_sheet(program, "lo")
    text, _links = parse(rendered.html)
    # Names: the country in the title and in "where we work", an outcome area, an indicator.
    lao = str(translate(Country.objects.get(code="LA"), "name", "lo"))
    assert lao in ("ລາວ", LAO_PDR)
    masthead = parse(rendered.html.split("</header>")[0])[0]
    assert lao in masthead and "Lao PDR" not in masthead and masthead.count(lao) == 1  # not twice (name_local)
    assert lao in parse(_section(rendered, "where"))[0]
    justice = _section(rendered, "area-justice")
    assert LAO_JUSTICE in parse(justice)[0] and LAO_TRAINED in text
    # A narrative: the outcome area's introduction, translated; its figures still linked.
    assert LAO_JUSTICE_INTRO in parse(justice)[0]
    assert "facilitates justice sector cooperation" not in text
    # An achievement has no Lao translation: shown in English, marked as such in Lao.
    with translation.override("lo"):
        marker = translation.gettext("(English)")
    assert marker != "(English)"
    assert '<span lang="en">' in justice and f'<small class="fallback-marker">{marker}</small>' in justice
    # The section's title in the JSON document is the Lao name too.
    titles = {s["id"]: s["title"] for s in rendered.document["sections"]}
    assert titles["area-justice"] == LAO_JUSTICE


def test_a_translated_narrative_replaces_the_english_and_loses_its_mark(program: Program) -> None:
    from acthub.core.content_translations import set_translation
    from acthub.program.models import Achievement

    achievement = Achievement.objects.filter(program=program, country__code="LA").order_by("pk").first()
    assert achievement is not None
    before = _section(lao_sheet(program, "lo"), f"area-{achievement.outcome_area.slug}")
    set_translation(achievement, "text", "lo", "ຜົນສຳເລັດທີ່ແປແລ້ວ (synthetic test text)", acting_user=None)
    after = _section(lao_sheet(program, "lo"), f"area-{achievement.outcome_area.slug}")
    assert "ຜົນສຳເລັດທີ່ແປແລ້ວ" in after and "ຜົນສຳເລັດທີ່ແປແລ້ວ" not in before
    assert after.count('class="fallback-marker"') == before.count('class="fallback-marker"') - 1


def test_the_english_sheet_marks_nothing(program: Program) -> None:
    rendered = lao_sheet(program, "en")
    assert "fallback-marker" not in rendered.html and "Lao PDR" in rendered.html


@pytest.mark.parametrize("language", ["km", "th", "vi", "id", "fil", "my", "ms"])
def test_every_language_names_the_country_in_that_language(program: Program, language: str) -> None:
    from acthub.seed.translations import read_memory

    memory = read_memory(Path(__file__).resolve().parents[2] / "seed" / "data" / "translations" / f"{language}.yaml")
    rendered = lao_sheet(program, language)
    masthead = parse(rendered.html.split("</header>")[0])[0]
    assert memory["Lao PDR"] in masthead, language
    assert memory["Justice outcomes"] in parse(_section(rendered, "area-justice"))[0], language


# The program's narrative from the translation memory: its tagline, its description (three paragraphs),
# a pathway's description, a link's and the regional steering committee's.
LAO_TAGLINE = "ການຄ້າມະນຸດບໍ່ມີພົມແດນ"  # "Trafficking in persons has no borders"
LAO_DESCRIPTION = ("ອົດສະຕຣາລີໄດ້ຮ່ວມມືກັບບັນດາລັດສະມາຊິກອາຊຽນ", "ASEAN-ACT ເຮັດວຽກຮ່ວມກັບອົງການຈັດຕັ້ງຂອງລັດ", "ການຮ່ວມມືນີ້ສະໜັບສະໜູນ")
LAO_PATHWAY = "ພວກເຮົາສະໜັບສະໜູນ ແລະ ເຮັດວຽກຮ່ວມກັບອາຊຽນ"  # pathway 1: "We support and work with ASEAN"
LAO_LINK = "ເຂົ້າເບິ່ງເວັບໄຊຂອງພວກເຮົາ"  # "Visit our website"
LAO_RPSC = "ກົນໄກການຄຸ້ມຄອງລະດັບພາກພື້ນຂອງແຜນງານ"  # "The regional governance mechanism of the program"


def regional_sheet(program: Program, language: str) -> Any:
    return make_sheet(program, resolve_scope("REGION"), resolve_period("2021S1"), language=language)


def _fallback(language: str, english: str) -> str:
    with translation.override(language):
        marker = translation.gettext("(English)")
    return f'<span lang="en">{english}</span> <small class="fallback-marker">{marker}</small>'


def test_the_lao_regional_sheet_shows_the_program_narrative_in_lao(program: Program, client: Any) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    rendered = regional_sheet(program, "lo")
    about = _section(rendered, "program")
    assert LAO_TAGLINE in about and "has no borders" not in about
    paragraphs = about.count("<p")
    assert all(lao in about for lao in LAO_DESCRIPTION) and paragraphs == 4  # three paragraphs and the tagline
    assert "Australia has partnered" not in about and "fallback-marker" not in about
    pathways = _section(rendered, "pathways")
    assert LAO_PATHWAY in pathways and "We support and work with ASEAN" not in pathways
    assert "fallback-marker" not in pathways  # names and descriptions are all in the memory
    assert LAO_LINK in _section(rendered, "links") and LAO_RPSC in _section(rendered, "governance")
    # The sheet's web page (the draft beside the editions) and its PDF show the same Lao text.
    page = client.get("/lo/factsheets/REGION/?period=2021S1").content.decode()
    assert LAO_TAGLINE in page and LAO_DESCRIPTION[0] in page and LAO_PATHWAY in page
    pdf_text = "".join("".join(p.extract_text().split()) for p in PdfReader(BytesIO(render_pdf(rendered))).pages)
    for lao in (LAO_TAGLINE, *LAO_DESCRIPTION, LAO_PATHWAY):
        assert "".join(lao.split()) in pdf_text, lao  # Lao sets no spaces between words: compared without any
    assert "Australiahaspartnered" not in pdf_text and "hasnoborders" not in pdf_text
    # The portal's home page shows the same narrative in Lao.
    home = client.get("/lo/").content.decode()
    assert LAO_TAGLINE in home and LAO_DESCRIPTION[2] in home and LAO_PATHWAY in home and LAO_RPSC in home
    assert "Australia has partnered" not in home


def test_a_narrative_without_its_translation_is_english_and_marked(program: Program, client: Any) -> None:
    from django.contrib.contenttypes.models import ContentType

    from acthub.core.models import ContentTranslation
    from acthub.program.models import Pathway

    pathway = Pathway.objects.get(program=program, number=2)
    for obj, field in ((program, "tagline"), (program, "description"), (pathway, "description")):
        ContentTranslation.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, field=field, language="th"
        ).delete()
    rendered = regional_sheet(program, "th")
    about = _section(rendered, "program")
    assert _fallback("th", program.tagline) in about
    for paragraph in program.paragraphs:  # each paragraph marked where it stands
        assert _fallback("th", paragraph) in about
    pathways = _section(rendered, "pathways")
    assert _fallback("th", pathway.description) in pathways
    assert pathways.count('class="fallback-marker"') == 1  # the other pathways keep their Thai
    home = client.get("/th/").content.decode()
    assert _fallback("th", program.tagline) in home and _fallback("th", pathway.description) in home
    assert _fallback("th", program.paragraphs[0]) in home
    # English shows no mark at all.
    english = client.get("/").content.decode()
    assert program.tagline in english and "fallback-marker" not in english


def _achievement_item(html: str, pk: int) -> str:
    return html.split(f'<li id="achievement-{pk}">')[1].split("</li>")[0]


def test_the_lao_portal_pages_show_the_narratives_as_the_lao_sheet_does(program: Program, client: Any) -> None:
    from acthub.core.content_translations import set_translation
    from acthub.program.models import Achievement

    outcome = client.get("/lo/outcomes/justice/").content.decode()
    country = client.get("/lo/countries/LA/").content.decode()
    for page in (outcome, country):  # the introductions from the translation memory, the area's name too
        assert LAO_JUSTICE_INTRO in page and "facilitates justice sector cooperation" not in page
        assert LAO_JUSTICE in page
    assert LAO_JUSTICE_INTRO in client.get("/lo/outcomes/").content.decode()
    # An achievement has no Lao in the seed: English, marked, until a translator writes it in the admin.
    achievement = (
        Achievement.objects.filter(program=program, country__code="LA", outcome_area__slug="justice", is_published=True)
        .order_by("pk")
        .first()
    )
    assert achievement is not None
    assert 'class="fallback-marker"' in _achievement_item(country, achievement.pk)
    set_translation(achievement, "text", "lo", "ຜົນສຳເລັດທີ່ແປແລ້ວ (synthetic test text)", acting_user=None)
    for url in ("/lo/countries/LA/", "/lo/outcomes/justice/"):
        item = _achievement_item(client.get(url).content.decode(), achievement.pk)
        assert "ຜົນສຳເລັດທີ່ແປແລ້ວ" in item and "fallback-marker" not in item, url


def test_the_steering_committees_are_named_from_the_translation_memory(program: Program, client: Any) -> None:
    from acthub.seed.translations import read_memory

    memory = read_memory(Path(__file__).resolve().parents[2] / "seed" / "data" / "translations" / "lo.yaml")
    regional, national = (
        memory["Regional Program Steering Committee"],
        memory["National Program Steering Committee (NPSC) on Anti-Human Trafficking"],
    )
    rendered = lao_sheet(program, "lo")  # its focal point chairs the national committee
    assert national in _section(rendered, "partners") and "Steering Committee" not in rendered.html
    assert regional in _section(regional_sheet(program, "lo"), "governance")
    governance = client.get("/lo/governance/").content.decode()
    assert regional in governance and national in governance and "Steering Committee" not in governance
    assert national in client.get("/lo/countries/LA/").content.decode()


def test_the_fact_sheet_index_and_scope_pages_name_the_country_in_the_pages_language(
    program: Program, client: Any
) -> None:
    la = Country.objects.get(code="LA")
    lao_name, thai_name = str(translate(la, "name", "lo")), str(translate(la, "name", "th"))
    assert lao_name != la.name and thai_name != la.name  # the seed's translations
    index = client.get("/lo/factsheets/").content.decode()
    assert f'<a href="/lo/factsheets/LA/">{lao_name}</a></h2>' in index and ">Lao PDR<" not in index
    assert f'<a href="/th/factsheets/LA/">{thai_name}</a></h2>' in client.get("/th/factsheets/").content.decode()
    page = client.get("/lo/factsheets/LA/?period=2021S1").content.decode()
    assert f"<title>{lao_name} · " in page and f"<h1>{lao_name}</h1>" in page
    english = client.get("/factsheets/").content.decode()
    assert '<a href="/factsheets/LA/">Lao PDR</a></h2>' in english and "fallback-marker" not in english


def test_the_lao_sheets_figure_links_are_titled_in_lao(program: Program) -> None:
    from acthub.indicators.models import Indicator

    rendered = lao_sheet(program, "lo")
    titles = re.findall(r'<a class="figure" href="[^"]+" title="([^"]+), [^"]+">', rendered.html)
    assert titles
    lao_names = {str(translate(i, "name", "lo")) for i in Indicator.objects.all()}
    english_names = set(Indicator.objects.values_list("name", flat=True))
    assert set(titles) <= lao_names and not set(titles) & english_names
