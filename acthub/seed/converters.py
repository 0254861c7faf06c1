"""Turning a YAML value into a field value: plain values, code lists and references by natural key.

A converter takes the raw value and the values already resolved for the same entry (so that an
outcome area can be looked up inside the entry's program) and returns the field value, or raises
`Invalid` with a reason a person can act on. References never use database ids: countries by ISO
code, organisations by name (and country), programs by slug, indicators by code, and so on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from acthub.core.models import Country
from acthub.core.periods import parse_period
from acthub.directory.models import Organisation
from acthub.indicators.choices import REGION
from acthub.indicators.models import Indicator
from acthub.program.models import FocusTag, GovernanceBody, GrantRound, OutcomeArea, Pathway, Program, Project

Resolved = Mapping[str, Any]
Converter = Callable[[Any, Resolved], Any]


class Invalid(Exception):
    """A value that cannot be used, with the reason (and the key, when a whole-entry check finds it)."""

    def __init__(self, reason: str, key: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.key = key


def _kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__


def text(value: Any, _: Resolved) -> str:
    """Text, stripped of the trailing newline YAML block scalars keep."""
    if not isinstance(value, str):
        raise Invalid(f"expected text, got {_kind(value)} {value!r}")
    return value.strip()


def integer(value: Any, _: Resolved) -> int:
    """A whole number (YAML true/false are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"expected a whole number, got {_kind(value)} {value!r}")
    return value


def boolean(value: Any, _: Resolved) -> bool:
    """true or false."""
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, got {_kind(value)} {value!r}")
    return value


def decimal(value: Any, _: Resolved) -> Decimal:
    """A number; floats go through their text so that 0.1 stays 0.1."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Invalid(f"expected a number, got {_kind(value)} {value!r}")
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise Invalid(f"expected a number, got {value!r}") from exc


def iso_date(value: Any, _: Resolved) -> date:
    """A date written YYYY-MM-DD."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise Invalid(f"expected a date YYYY-MM-DD, got {value!r}") from exc
    raise Invalid(f"expected a date YYYY-MM-DD, got {_kind(value)} {value!r}")


def period(value: Any, _: Resolved) -> str:
    """A DHIS2 period identifier (2020, 2021S1, 202106, 2018-01-01/2021-06-30)."""
    # YAML reads an unquoted 2020 or 202107 as a number; the identifier is its text.
    raw = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(raw, str):
        raise Invalid(f"expected a period such as 2021S1, got {_kind(value)} {value!r}")
    try:
        return parse_period(raw).id
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages)) from exc


def choice(choices: type[models.TextChoices]) -> Converter:
    """One value of a code list."""

    def convert(value: Any, _: Resolved) -> str:
        if value not in choices.values:
            allowed = ", ".join(repr(v) for v in choices.values)
            raise Invalid(f"{value!r} is not one of {allowed}")
        return str(value)

    return convert


