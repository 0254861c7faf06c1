"""Synthetic court cases, defendants and victims for demos and the benchmark (`generate_demo --cases N`).

Everything made here is marked synthetic and has no name. The distributions are plausible, not
real: about half the cases are of sexual exploitation and a third of forced labour (the shares
CTDC's global data shows), most victims are women and girls, about a third are children, and some
measures are left unrecorded, as in real case files. Rows go in with `bulk_create`, which skips the
per-row validation: the generator builds only valid rows (dates in order, a child's age under 18,
compensation paid not above the amount ordered).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from acthub.core.models import Country
from acthub.justice.aggregates import add_rows, rebuild
from acthub.justice.choices import (
    CaseOutcome,
    CaseStage,
    Exploitation,
    Gender,
    MethodOfControl,
    RoleInProcess,
    age_band,
)
from acthub.justice.models import Charge, CourtCase, Defendant, Victim

EXPLOITATION_WEIGHTS = [
    (Exploitation.SEXUAL, 50),
    (Exploitation.FORCED_LABOUR, 34),
    (Exploitation.FORCED_MARRIAGE, 6),
    (Exploitation.FORCED_BEGGING, 4),
    (Exploitation.SERVITUDE, 3),
    (Exploitation.OTHER, 3),
]
VICTIM_GENDERS = [(Gender.FEMININE, 72), (Gender.MASCULINE, 25), (Gender.TRANSGENDER_FEMININE, 1), (Gender.UNKNOWN, 2)]
BATCH = 5000


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> str:
    return str(rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0])


def _tri(rng: random.Random, yes: float, unknown: float = 0.15) -> bool | None:
    """A yes/no measure: unrecorded with probability `unknown`, else yes with probability `yes`."""
    if rng.random() < unknown:
        return None
    return rng.random() < yes


def _case(rng: random.Random, country: Country, n: int, run: str, now: Any, public: bool = False) -> CourtCase:
    charged = date(2018, 1, 1) + timedelta(days=rng.randrange(7 * 365))
    offence = charged - timedelta(days=rng.randrange(30, 400))
    reported = offence + timedelta(days=rng.randrange(1, (charged - offence).days + 1))
    has_verdict = rng.random() < 0.7
    verdict = charged + timedelta(days=int(rng.lognormvariate(5.5, 0.6))) if has_verdict else None
    kinds = {_pick(rng, EXPLOITATION_WEIGHTS)}
    if rng.random() < 0.1:
        kinds.add(_pick(rng, EXPLOITATION_WEIGHTS))
    return CourtCase(
        country=country,
        court=f"Synthetic Court {rng.randrange(1, 12)} of {country.code}",
        case_number=f"SYN-{run}-{n:07d}",
        stage=CaseStage.VERDICT if has_verdict else CaseStage.TRIAL,
        offence_date=offence,
        report_date=reported,
        charge_date=charged,
        trial_start_date=charged + timedelta(days=rng.randrange(10, 60)) if has_verdict else None,
        verdict_date=verdict,
        exploitation_types=[k for k in Exploitation.values if k in kinds],
        outcome=rng.choice([CaseOutcome.CONVICTION, CaseOutcome.CONVICTION, CaseOutcome.ACQUITTAL])
        if has_verdict
        else CaseOutcome.PENDING,
        judge_trained=_tri(rng, 0.4, 0.3),
        year=charged.year,
        is_synthetic=True,
        is_public_demo=public,
        created=now,
        last_updated=now,
    )


def _victim(rng: random.Random, case: CourtCase, n: int, now: Any) -> Victim:
    child = rng.random() < 0.3
    age: int | None = rng.randrange(6, 18) if child else rng.randrange(18, 60)
    if rng.random() < 0.05:
        age = None
    testified = rng.random() < 0.75
    times = rng.choice([1, 1, 1, 2, 2, 3, 4]) if testified else 0
    requested = _tri(rng, 0.45, 0.1)
    ordered = Decimal(rng.randrange(1, 500) * 100_000) if requested and rng.random() < 0.6 else None
    paid = None
    if ordered is not None and rng.random() < 0.7:
        paid = ordered if rng.random() < 0.4 else (ordered * Decimal(rng.randrange(0, 100)) / 100).quantize(Decimal(1))
    needed = _tri(rng, 0.3, 0.1)
    disability = _tri(rng, 0.06, 0.2)
    return Victim(
        case=case,
        country_id=case.country_id,
        pseudonym=f"V-{n:07d}",
        gender=_pick(rng, VICTIM_GENDERS),
        nationality=case.country.code if rng.random() < 0.8 else rng.choice(["LA", "KH", "MM", "VN", "TH", "CN"]),
        age_at_exploitation=age,
        is_child=(age < 18) if age is not None else (True if child else None),
        exploitation_types=case.exploitation_types,
        means_of_control=sorted(rng.sample(MethodOfControl.values[:-1], rng.randrange(0, 3))),
        has_disability=disability,
        identity_protected=_tri(rng, 0.6),
        closed_hearing=_tri(rng, 0.5 if child else 0.3),
        non_punishment_applied=_tri(rng, 0.5, 0.4),
        times_testified=times if rng.random() > 0.1 else None,
        testified_by_video_link=_tri(rng, 0.2 if child else 0.08) if testified else None,
        testified_behind_screen=_tri(rng, 0.15) if testified else None,
        testimony_recorded=_tri(rng, 0.1) if testified else None,
        interpreter_needed=needed,
        interpreter_provided=_tri(rng, 0.7, 0.1) if needed else None,
        legal_representation=_tri(rng, 0.45),
        informed_of_rights=_tri(rng, 0.7),
        referred_to_services=_tri(rng, 0.55),
        medical_examination=_tri(rng, 0.4),
        child_provisions=_tri(rng, 0.5) if child else None,
        disability_provisions=_tri(rng, 0.4) if disability else None,
        compensation_requested=requested,
        compensation_ordered=ordered,
        compensation_paid=paid,
        compensation_currency="LAK" if ordered is not None else "",
        is_synthetic=True,
        created=now,
        last_updated=now,
    )


def public_demo() -> bool:
    """Whether synthetic cases feed this instance's public outputs (`generate_demo --cases N --public`).

    Every page, file and API answer that shows justice figures then says the data is synthetic.
    """
    return CourtCase.objects.filter(is_public_demo=True).exists()


def generate_cases(
    count: int,
    *,
    seed: int = 0,
    victims_per_case: float = 3.0,
    public: bool = False,
    maintain: bool = True,
    tick: Callable[[int], Any] = lambda n: None,
) -> dict[str, int]:
    """Add `count` synthetic cases (with charges, defendants and about `victims_per_case` victims each).

    With `public` (a demo instance) the cases also feed the public outputs, which then say the data is synthetic.
    `maintain=False` leaves the indicators' maintained cells to one `aggregates.rebuild()` at the end
    (the benchmark's million victims: one grouped pass instead of one per batch).
    """
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not a secret
    countries = list(Country.objects.order_by("code"))
    if not countries:
        countries = [Country.objects.create(code="LA", name="Lao PDR")]
    run = f"{CourtCase.objects.filter(is_synthetic=True).count():07d}"
    made = {"cases": 0, "victims": 0, "defendants": 0}
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, count, BATCH):
            cases = CourtCase.objects.bulk_create(
                [
                    _case(rng, rng.choice(countries), n, run, now, public)
                    for n in range(start, min(count, start + BATCH))
                ]
            )
            charges, defendants, victims = [], [], []
            for case in cases:
                charges.append(Charge(case=case, law="Synthetic Penal Code", article=str(rng.randrange(200, 230))))
                for d in range(rng.choice([1, 1, 2, 3])):
                    defendants.append(
                        Defendant(
                            case=case,
                            pseudonym=f"D-{d}",
                            gender=rng.choice([Gender.MASCULINE, Gender.MASCULINE, Gender.FEMININE]),
                            age_band=age_band(rng.randrange(20, 65)),
                            nationality=case.country.code,
                            role=rng.choice(
                                [RoleInProcess.RECRUITER, RoleInProcess.EXPLOITER, RoleInProcess.TRANSPORTER]
                            ),
                            is_synthetic=True,
                            created=now,
                            last_updated=now,
                        )
                    )
                for v in range(max(1, round(rng.expovariate(1 / victims_per_case)))):
                    victims.append(_victim(rng, case, v, now))
            Charge.objects.bulk_create(charges, batch_size=BATCH)
            Defendant.objects.bulk_create(defendants, batch_size=BATCH)
            Victim.objects.bulk_create(victims, batch_size=BATCH)
            # bulk_create sends no signal: the indicators' maintained cells are told here, in the same transaction.
            if maintain:
                add_rows(victims=[victim.pk for victim in victims], cases=[case.pk for case in cases])
            made["cases"] += len(cases)
            made["victims"] += len(victims)
            made["defendants"] += len(defendants)
            tick(len(cases))
        if not maintain:
            rebuild()
    return made
