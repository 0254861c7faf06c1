"""Invariants of the program registry: each bad record is refused with a field-specific message."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from acthub.core.testing.factories import (
    AchievementFactory,
    CountryFactory,
    GovernanceBodyFactory,
    OrganisationFactory,
    OutcomeAreaFactory,
    ProgramFactory,
    ProjectFactory,
    StoryFactory,
)
from acthub.program.models import (
    CountryProgramming,
    GovernanceMembership,
    Grant,
    GrantRound,
    Pathway,
    SupportDelivered,
)

pytestmark = pytest.mark.django_db


def errors_of(exc):
    return exc.value.message_dict


def test_project_cannot_end_before_it_starts():
    with pytest.raises(ValidationError) as exc:
        ProjectFactory(start_date=date(2021, 6, 1), end_date=date(2020, 1, 1))
    assert "cannot end before it starts" in " ".join(errors_of(exc)["end_date"])


def test_program_years_and_currency():
    with pytest.raises(ValidationError) as exc:
        ProgramFactory(start_year=2028, end_year=2018)
    assert "cannot end before it starts" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        ProgramFactory(budget_currency="dollars")
    assert "ISO 4217" in " ".join(errors_of(exc)["budget_currency"])


def test_one_programming_status_per_country_and_program(country_a):
    program = ProgramFactory()
    CountryProgramming.objects.create(program=program, country=country_a, status="active")
    with pytest.raises(ValidationError):
        CountryProgramming.objects.create(program=program, country=country_a, status="on_hold")
    with pytest.raises(ValidationError) as exc:
        CountryProgramming.objects.create(program=ProgramFactory(), country=country_a, status="paused")
    assert "status" in errors_of(exc)


def test_pathway_numbers_unique_and_positive():
    program = ProgramFactory()
    Pathway.objects.create(program=program, number=1, name="One")
    with pytest.raises(ValidationError):
        Pathway.objects.create(program=program, number=1, name="Again")
    with pytest.raises(ValidationError) as exc:
        Pathway.objects.create(program=program, number=0, name="Zero")
    assert "number" in errors_of(exc)


def test_governance_level_and_country(country_a):
    with pytest.raises(ValidationError) as exc:
        GovernanceBodyFactory(level="national", country=None)
    assert "needs its country" in " ".join(errors_of(exc)["country"])
    with pytest.raises(ValidationError) as exc:
        GovernanceBodyFactory(level="regional", country=country_a)
    assert "no country" in " ".join(errors_of(exc)["country"])


def test_governance_seat_has_exactly_one_holder(country_a):
    body = GovernanceBodyFactory(country=country_a)
    with pytest.raises(ValidationError, match="not both"):
        GovernanceMembership.objects.create(body=body, organisation=OrganisationFactory(), member_state=country_a)
    with pytest.raises(ValidationError, match="not both"):
        GovernanceMembership.objects.create(body=body)


def test_story_published_only_with_consent_and_anonymised():
    with pytest.raises(ValidationError) as exc:
        StoryFactory(consent_obtained=False)
    assert "consent" in " ".join(errors_of(exc)["is_published"])
    with pytest.raises(ValidationError):
        StoryFactory(anonymised=False)
    assert StoryFactory(consent_obtained=False, anonymised=False, is_published=False).pk


def test_achievement_outcome_area_of_same_program():
    other = OutcomeAreaFactory()
    with pytest.raises(ValidationError) as exc:
        AchievementFactory(outcome_area=other)
    assert "another program" in " ".join(errors_of(exc)["outcome_area"])


def test_achievement_figure_references_are_checked():
    with pytest.raises(ValidationError) as exc:
        AchievementFactory(text="trained [[NO_SUCH_CODE|2021S3]] people and [[broken")
    text = " ".join(errors_of(exc)["text"])
    assert "no indicator has the code NO_SUCH_CODE" in text
    assert "S1 (January-June) or S2" in text
    assert "malformed" in text


def test_achievement_period_is_validated():
    with pytest.raises(ValidationError) as exc:
        AchievementFactory(period="2021S3")
    assert "period" in errors_of(exc)


def test_grant_rules(country_a):
    program = ProgramFactory()
    org = OrganisationFactory(country=country_a)
    with pytest.raises(ValidationError) as exc:
        Grant.objects.create(program=program, grantee=org, amount=-5, currency="AUD")
    assert "amount" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        Grant.objects.create(program=program, grantee=org, amount=5)
    assert "currency" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        Grant.objects.create(program=program, grantee=org, start_date=date(2022, 1, 1), end_date=date(2021, 1, 1))
    assert "end_date" in errors_of(exc)
    foreign_round = GrantRound.objects.create(program=ProgramFactory(), name="Round", launched="202107")
    with pytest.raises(ValidationError) as exc:
        Grant.objects.create(program=program, grantee=org, round=foreign_round)
    assert "round" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        GrantRound.objects.create(program=program, name="Bad", launched="2021S3")
    assert "launched" in errors_of(exc)


def test_support_needs_a_recipient_and_non_negative_quantity():
    program = ProgramFactory()
    with pytest.raises(ValidationError) as exc:
        SupportDelivered.objects.create(program=program, item="Protective equipment")
    assert "recipient_description" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        SupportDelivered.objects.create(program=program, item="Masks", quantity=-1, recipient_description="Police")
    assert "quantity" in errors_of(exc)


def test_country_codes_and_membership():
    with pytest.raises(ValidationError) as exc:
        CountryFactory(code="lao", name="Bad")
    assert "code" in errors_of(exc)
    timor = CountryFactory(code="TL", name="Timor-Leste", asean_member_since=date(2025, 10, 26))
    assert not timor.is_asean_member(date(2021, 6, 30))
    assert timor.is_asean_member(date(2026, 1, 1))
    with pytest.raises(ValidationError, match="cannot end before"):
        CountryFactory(code="XX", name="X", asean_member_since=date(2000, 1, 1), asean_member_until=date(1999, 1, 1))
