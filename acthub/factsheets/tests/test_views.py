"""The fact sheet pages over HTTP: public editions and drafts, the staff flow, access, no inline code."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from acthub.core.permissions import ACCESS_ATTR
from acthub.factsheets import services
from acthub.factsheets.choices import EditionStatus
from acthub.factsheets.models import FactSheetEdition, FactSheetJob
from acthub.factsheets.tests.support import sign_in
from acthub.program.models import Program
from tests.crawler import parse

INLINE = re.compile(r"<style|\sstyle=|<script(?![^>]*\ssrc=)|\son[a-z]+=", re.IGNORECASE)


def published(program: Program, user: Any, scope: str = "LA", language: str = "en") -> FactSheetEdition:
    edition = services.do_create_draft(
        program=program, scope_code=scope, period="2021S1", language=language, date_label="", acting_user=user
    )
    return services.do_publish_edition(edition, acting_user=user)


def _patterns(resolver: URLResolver) -> list[URLPattern]:
    found: list[URLPattern] = []
    for entry in resolver.url_patterns:
        found += _patterns(entry) if isinstance(entry, URLResolver) else [entry]
    return found


def test_every_view_declares_who_may_open_it() -> None:
    def resolvers(patterns: Any) -> Any:  # the page URLs sit inside the language patterns (ADR 0012)
        for r in patterns:
            if isinstance(r, URLResolver):
                yield r
                yield from resolvers(r.url_patterns)

    resolver = next(r for r in resolvers(get_resolver().url_patterns) if r.namespace == "factsheets")
    undeclared = [p.name for p in _patterns(resolver) if not hasattr(p.callback, ACCESS_ATTR)]
    assert undeclared == []


def test_public_pages(client: Client, program: Program, staff: dict[str, Any]) -> None:
    edition = published(program, staff["mel"])
    index = client.get("/factsheets/")
    assert index.status_code == 200
    text, links = parse(index.content.decode())
    assert "Regional fact sheet" in text and "Lao PDR" in text and "Latest edition: JUNE 2021 (Jan-Jun 2021)." in text
    assert (f"/factsheets/editions/{edition.pk}/pdf/", "PDF") in links

    page = client.get(f"/factsheets/editions/{edition.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert edition.read("html").decode() in html and edition.content_hash in html
    assert "Figures and their records" not in html  # staff only

    pdf = client.get(f"/factsheets/editions/{edition.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == edition.read("pdf")
    assert pdf["Content-Disposition"].startswith("attachment; filename=")
    document = json.loads(client.get(f"/factsheets/editions/{edition.pk}/json/").content)
    assert document == services.edition_document(edition)
    standalone = client.get(f"/factsheets/editions/{edition.pk}/html/").content.decode()
    assert standalone.startswith("<!DOCTYPE html>") and "factsheets/sheet.css" in standalone
    assert client.get(f"/factsheets/editions/{edition.pk}/docx/").status_code == 404


def test_scope_page_shows_the_draft_next_to_the_last_edition(client: Client, program: Program, staff: Any) -> None:
    edition = published(program, staff["mel"])
    from acthub.indicators.models import DataValue

    DataValue.objects.filter(indicator__code="PEOPLE_TRAINED", country__code="LA").update(value=90)
    page = client.get("/factsheets/LA/")
    assert page.status_code == 200
    text, links = parse(page.content.decode())
    assert "What changed since the last edition" in text
    assert "Changed figure: Counter-trafficking actors trained, Jan-Jun 2021, Lao PDR: 86 → 90" in text
    assert (f"/factsheets/editions/{edition.pk}/", "JUNE 2021") in links
    live = client.get("/factsheets/LA/draft/json/?period=2021S1&language=en")
    assert json.loads(live.content)["figures"][1]["display"] == "90"
    assert client.get("/factsheets/LA/draft/pdf/?period=2021S1").status_code == 404  # a job, for staff
    empty = client.get("/factsheets/KH/")
    assert empty.status_code == 200 and "Cambodia has no figures yet" in empty.content.decode()
    assert client.get("/factsheets/XX/").status_code == 404
    assert client.get("/factsheets/LA/?period=2021H1").status_code == 200  # says the period does not parse
    odd = client.get("/factsheets/LA/?language=../../etc").content.decode()
    assert 'class="factsheet factsheet-country" lang="en"' in odd  # not a language code: the page's language


def test_staff_prepare_preview_and_publish(client: Client, program: Program, staff: dict[str, Any]) -> None:
    sign_in(client, staff["mel"])
    form = client.get("/factsheets/staff/")
    assert form.status_code == 200 and 'value="2021S1"' in form.content.decode()
    response = client.post(
        "/factsheets/staff/", {"scope": "LA", "period": "2021S1", "date_label": "", "language": "lo"}
    )
    draft = FactSheetEdition.objects.get(status=EditionStatus.DRAFT)
    assert response.status_code == 302 and response["Location"] == f"/factsheets/staff/drafts/{draft.pk}/"
    assert draft.date_label == "ມິຖຸນາ 2021"

    preview = client.get(f"/factsheets/staff/drafts/{draft.pk}/").content.decode()
    _text, links = parse(preview)
    assert any(href.startswith("/admin/indicators/datavalue/") for href, _t in links)  # figures lead to records
    assert 'lang="lo"' in preview

    started = client.post(f"/factsheets/staff/drafts/{draft.pk}/jobs/", {"action": "publish"}, HTTP_HX_REQUEST="true")
    job = FactSheetJob.objects.get()
    assert started.status_code == 200 and f'id="job-{job.pk}"' in started.content.decode()
    assert "hx-trigger" not in started.content.decode()  # finished: polling stops
    assert "View the published edition" in started.content.decode()
    polled = client.get(f"/factsheets/staff/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert polled.startswith('<div class="job card"') and '<progress max="100" value="100">' in polled
    draft.refresh_from_db()
    assert draft.status == EditionStatus.PUBLISHED
    page = client.get(f"/factsheets/editions/{draft.pk}/").content.decode()
    assert "Figures and their records (staff)" in page and "/admin/indicators/datavalue/" in page


def test_a_running_job_is_polled(client: Client, program: Program, staff: dict[str, Any]) -> None:
    sign_in(client, staff["mel"])
    draft = services.do_create_draft(
        program=program, scope_code="LA", period="2021S1", language="en", date_label="", acting_user=staff["mel"]
    )
    job = FactSheetJob.objects.create(edition=draft, action="preview_pdf", created_by=staff["mel"], progress=40)
    partial = client.get(f"/factsheets/staff/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-get="/factsheets/staff/jobs/{job.pk}/"' in partial and 'hx-trigger="every 1s"' in partial
    assert '<progress max="100" value="40">' in partial
    full = client.get(f"/factsheets/staff/jobs/{job.pk}/")
    assert "<!DOCTYPE html>" in full.content.decode() and full["Vary"].count("HX-Request")
    preview = client.post(f"/factsheets/staff/drafts/{draft.pk}/jobs/", {"action": "preview_pdf"})
    done = FactSheetJob.objects.exclude(pk=job.pk).get()
    assert preview["Location"] == f"/factsheets/staff/jobs/{done.pk}/"
    download = client.get(f"/factsheets/staff/jobs/{done.pk}/result/")
    assert download["Content-Type"] == "application/pdf" and b"".join(download.streaming_content).startswith(b"%PDF")


def test_bad_input_on_the_staff_form(client: Client, program: Program, staff: dict[str, Any]) -> None:
    sign_in(client, staff["mel"])
    bad = client.post("/factsheets/staff/", {"scope": "LA", "period": "2021H1", "language": "en"})
    assert bad.status_code == 200 and "2021H1 is not a period" in bad.content.decode()
    empty = client.post("/factsheets/staff/", {"scope": "LA", "period": "2019", "language": "en"})
    assert "Lao PDR has no figures for 2019" in empty.content.decode()
    unknown = client.post("/factsheets/staff/", {"scope": "XX", "period": "2021S1", "language": "en"})
    assert "Select a valid choice" in unknown.content.decode()
    assert not FactSheetEdition.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "partner", "officer"])
def test_staff_pages_are_closed_to_others(client: Client, program: Program, staff: dict[str, Any], role: str) -> None:
    region = services.do_create_draft(
        program=program, scope_code="REGION", period="2021S1", language="en", date_label="", acting_user=staff["mel"]
    )
    if role != "anonymous":
        sign_in(client, staff[role])
    response = client.get(f"/factsheets/staff/drafts/{region.pk}/")
    expected = {"anonymous": 302, "partner": 403, "officer": 404}[role]  # outside an officer's scope it is absent
    assert response.status_code == expected
    assert client.post(f"/factsheets/staff/drafts/{region.pk}/jobs/", {"action": "publish"}).status_code == expected
    assert client.get("/factsheets/REGION/").status_code == 200  # the public page stands, without drafts
    region.refresh_from_db()
    assert region.status == EditionStatus.DRAFT


def test_officer_choices_are_their_countries(client: Client, program: Program, staff: dict[str, Any]) -> None:
    sign_in(client, staff["officer"])
    html = client.get("/factsheets/staff/").content.decode()
    assert '<option value="LA"' in html and '<option value="REGION"' not in html and '<option value="KH"' not in html
    assert '<option value="lo"' in html and '<option value="km"' in html
    assert "English where not translated" not in html  # every interface language has its catalogue


def test_pages_carry_no_inline_code(client: Client, program: Program, staff: dict[str, Any]) -> None:
    edition = published(program, staff["mel"], scope="REGION")
    sign_in(client, staff["mel"])
    draft = services.do_create_draft(
        program=program, scope_code="LA", period="2021S1", language="en", date_label="", acting_user=staff["mel"]
    )
    for url in (
        reverse("factsheets:index"),
        reverse("factsheets:scope", args=["REGION"]),
        reverse("factsheets:edition", args=[edition.pk]),
        reverse("factsheets:workspace"),
        reverse("factsheets:draft", args=[draft.pk]),
    ):
        html = client.get(url).content.decode()
        # Only the fact sheet's own markup is checked: the shared layout belongs to base.html.
        body = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
        assert INLINE.findall(body) == [], url
