"""Languages in the URL: `/lo/...` is Lao, unprefixed is English; the switcher links to the same page.

Also the content translations (ADR 0012): a translated name is shown in the page's language, a
missing one falls back to English, marked with lang="en" and "(English)".
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import formats, translation
from django.utils.translation import get_language_info

from acthub.core.content_translations import national_country_names, set_translation
from acthub.core.languages import SELF_NAMES

pytestmark = pytest.mark.django_db

LAO_COUNTRIES = "ປະເທດ"


def test_lao_by_url_prefix(client: Client, world: dict[str, Any]) -> None:
    html = client.get("/lo/countries/").content.decode()
    assert '<html lang="lo">' in html
    assert f"<h1>{LAO_COUNTRIES}</h1>" in html
    # Links on a Lao page stay in Lao.
    assert 'href="/lo/outcomes/"' in html and 'href="/lo/"' in html


def test_english_unprefixed_whatever_the_browser_asks(client: Client, world: dict[str, Any]) -> None:
    html = client.get("/countries/", headers={"Accept-Language": "lo"}).content.decode()
    assert '<html lang="en">' in html and "<h1>Countries</h1>" in html


def test_switcher_links_to_the_same_page_in_each_language_by_its_own_name(
    client: Client, world: dict[str, Any]
) -> None:
    html = client.get("/lo/countries/?page=1").content.decode()
    switcher = html[html.index('class="language-switcher"') : html.index('<div class="account">')]
    links = dict(re.findall(r'<a href="([^"]+)" lang="([\w-]+)"', switcher))
    assert {lang: url for url, lang in links.items()} == {
        code: ("/countries/?page=1" if code == "en" else f"/{code}/countries/?page=1")
        for code, _n in settings.LANGUAGES
    }
    for code, name in SELF_NAMES.items():
        assert f">{name}</a>" in switcher, code
    assert 'lang="lo" hreflang="lo" aria-current="true"' in switcher
    assert "<form" not in switcher  # plain links: no POST, no token, no JS
    # The alternates in <head> name every language's address, and English as the default.
    head = html[: html.index("</head>")]
    assert '<link rel="alternate" hreflang="th" href="http://testserver/th/countries/?page=1">' in head
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/countries/?page=1">' in head


def test_the_post_language_switch_is_gone(client: Client, world: dict[str, Any]) -> None:
    assert client.post("/i18n/setlang/", {"language": "lo", "next": "/"}).status_code == 404


def test_api_admin_and_health_are_not_prefixed(client: Client, world: dict[str, Any]) -> None:
    assert client.get("/api/v1/countries/").status_code == 200
    assert client.get("/lo/api/v1/countries/").status_code == 404
    assert client.get("/healthz").status_code == 200
    assert client.get("/lo/healthz").status_code == 404


def test_lao_month_names(client: Client, world: dict[str, Any]) -> None:
    assert "Jan-Jun 2021" in client.get("/").content.decode()
    assert "Jan-Jun 2021" not in client.get("/lo/").content.decode()


def test_lang_info_and_formats_for_every_language() -> None:
    for code, _name in settings.LANGUAGES:
        assert get_language_info(code)["name_local"], code
    assert get_language_info("lo")["name_local"] == "ລາວ" and get_language_info("fil")["name"] == "Filipino"
    day = date(2026, 3, 4)
    shown = {}
    for code in ("en", "lo", "fil", "my", "vi", "th"):
        with translation.override(code):
            shown[code] = formats.date_format(day, "SHORT_DATE_FORMAT")
    assert shown["lo"] == "4/3/2026"  # acthub/core/formats/lo
    assert shown["fil"] == "03/04/2026"  # acthub/core/formats/fil: month first
    assert shown["my"] == "04/03/2026"  # acthub/core/formats/my: day first
    assert shown["vi"] == "04-03-2026"  # Django's own
    with translation.override("vi"):
        assert formats.number_format(1234.5, 1, use_l10n=True) == "1234,5"  # a decimal comma
    with translation.override("lo"):
        assert formats.number_format(1234567, use_l10n=True, force_grouping=True) == "1,234,567"


def test_country_names_come_in_the_national_language_with_a_marked_fallback(
    client: Client, world: dict[str, Any]
) -> None:
    lao, cambodia = world["a"], world["b"]
    lao.name_local, lao.languages = "ລາວ", ["lo"]
    lao.save()
    national_country_names()
    html = client.get("/lo/countries/").content.decode()
    assert 'href="/lo/countries/LA/">ລາວ</a>' in html
    # Cambodia has no Lao name yet: its English name, marked as such.
    assert f'<span lang="en">{cambodia.name}</span> <small class="fallback-marker">' in html
    set_translation(cambodia, "name", "lo", "ກຳປູເຈຍ", acting_user=None)
    html = client.get("/lo/countries/").content.decode()
    assert 'href="/lo/countries/KH/">ກຳປູເຈຍ</a>' in html and 'class="fallback-marker"' not in html
    # English pages show the English names, unmarked.
    html = client.get("/countries/").content.decode()
    assert f">{lao.name}</a>" in html and "fallback-marker" not in html


def test_a_translation_must_name_a_translatable_field_and_a_language(world: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        set_translation(world["a"], "code", "lo", "x", acting_user=None)
    assert "code is not a translatable field" in str(raised.value)
    with pytest.raises(ValidationError) as raised:
        set_translation(world["a"], "name", "fr", "Laos", acting_user=None)
    assert "Use one of these language codes" in str(raised.value)


def _fallback(language: str, english: str) -> str:
    """An English text as a page in `language` shows it for a missing translation."""
    with translation.override(language):
        marker = translation.gettext("(English)")
    return f'<span lang="en">{english}</span> <small class="fallback-marker">{marker}</small>'


def _translate_the_justice_narrative_of_a(world: dict[str, Any]) -> None:
    """Lao for the justice area's name, country A's name, its introduction and achievement (synthetic)."""
    from acthub.program.models import Achievement, OutcomeAreaIntro

    justice, lao = world["justice"], world["a"]
    set_translation(justice, "name", "lo", "ຜົນໄດ້ຮັບດ້ານຍຸຕິທຳ", acting_user=None)
    set_translation(lao, "name", "lo", "ສປປ ລາວ", acting_user=None)
    intro = OutcomeAreaIntro.objects.get(outcome_area=justice, country=lao)
    set_translation(intro, "text", "lo", "ບົດນຳດ້ານຍຸຕິທຳຂອງ A.", acting_user=None)
    achievement = Achievement.objects.get(outcome_area=justice, country=lao, is_published=True)
    # The translation keeps the English text's figure reference, so the figure stays linked.
    set_translation(achievement, "text", "lo", "ໄດ້ຝຶກອົບຮົມ [[PEOPLE_TRAINED|2021S1]] ຄົນໃນ A.", acting_user=None)


def test_the_lao_outcome_area_page_shows_its_narrative_in_lao(client: Client, world: dict[str, Any]) -> None:
    _translate_the_justice_narrative_of_a(world)
    html = client.get("/lo/outcomes/justice/").content.decode()
    assert "ບົດນຳດ້ານຍຸຕິທຳຂອງ A." in html and "Justice intro for A." not in html
    assert re.search(r"ໄດ້ຝຶກອົບຮົມ <a class=\"figure\" href=\"[^\"]+\"[^>]*>86</a> ຄົນໃນ A\.", html)
    assert "Trained " not in html.split("ໄດ້ຝຶກອົບຮົມ")[1].split("</li>")[0]
    assert 'href="/lo/countries/LA/">ສປປ ລາວ</a></h2>' in html  # the country's section, headed in Lao
    # The regional introduction and achievement have no Lao: English, marked, figures still linked.
    assert _fallback("lo", "Regional justice intro.") in html
    assert '<span lang="en">Trained <a class="figure"' in html
    # The list of outcome areas shows the regional introductions the same way.
    areas = client.get("/lo/outcomes/").content.decode()
    assert _fallback("lo", "Regional justice intro.") in areas
    set_translation(world["justice"].intros.get(country=None), "text", "lo", "ບົດນຳດ້ານຍຸຕິທຳລະດັບພາກພື້ນ.", acting_user=None)
    areas = client.get("/lo/outcomes/").content.decode()
    assert "ບົດນຳດ້ານຍຸຕິທຳລະດັບພາກພື້ນ." in areas and "Regional justice intro." not in areas
    # English pages show the English text, unmarked.
    english = client.get("/outcomes/justice/").content.decode()
    assert "Justice intro for A." in english and "fallback-marker" not in english


def test_the_lao_country_page_shows_its_narratives_in_lao(client: Client, world: dict[str, Any]) -> None:
    from acthub.program.models import Story

    story = Story.objects.get(country=world["a"])
    html = client.get("/lo/countries/LA/").content.decode()
    assert _fallback("lo", "Justice intro for A.") in html and _fallback("lo", story.title) in html
    assert _fallback("lo", "Two girls were assisted.") in html
    _translate_the_justice_narrative_of_a(world)
    set_translation(story, "title", "lo", "ກໍລະນີສຶກສາຂອງ A", acting_user=None)
    set_translation(story, "body", "lo", "ເດັກຍິງສອງຄົນໄດ້ຮັບການຊ່ວຍເຫຼືອ.", acting_user=None)
    html = client.get("/lo/countries/LA/").content.decode()
    assert "ບົດນຳດ້ານຍຸຕິທຳຂອງ A." in html and "Justice intro for A." not in html
    assert re.search(r"ໄດ້ຝຶກອົບຮົມ <a class=\"figure\" href=\"[^\"]+\"[^>]*>86</a> ຄົນໃນ A\.", html)
    assert 'href="/lo/outcomes/justice/">ຜົນໄດ້ຮັບດ້ານຍຸຕິທຳ</a></h2>' in html  # the area's section
    assert f'<h2 id="story-{story.pk}">ກໍລະນີສຶກສາຂອງ A</h2>' in html and "<p>ເດັກຍິງສອງຄົນໄດ້ຮັບການຊ່ວຍເຫຼືອ.</p>" in html
    assert "Two girls were assisted." not in html
    english = client.get("/countries/LA/").content.decode()
    assert "Justice intro for A." in english and "Two girls were assisted." in english
    assert "fallback-marker" not in english


@pytest.mark.parametrize("url", ["/lo/outcomes/justice/", "/lo/countries/LA/", "/lo/outcomes/"])
def test_a_lao_page_reads_each_models_translations_once(client: Client, world: dict[str, Any], url: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    reads = [q["sql"] for q in captured.captured_queries if 'FROM "core_contenttranslation"' in q["sql"]]
    # One read per model shown (content type differs), never one per record.
    kinds = [re.search(r'"content_type_id" = (\d+)', sql) for sql in reads]
    assert all(kinds) and len({k.group(1) for k in kinds if k}) == len(reads), reads


def test_steering_committees_are_named_in_the_pages_language(client: Client, world: dict[str, Any]) -> None:
    from acthub.program.models import GovernanceBody

    national = GovernanceBody.objects.get(acronym="NSC")
    regional = GovernanceBody.objects.get(acronym="RSC")
    html = client.get("/lo/governance/").content.decode()
    assert _fallback("lo", national.name) in html and _fallback("lo", regional.name) in html
    set_translation(national, "name", "lo", "ຄະນະກຳມະການແຫ່ງຊາດ", acting_user=None)
    set_translation(regional, "name", "lo", "ຄະນະກຳມະການພາກພື້ນ", acting_user=None)
    set_translation(world["a"], "name", "lo", "ສປປ ລາວ", acting_user=None)
    html = client.get("/lo/governance/").content.decode()
    assert f'id="body-{national.pk}">ຄະນະກຳມະການແຫ່ງຊາດ (NSC)</h2>' in html
    assert f'id="body-{regional.pk}">ຄະນະກຳມະການພາກພື້ນ (RSC)</h2>' in html
    assert national.name not in html and regional.name not in html
    assert 'href="/lo/countries/LA/">ສປປ ລາວ</a>' in html  # a member state's seat
    # The country page's focal point chairs the national committee; the partner page lists its seats.
    country = client.get("/lo/countries/LA/").content.decode()
    assert "ຄະນະກຳມະການແຫ່ງຊາດ" in country and national.name not in country
    partner = client.get(f"/lo/partners/{world['ministry'].pk}/").content.decode()
    assert f'#body-{national.pk}">ຄະນະກຳມະການແຫ່ງຊາດ</a>' in partner
    english = client.get("/governance/").content.decode()
    assert national.name in english and "fallback-marker" not in english


def test_names_on_the_project_partner_and_data_pages_are_in_the_pages_language(
    client: Client, world: dict[str, Any]
) -> None:
    from acthub.core.testing.factories import ProjectFactory
    from acthub.indicators.models import Indicator
    from acthub.program.models import Pathway

    pathway = Pathway.objects.get(program=world["program"], number=1)
    project = ProjectFactory(program=world["program"], title="Synthetic justice project", countries=[world["a"]])
    project.summary = "A synthetic summary."
    project.save()
    project.pathways.set([pathway])
    trained = Indicator.objects.get(code="PEOPLE_TRAINED")
    trained.definition = "People who completed a synthetic training."
    trained.save()
    for obj, field, lao in (
        (world["a"], "name", "ສປປ ລາວ"),
        (project, "title", "ໂຄງການຍຸຕິທຳ"),
        (project, "summary", "ບົດສະຫຼຸບ."),
        (pathway, "name", "ການເສີມສ້າງຄວາມສາມາດ"),
        (trained, "name", "ຄົນທີ່ໄດ້ຮັບການຝຶກອົບຮົມ"),
        (trained, "definition", "ຄົນທີ່ສຳເລັດການຝຶກອົບຮົມ."),
    ):
        set_translation(obj, field, "lo", lao, acting_user=None)
    listing = client.get("/lo/projects/").content.decode()
    assert "ໂຄງການຍຸຕິທຳ</a></h2>" in listing and "<dd>ສປປ ລາວ</dd>" in listing
    assert "1. ການເສີມສ້າງຄວາມສາມາດ" in listing and "Synthetic justice project" not in listing
    page = client.get(f"/lo/projects/{project.pk}/").content.decode()
    assert "<title>ໂຄງການຍຸຕິທຳ" in page and "<h1>ໂຄງການຍຸຕິທຳ</h1>" in page and "<p>ບົດສະຫຼຸບ.</p>" in page
    assert "1. ການເສີມສ້າງຄວາມສາມາດ" in page and "Enhancing synthetic capacity" not in page
    partner = client.get(f"/lo/partners/{world['union'].pk}/").content.decode()
    assert 'href="/lo/countries/LA/">ສປປ ລາວ</a>' in partner and ">Lao PDR<" not in partner
    targets = client.get("/lo/data/PEOPLE_TRAINED/targets/").content.decode()
    assert 'PEOPLE_TRAINED/">ຄົນທີ່ໄດ້ຮັບການຝຶກອົບຮົມ</a></p>' in targets and "People trained" not in targets
    open_data = client.get("/lo/open-data/").content.decode()
    assert "ຄົນທີ່ໄດ້ຮັບການຝຶກອົບຮົມ <code>" in open_data and "<td>ຄົນທີ່ສຳເລັດການຝຶກອົບຮົມ.</td>" in open_data
    assert _fallback("lo", "Share of women trained") in open_data  # no Lao name: English, marked
    home = client.get("/lo/").content.decode()  # a grant's countries, listed after its grantee
    assert "Synthetic Village Focus</a> (ສປປ ລາວ)" in home
    english = client.get(f"/projects/{project.pk}/").content.decode()
    assert "<h1>Synthetic justice project</h1>" in english and "fallback-marker" not in english


def test_country_names_for_labels_are_in_the_active_language(world: dict[str, Any]) -> None:
    from django.contrib.auth.models import AnonymousUser

    from acthub.publishing.pivot import PLACE, labels

    set_translation(world["a"], "name", "lo", "ສປປ ລາວ", acting_user=None)
    with translation.override("lo"):
        names = labels(AnonymousUser())[PLACE]
    assert names[world["a"].code] == "ສປປ ລາວ" and names[world["b"].code] == world["b"].name  # plain English
    assert labels(AnonymousUser())[PLACE][world["a"].code] == world["a"].name
