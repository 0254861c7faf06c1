"""Factories for the records the shared factories do not cover yet (API tests only)."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from acthub.core.testing.factories import (
    CountryFactory,
    OrganisationFactory,
    OutcomeAreaFactory,
    ProgramFactory,
)
from acthub.program.choices import LinkKind
from acthub.program.models import (
    FocusTag,
    GovernanceMeeting,
    GovernanceMembership,
    Grant,
    GrantRound,
    MediaItem,
    OutcomeAreaIntro,
    ProgramLink,
    SupportDelivered,
)


class ProgramLinkFactory(DjangoModelFactory[ProgramLink]):
    """A website link of a program."""

    class Meta:
        model = ProgramLink

    program = factory.SubFactory(ProgramFactory)
    kind = LinkKind.WEBSITE
    label = factory.Sequence(lambda n: f"Link {n}")
    url = factory.Sequence(lambda n: f"https://example.org/{n}")


class OutcomeAreaIntroFactory(DjangoModelFactory[OutcomeAreaIntro]):
    """A country's introduction to an outcome area."""

    class Meta:
        model = OutcomeAreaIntro

    outcome_area = factory.SubFactory(OutcomeAreaFactory)
    country = factory.SubFactory(CountryFactory)
    text = "A synthetic introduction."


class FocusTagFactory(DjangoModelFactory[FocusTag]):
    """A focus tag."""

    class Meta:
        model = FocusTag

    slug = factory.Sequence(lambda n: f"focus-{n}")
    name = factory.Sequence(lambda n: f"Focus {n}")


class GovernanceMembershipFactory(DjangoModelFactory[GovernanceMembership]):
    """A seat held by an organisation (pass body=)."""

    class Meta:
        model = GovernanceMembership

    organisation = factory.SubFactory(OrganisationFactory)


class GovernanceMeetingFactory(DjangoModelFactory[GovernanceMeeting]):
    """A meeting (pass body=)."""

    class Meta:
        model = GovernanceMeeting

    date = factory.Faker("date_between", start_date="-5y", end_date="today")
    title = factory.Sequence(lambda n: f"Meeting {n}")


class MediaItemFactory(DjangoModelFactory[MediaItem]):
    """A published image without a file."""

    class Meta:
        model = MediaItem

    program = factory.SubFactory(ProgramFactory)
    country = factory.SubFactory(CountryFactory)
    caption = factory.Sequence(lambda n: f"A synthetic picture {n}")
    consent_obtained = True  # published, so with the consent of the (synthetic) people shown

    @classmethod
    def _create(cls, model_class: type[MediaItem], *args: Any, **kwargs: Any) -> MediaItem:
        # bulk_create skips the audit signal, whose snapshot cannot yet serialize a FileField
        # (FieldFile is not JSON serializable in acthub.audit.signals.snapshot; reported).
        item = model_class(*args, **kwargs)
        item.full_clean()
        (created,) = model_class.objects.bulk_create([item])
        return created


class GrantRoundFactory(DjangoModelFactory[GrantRound]):
    """A grant round launched in July 2021."""

    class Meta:
        model = GrantRound

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Round {n}")
    launched = "202107"


class GrantFactory(DjangoModelFactory[Grant]):
    """A grant in a round of the same program."""

    class Meta:
        model = Grant

    program = factory.SubFactory(ProgramFactory)
    round = factory.SubFactory(GrantRoundFactory, program=factory.SelfAttribute("..program"))
    grantee = factory.SubFactory(OrganisationFactory)
    # `country=` (one, the default) or `countries=[...]` (several; [] or country=None: regional).
    country = factory.SubFactory(CountryFactory)
    purpose = "A synthetic purpose."

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Grant:
        country = kwargs.pop("country", None)
        countries = kwargs.pop("countries", None)
        grant: Grant = super()._create(model_class, *args, **kwargs)
        grant.countries.set(countries if countries is not None else [country] if country is not None else [])
        return grant


class SupportDeliveredFactory(DjangoModelFactory[SupportDelivered]):
    """Support delivered to described recipients."""

    class Meta:
        model = SupportDelivered

    program = factory.SubFactory(ProgramFactory)
    country = factory.SubFactory(CountryFactory)
    item = factory.Sequence(lambda n: f"Item {n}")
    quantity = 10
    recipient_description = "Synthetic shelters"
