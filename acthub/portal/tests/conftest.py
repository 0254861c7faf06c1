"""A small synthetic program with something in every portal section, built with the shared factories."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from acthub.core.testing.factories import (
    AchievementFactory,
    CountryProgrammingFactory,
    DataValueFactory,
    GovernanceBodyFactory,
    IndicatorFactory,
    OrganisationFactory,
    OrganisationRoleFactory,
    OutcomeAreaFactory,
    PathwayFactory,
    ProgramFactory,
    StoryFactory,
)
from acthub.directory.choices import OrganisationType, PartnerRole
from acthub.indicators.choices import Unit
from acthub.portal.tests.support import compile_messages
from acthub.program.choices import GovernanceLevel, GovernanceRole, LinkKind, ProgrammingStatus
from acthub.program.models import (
    GovernanceMembership,
    Grant,
    GrantRound,
    MediaItem,
    OutcomeAreaIntro,
    ProgramLink,
    SupportDelivered,
)

# A 1x1 PNG: a picture for the media item, synthetic.
SYNTHETIC_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5f6b1e50000000049454e44ae426082"
)


@pytest.fixture(scope="session", autouse=True)
def _lao_catalogue() -> None:
    compile_messages()


@pytest.fixture
def world(country_a: Any, country_b: Any) -> dict[str, Any]:
    """Program "SYN" with figures, partners, governance and results in country A (LA) and B (KH)."""
    funder = OrganisationFactory(name="Synthetic Funder Agency", country=None, type=OrganisationType.DONOR)
    implementer = OrganisationFactory(name="Synthetic Implementer Ltd", country=None, type=OrganisationType.IMPLEMENTER)
    program = ProgramFactory(
        slug=settings.ACTHUB_DEFAULT_PROGRAM,
        name="Synthetic Counter Trafficking Program",
        acronym="SYN-ACT",
        budget_amount=Decimal("80000000"),
        budget_currency="AUD",
        funder=funder,
        implementer=implementer,
        tagline="Partners for seventeen synthetic years.",
        description="First synthetic paragraph.\n\nSecond synthetic paragraph.",
    )
    ProgramLink.objects.create(program=program, kind=LinkKind.WEBSITE, label="syn.example", url="https://syn.example/")
    CountryProgrammingFactory(program=program, country=country_a, status=ProgrammingStatus.ACTIVE, note="Active note.")
    CountryProgrammingFactory(program=program, country=country_b, status=ProgrammingStatus.ON_HOLD)
    PathwayFactory(program=program, number=1, name="Enhancing synthetic capacity", description="Pathway text.")

    justice = OutcomeAreaFactory(program=program, slug="justice", name="Justice outcomes", order=1)
    OutcomeAreaIntro.objects.create(outcome_area=justice, country=None, text="Regional justice intro.")
    OutcomeAreaIntro.objects.create(outcome_area=justice, country=country_a, text="Justice intro for A.")

    trained = IndicatorFactory(code="PEOPLE_TRAINED", name="People trained", unit=Unit.COUNT)
    women = IndicatorFactory(code="PEOPLE_TRAINED_FEMALE_PCT", name="Share of women trained", unit=Unit.PERCENT)
    DataValueFactory(program=program, indicator=trained, period="2020", country=None, value=2037)
    DataValueFactory(program=program, indicator=trained, period="2021S1", country=None, value=1212)
    DataValueFactory(
        program=program, indicator=trained, period="2021S1", country=country_a, value=86, source_location="86 trained"
    )
    DataValueFactory(program=program, indicator=women, period="2021S1", country=country_a, value=35)

    AchievementFactory(
        program=program,
        outcome_area=justice,
        country=None,
        text="Trained [[PEOPLE_TRAINED|2020]] people in 2020, and [[PEOPLE_TRAINED|2021S1]] (Jan-Jun 2021).",
    )
    AchievementFactory(
        program=program, outcome_area=justice, country=country_a, text="Trained [[PEOPLE_TRAINED|2021S1]] in A."
    )
    AchievementFactory(
        program=program, outcome_area=justice, country=country_a, text="Draft result for A.", is_published=False
    )

    ministry = OrganisationFactory(
        name="Ministry of Synthetic Security", country=country_a, type=OrganisationType.MINISTRY
    )
    OrganisationRoleFactory(program=program, organisation=ministry, role=PartnerRole.FOCAL_POINT, country=country_a)
    court = OrganisationFactory(name="Synthetic People's Court", country=country_a, type=OrganisationType.COURT)
    OrganisationRoleFactory(program=program, organisation=court, role=PartnerRole.KEY_PARTNER, country=country_a)
    union = OrganisationFactory(name="Synthetic Women's Union", country=country_a, type=OrganisationType.WOMENS_UNION)
    OrganisationRoleFactory(
        program=program, organisation=union, role=PartnerRole.PARTNER, country=country_a, description="to share data."
    )
    asean = OrganisationFactory(name="Synthetic ASEAN Secretariat", country=None, type=OrganisationType.ASEAN_BODY)
    OrganisationRoleFactory(program=program, organisation=asean, role=PartnerRole.KEY_PARTNER, country=None)

    hidden = OrganisationFactory(name="Hidden Shelter of B", country=country_b, is_public=False)
    OrganisationRoleFactory(program=program, organisation=hidden, role=PartnerRole.PARTNER, country=country_b)

    npsc = GovernanceBodyFactory(
        program=program,
        level=GovernanceLevel.NATIONAL,
        country=country_a,
        name="National Synthetic Committee",
        acronym="NSC",
    )
    GovernanceMembership.objects.create(body=npsc, organisation=ministry, role=GovernanceRole.CHAIR)
    rpsc = GovernanceBodyFactory(
        program=program,
        level=GovernanceLevel.REGIONAL,
        country=None,
        name="Regional Synthetic Committee",
        acronym="RSC",
        description="The regional governance mechanism.",
    )
    GovernanceMembership.objects.create(body=rpsc, organisation=asean, role=GovernanceRole.CO_CHAIR)
    GovernanceMembership.objects.create(body=rpsc, member_state=country_a, role=GovernanceRole.MEMBER)
    GovernanceMembership.objects.create(body=rpsc, organisation=hidden, role=GovernanceRole.MEMBER)

    StoryFactory(program=program, country=country_a, title="Case study of A", body="Two girls were assisted.")
    StoryFactory(program=program, country=country_b, title="Unpublished story of B", is_published=False)
    picture = MediaItem(
        program=program,
        country=country_a,
        outcome_area=justice,
        caption="Training of prosecutors.",
        alt_text="Synthetic prosecutors around a table.",
        credit="Synthetic Photographer",
        consent_obtained=True,
    )
    picture.file.save("synthetic-training.png", ContentFile(SYNTHETIC_PNG), save=False)
    picture.save()
    # A caption whose picture the program does not have: never shown as "Image: ..." beside nothing.
    MediaItem.objects.create(
        program=program,
        country=country_a,
        outcome_area=justice,
        caption="A caption without its picture.",
        consent_obtained=True,  # published, yet not shown: there is nothing to show
    )

    grant_round = GrantRound.objects.create(
        program=program, name="Grants program", launched="202107", purpose="To partner."
    )
    grantee = OrganisationFactory(name="Synthetic Village Focus", country=country_a)
    OrganisationRoleFactory(program=program, organisation=grantee, role=PartnerRole.GRANTEE, country=country_a)
    Grant.objects.create(
        program=program,
        round=grant_round,
        grantee=grantee,
        initiated="2021",
        purpose="to support identification of trafficked persons.",
    ).countries.set([country_a])
    SupportDelivered.objects.create(
        program=program, country=country_a, item="Personal protective equipment", recipient=union, period="2021"
    )
    return {
        "program": program,
        "a": country_a,
        "b": country_b,
        "ministry": ministry,
        "union": union,
        "hidden": hidden,
        "asean": asean,
        "justice": justice,
    }
