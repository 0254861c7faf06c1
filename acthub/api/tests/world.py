"""The records the API tests read: one of every kind, and how to address each endpoint."""

from __future__ import annotations

from typing import Any

from acthub.api.tests import factories as api_factories
from acthub.core.models import Country
from acthub.core.testing import factories as f
from acthub.program.choices import GovernanceLevel, GovernanceRole
from acthub.program.models import CountryProgramming

# Each endpoint, with the attribute its detail URL is looked up by.
ENDPOINTS: dict[str, str] = {
    "programs": "slug",
    "program-links": "pk",
    "countries": "code",
    "country-programming": "pk",
    "pathways": "pk",
    "outcome-areas": "pk",
    "outcome-area-intros": "pk",
    "focus-tags": "slug",
    "projects": "pk",
    "organisations": "pk",
    "organisation-roles": "pk",
    "governance-bodies": "pk",
    "governance-meetings": "pk",
    "achievements": "pk",
    "stories": "pk",
    "media": "pk",
    "grant-rounds": "pk",
    "grants": "pk",
    "support-delivered": "pk",
    "indicators": "code",
    "data-values": "pk",
}


def detail_url(endpoint: str, record: Any) -> str:
    return f"/api/v1/{endpoint}/{getattr(record, ENDPOINTS[endpoint])}/"


def build_records(program: Any, country: Country, n: int) -> dict[str, Any]:
    """One record of every kind for `country` (its `n` keeps unique fields unique)."""
    org = f.OrganisationFactory(country=country, acronym=f"ORG{n}")
    unit = f.OrganisationFactory(country=country, parent=org)
    area = f.OutcomeAreaFactory(program=program)
    indicator = f.IndicatorFactory(code=f"API_TRAINED_{n}")
    pathway = f.PathwayFactory(program=program, number=n)
    tag = api_factories.FocusTagFactory()
    project = f.ProjectFactory(program=program, countries=[country])
    project.pathways.set([pathway])
    project.focus_tags.set([tag])
    project.partners.set([org, unit])
    body = f.GovernanceBodyFactory(program=program, country=country, level=GovernanceLevel.NATIONAL)
    api_factories.GovernanceMembershipFactory(body=body, organisation=org, role=GovernanceRole.CO_CHAIR)
    api_factories.GovernanceMembershipFactory(body=body, organisation=None, member_state=country)
    achievement = f.AchievementFactory(
        program=program,
        outcome_area=area,
        country=country,
        text=f"Trained [[{indicator.code}|2021S1]] officials.",
    )
    achievement.projects.set([project])
    achievement.organisations.set([org])
    grant_round = api_factories.GrantRoundFactory(program=program)
    return {
        "programs": program,
        "program-links": api_factories.ProgramLinkFactory(program=program),
        "countries": country,
        "country-programming": CountryProgramming.objects.filter(program=program, country=country).first()
        or f.CountryProgrammingFactory(program=program, country=country),
        "pathways": pathway,
        "outcome-areas": area,
        "outcome-area-intros": api_factories.OutcomeAreaIntroFactory(outcome_area=area, country=country),
        "focus-tags": tag,
        "projects": project,
        "organisations": unit,
        "organisation-roles": f.OrganisationRoleFactory(program=program, organisation=org, country=country),
        "governance-bodies": body,
        "governance-meetings": api_factories.GovernanceMeetingFactory(body=body),
        "achievements": achievement,
        "stories": f.StoryFactory(program=program, country=country, outcome_area=area),
        "media": api_factories.MediaItemFactory(program=program, country=country, outcome_area=area),
        "grant-rounds": grant_round,
        "grants": api_factories.GrantFactory(program=program, round=grant_round, grantee=org, country=country),
        "support-delivered": api_factories.SupportDeliveredFactory(
            program=program, country=country, outcome_area=area, recipient=org
        ),
        "indicators": indicator,
        "data-values": f.DataValueFactory(program=program, indicator=indicator, country=country, value=37),
    }