def str_list(value: Any, _: Resolved) -> list[str]:
    """A list of texts (language codes, disaggregations)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Invalid(f"expected a list of texts, got {value!r}")
    return list(value)


def text_map(value: Any, _: Resolved) -> dict[str, str]:
    """A mapping of texts to texts (an indicator's filters: {role: trainee})."""
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise Invalid(f"expected a mapping of texts to texts, got {value!r}")
    return dict(value)


def sectors(value: Any, _: Resolved) -> list[dict[str, Any]]:
    """IATI sectors: a list of {code: "15130", percentage: 100} (checked by Program.clean)."""
    from acthub.program.models.registry import check_sectors

    if not isinstance(value, list):
        raise Invalid(f"expected a list of sectors, got {_kind(value)} {value!r}")
    reason = check_sectors(value)
    if reason:
        raise Invalid(reason)
    return [{"code": str(item["code"]), "percentage": item["percentage"]} for item in value]


def many(convert: Converter) -> Converter:
    """A list whose items each go through `convert` (for many-to-many sets)."""

    def convert_all(value: Any, resolved: Resolved) -> list[Any]:
        if not isinstance(value, list):
            raise Invalid(f"expected a list, got {_kind(value)} {value!r}")
        items = []
        for index, item in enumerate(value, start=1):
            try:
                items.append(convert(item, resolved))
            except Invalid as exc:
                raise Invalid(f"item {index}: {exc}") from exc
        return items

    return convert_all


def _one(qs: models.QuerySet[Any], what: str) -> Any:
    found = list(qs[:2])
    if not found:
        raise Invalid(f"unknown {what}")
    if len(found) > 1:
        raise Invalid(f"{what} is ambiguous: more than one record matches")
    return found[0]


def country(value: Any, _: Resolved) -> Country | None:
    """A country by ISO code; REGION (or nothing) is the region, stored as no country."""
    if value is None or value == REGION:
        return None
    if not isinstance(value, str):
        raise Invalid(f"expected a country code such as LA or REGION, got {_kind(value)} {value!r}")
    return _one(Country.objects.filter(code=value), f"country code {value!r}")


def a_country(value: Any, resolved: Resolved) -> Country:
    """A country by ISO code, where the region is not a possible answer."""
    found = country(value, resolved)
    if found is None:
        raise Invalid("a country code is needed here, not the region")
    return found


def program(value: Any, _: Resolved) -> Program:
    """A program by slug."""
    if not isinstance(value, str):
        raise Invalid(f"expected a program slug, got {_kind(value)} {value!r}")
    return _one(Program.objects.filter(slug=value), f"program {value!r}")


def organisation(value: Any, _: Resolved) -> Organisation:
    """An organisation by name, or by {name, country} where the name alone is ambiguous."""
    if isinstance(value, str):
        return _one(Organisation.objects.filter(name=value), f"organisation {value!r}")
    if isinstance(value, Mapping) and set(value) <= {"name", "country"} and isinstance(value.get("name"), str):
        where = country(value.get("country"), {})
        label = f"organisation {value['name']!r} ({where.code if where else REGION})"
        return _one(Organisation.objects.filter(name=value["name"], country=where), label)
    raise Invalid(f"expected an organisation name or {{name: ..., country: ...}}, got {value!r}")


def _program_of(resolved: Resolved) -> Program:
    found = resolved.get("program")
    if not isinstance(found, Program):
        raise Invalid("cannot be looked up without the entry's program")
    return found


def outcome_area(value: Any, resolved: Resolved) -> OutcomeArea:
    """An outcome area of the entry's program, by slug."""
    prog = _program_of(resolved)
    return _one(OutcomeArea.objects.filter(program=prog, slug=value), f"outcome area {value!r} of {prog.slug}")


def governance_body(value: Any, resolved: Resolved) -> GovernanceBody:
    """A governance body of the entry's program, by name or acronym."""
    prog = _program_of(resolved)
    return _one(
        GovernanceBody.objects.filter(Q(name=value) | Q(acronym=value), program=prog),
        f"governance body {value!r} of {prog.slug}",
    )


def grant_round(value: Any, resolved: Resolved) -> GrantRound:
    """A grant round of the entry's program, by name."""
    prog = _program_of(resolved)
    return _one(GrantRound.objects.filter(program=prog, name=value), f"grant round {value!r} of {prog.slug}")


def pathway(value: Any, resolved: Resolved) -> Pathway:
    """A pathway of the entry's program, by number."""
    prog = _program_of(resolved)
    number = integer(value, resolved)
    return _one(Pathway.objects.filter(program=prog, number=number), f"pathway {number} of {prog.slug}")


def project(value: Any, resolved: Resolved) -> Project:
    """A project of the entry's program, by title."""
    prog = _program_of(resolved)
    return _one(Project.objects.filter(program=prog, title=value), f"project {value!r} of {prog.slug}")


def focus_tag(value: Any, _: Resolved) -> FocusTag:
    """A focus tag by slug."""
    return _one(FocusTag.objects.filter(slug=value), f"focus tag {value!r}")


def indicator(value: Any, _: Resolved) -> Indicator:
    """An indicator by code."""
    return _one(Indicator.objects.filter(code=value), f"indicator {value!r}")
