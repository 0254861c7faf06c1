"""factory_boy factories shared by every app's tests. People and organisations here are synthetic."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from acthub.accounts.choices import Role
from acthub.accounts.models import User
from acthub.core.models import Country
from acthub.directory.choices import OrganisationType, PartnerRole
from acthub.directory.models import Organisation, OrganisationRole
from acthub.indicators.choices import Unit
from acthub.indicators.models import DataValue, Indicator
from acthub.program.choices import GovernanceLevel, ProgrammingStatus
from acthub.program.models import (
    Achievement,
    CountryProgramming,
    GovernanceBody,
    OutcomeArea,
    Pathway,
    Program,
    Project,
    Story,
)

PASSWORD = "synthetic-Passw0rd-for-tests"


class CountryFactory(DjangoModelFactory[Country]):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = factory.Iterator(["LA", "KH", "TH", "VN", "PH", "ID", "MM", "MY", "SG", "BN"])
    name = factory.LazyAttribute(lambda o: f"Country {o.code}")
    asean_member_since = factory.Faker("date_between", start_date="-40y", end_date="-20y")


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Synthetic Organisation {n}")
    type = OrganisationType.CIVIL_SOCIETY
    country = factory.SubFactory(CountryFactory)
    is_public = True


class ProgramFactory(DjangoModelFactory[Program]):
    class Meta:
        model = Program
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Synthetic Program {n}")
    acronym = "SYN"
    slug = factory.Sequence(lambda n: f"synthetic-{n}")
    start_year = 2018
    end_year = 2028
    budget_amount = Decimal("1000000")
    budget_currency = "AUD"


class OrganisationRoleFactory(DjangoModelFactory[OrganisationRole]):
    class Meta:
        model = OrganisationRole

    program = factory.SubFactory(ProgramFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = PartnerRole.PARTNER
    country = factory.SelfAttribute("organisation.country")


class CountryProgrammingFactory(DjangoModelFactory[CountryProgramming]):
    class Meta:
        model = CountryProgramming

    program = factory.SubFactory(ProgramFactory)
    country = factory.SubFactory(CountryFactory)
    status = ProgrammingStatus.ACTIVE


class PathwayFactory(DjangoModelFactory[Pathway]):
    class Meta:
        model = Pathway

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Pathway {n}")


class OutcomeAreaFactory(DjangoModelFactory[OutcomeArea]):
    class Meta:
        model = OutcomeArea

    program = factory.SubFactory(ProgramFactory)
    slug = factory.Sequence(lambda n: f"area-{n}")
    name = factory.Sequence(lambda n: f"Outcome area {n}")
    order = factory.Sequence(lambda n: n)


class ProjectFactory(DjangoModelFactory[Project]):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Synthetic project {n}")

    @factory.post_generation
    def countries(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.countries.set(extracted)


class GovernanceBodyFactory(DjangoModelFactory[GovernanceBody]):
    class Meta:
        model = GovernanceBody

    program = factory.SubFactory(ProgramFactory)
    level = GovernanceLevel.NATIONAL
    country = factory.SubFactory(CountryFactory)
    name = factory.Sequence(lambda n: f"National committee {n}")


class AchievementFactory(DjangoModelFactory[Achievement]):
    class Meta:
        model = Achievement

    program = factory.SubFactory(ProgramFactory)
    outcome_area = factory.SubFactory(OutcomeAreaFactory, program=factory.SelfAttribute("..program"))
    country = factory.SubFactory(CountryFactory)
    text = factory.Sequence(lambda n: f"Synthetic achievement {n}")


class StoryFactory(DjangoModelFactory[Story]):
    class Meta:
        model = Story

    program = factory.SubFactory(ProgramFactory)
    country = factory.SubFactory(CountryFactory)
    title = factory.Sequence(lambda n: f"Synthetic case study {n}")
    body = "A synthetic story about synthetic people."
    consent_obtained = True
    anonymised = True
    is_published = True


class IndicatorFactory(DjangoModelFactory[Indicator]):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"SYN_{n}")
    name = factory.LazyAttribute(lambda o: f"Indicator {o.code}")
    definition = "A synthetic indicator."
    unit = Unit.COUNT
    disaggregations = factory.LazyFunction(lambda: ["sex"])


class DataValueFactory(DjangoModelFactory[DataValue]):
    class Meta:
        model = DataValue

    program = factory.SubFactory(ProgramFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    period = "2021S1"
    country = factory.SubFactory(CountryFactory)
    value = Decimal("10")
    source_document = "synthetic"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"synthetic-user-{n}")
    role = Role.PARTNER
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def countries(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.countries.set(extracted)
