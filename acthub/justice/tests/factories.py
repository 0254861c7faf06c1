"""factory_boy factories of justice records. Every person here is synthetic."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from acthub.core.testing.factories import CountryFactory
from acthub.justice.choices import Exploitation, Gender, RoleInProcess, Verdict
from acthub.justice.models import Charge, CourtCase, Defendant, DefendantCharge, Victim


class CourtCaseFactory(DjangoModelFactory[CourtCase]):
    class Meta:
        model = CourtCase

    country = factory.SubFactory(CountryFactory)
    court = "Synthetic People's Court"
    case_number = factory.Sequence(lambda n: f"SYN-{n:05d}")
    charge_date = dt.date(2021, 1, 10)
    offence_date = factory.LazyAttribute(lambda o: o.charge_date - dt.timedelta(days=70) if o.charge_date else None)
    report_date = factory.LazyAttribute(lambda o: o.charge_date - dt.timedelta(days=40) if o.charge_date else None)
    exploitation_types = factory.LazyFunction(lambda: [str(Exploitation.SEXUAL)])
    is_synthetic = True


class ChargeFactory(DjangoModelFactory[Charge]):
    class Meta:
        model = Charge

    case = factory.SubFactory(CourtCaseFactory)
    law = "Penal Code 2017"
    article = factory.Sequence(lambda n: str(215 + n))


class DefendantFactory(DjangoModelFactory[Defendant]):
    class Meta:
        model = Defendant

    case = factory.SubFactory(CourtCaseFactory)
    pseudonym = factory.Sequence(lambda n: f"D-{n:05d}")
    gender = Gender.MASCULINE
    age_band = "30-38"
    nationality = "LA"
    role = RoleInProcess.RECRUITER
    is_synthetic = True


class DefendantChargeFactory(DjangoModelFactory[DefendantCharge]):
    class Meta:
        model = DefendantCharge

    defendant = factory.SubFactory(DefendantFactory)
    charge = factory.SubFactory(ChargeFactory, case=factory.SelfAttribute("..defendant.case"))
    verdict = Verdict.PENDING


class VictimFactory(DjangoModelFactory[Victim]):
    class Meta:
        model = Victim

    case = factory.SubFactory(CourtCaseFactory)
    country = factory.SelfAttribute("case.country")
    pseudonym = factory.Sequence(lambda n: f"V-{n:05d}")
    gender = Gender.FEMININE
    age_at_exploitation = 22
    nationality = "LA"
    exploitation_types = factory.LazyFunction(lambda: [str(Exploitation.SEXUAL)])
    is_synthetic = True
