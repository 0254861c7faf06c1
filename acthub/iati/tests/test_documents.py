"""IATI document links: the program's public library resources, never a partners-only or internal one."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import etree

from acthub.api.tests.factories import GovernanceMeetingFactory
from acthub.core.testing import factories as f
from acthub.iati.services import activity_file
from acthub.iati.validation import validate
from acthub.library.choices import AccessLevel, ReviewStatus
from acthub.library.tests.factories import ResourceFactory
from acthub.program.choices import GovernanceLevel
from acthub.program.models import Achievement, Program
from acthub.seed.loader import load_seed

pytestmark = pytest.mark.django_db


def test_public_library_resources_of_the_program_become_document_links() -> None:
    load_seed()
    program = Program.objects.get(slug="asean-act")
    achievement = Achievement.objects.filter(program=program).first()
    assert achievement is not None
    public = ResourceFactory(title="Synthetic public evaluation", url="https://example.org/evaluation.pdf")
    public.evidence_for.set([achievement])
    on_page = ResourceFactory(title="Synthetic public study", published_on=date(2022, 5, 1), year=2022)
    on_page.evidence_for.set([achievement])
    for level, status in (
        (AccessLevel.PARTNERS, ReviewStatus.PUBLISHED),
        (AccessLevel.INTERNAL, ReviewStatus.PUBLISHED),
        (AccessLevel.PUBLIC, ReviewStatus.SUBMITTED),
    ):
        hidden = ResourceFactory(title=f"Synthetic hidden {level} {status}", access_level=level, status=status)
        hidden.evidence_for.set([achievement])
    body = f.GovernanceBodyFactory(program=program, level=GovernanceLevel.REGIONAL, country=None, name="Synthetic RPSC")
    minutes = ResourceFactory(title="Synthetic public minutes")
    GovernanceMeetingFactory(body=body, date=date(2025, 11, 20), minutes=minutes)
    internal_minutes = ResourceFactory(title="Synthetic internal minutes", access_level=AccessLevel.INTERNAL)
    GovernanceMeetingFactory(body=body, date=date(2025, 5, 20), minutes=internal_minutes)
    unrelated = ResourceFactory(title="Synthetic unrelated public resource")

    doc = etree.fromstring(activity_file(base_url="https://acthub.example"))
    validate(doc)
    parent = doc.find("iati-activity")
    links = {link.findtext("title/narrative"): link for link in parent.findall("document-link")}
    titles = {t for t in links if t.startswith("Synthetic")}
    assert titles == {"Synthetic public evaluation", "Synthetic public study", "Synthetic public minutes"}
    assert links["Synthetic public evaluation"].get("url") == "https://example.org/evaluation.pdf"
    study = links["Synthetic public study"]
    assert study.get("url") == f"https://acthub.example/library/{on_page.pk}/"
    assert study.find("category").get("code") == "A08" and study.find("document-date").get("iso-date") == "2022-05-01"
    assert links["Synthetic public minutes"].find("category").get("code") == "A07"
    assert unrelated.title not in titles
