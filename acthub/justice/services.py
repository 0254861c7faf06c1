"""Writes of justice records: validate, check the actor's scope, save atomically, leave a change-log row.

Every interface (admin, imports, the demo generator, shells) writes through these. They build on
`acthub.core.services.save_record`, which checks the role and the country scope and logs the change
(encrypted fields are logged as a digest, never as text).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from acthub.core.services import delete_record, save_record
from acthub.justice.models import Charge, CourtCase, Defendant, DefendantCharge, Victim

_UNSET: Any = object()


@transaction.atomic
def save_case(case: CourtCase, *, acting_user: Any, summary: str | None = _UNSET, via: str | None = None) -> CourtCase:
    """Create or update a court case; `summary` (identifying free text) is stored encrypted."""
    if summary is not _UNSET:
        case.set_summary(summary)
    return save_record(case, acting_user=acting_user, via=via)


@transaction.atomic
def save_charge(charge: Charge, *, acting_user: Any, via: str | None = None) -> Charge:
    """Create or update a charge of a case."""
    return save_record(charge, acting_user=acting_user, via=via)


@transaction.atomic
def save_defendant(
    defendant: Defendant, *, acting_user: Any, name: str | None = _UNSET, via: str | None = None
) -> Defendant:
    """Create or update a defendant; the name, when given, is stored encrypted."""
    if name is not _UNSET:
        defendant.set_name(name)
    return save_record(defendant, acting_user=acting_user, via=via)


@transaction.atomic
def record_verdict(
    defendant: Defendant,
    charge: Charge,
    *,
    acting_user: Any,
    verdict: str,
    sentence_months: int | None = None,
    fine: Any = None,
    via: str | None = None,
) -> DefendantCharge:
    """Record (or correct) the verdict and sentence of a defendant on a charge of the same case."""
    row = DefendantCharge.objects.filter(defendant=defendant, charge=charge).first() or DefendantCharge(
        defendant=defendant, charge=charge
    )
    row.verdict, row.sentence_months, row.fine = verdict, sentence_months, fine
    return save_record(row, acting_user=acting_user, via=via)


@transaction.atomic
def save_victim(
    victim: Victim,
    *,
    acting_user: Any,
    name: str | None = _UNSET,
    notes: str | None = _UNSET,
    via: str | None = None,
) -> Victim:
    """Create or update a victim. The victim's country is the case's (set here when left empty).

    The name and notes, when given, are stored encrypted. A case of another country than the one
    given is refused by the model's validation.
    """
    if victim.country_id is None and victim.case_id is not None:
        victim.country_id = victim.case.country_id
    if name is not _UNSET:
        victim.set_name(name)
    if notes is not _UNSET:
        victim.set_notes(notes)
    return save_record(victim, acting_user=acting_user, via=via)


def delete_justice_record(record: Any, *, acting_user: Any, via: str | None = None) -> None:
    """Delete a case (with its charges, defendants and victims) or one of its rows."""
    delete_record(record, acting_user=acting_user, via=via)
