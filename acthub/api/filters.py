"""Filters shared by every app's FilterSets: program, place (country or REGION), period, sex.

Each one validates its value, so that a value that cannot match (an unknown choice, a malformed
period, a country code that does not exist) is a 400 that says why, never a silently empty list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from acthub.api.viewsets import visible
from acthub.core.models import Country
from acthub.core.periods import Period, parse_period
from acthub.indicators.choices import REGION, Sex
from acthub.program.models import Program

ISO_CODE = re.compile(r"^[A-Z]{2}$")
TOTAL = "total"


def visible_choices(model: type[Model]) -> Callable[[Any], QuerySet[Any]]:
    """A filter's choices: the records the requesting user may see (a hidden one is invalid too)."""

    def queryset(request: Any) -> QuerySet[Any]:
        return visible(model, getattr(request, "user", None))

    return queryset


class PlaceField(forms.CharField):
    """A country's ISO code, or REGION; the code must name a known country."""

    def clean(self, value: Any) -> str | None:
        text = (super().clean(value) or "").strip().upper()
        if not text:
            return None
        if text == REGION:
            return REGION
        if not ISO_CODE.match(text) or not Country.objects.filter(code=text).exists():
            raise ValidationError(
                _("%(value)s is not a known country: give an ISO 3166-1 alpha-2 code (e.g. LA) or REGION."),
                code="invalid_place",
                params={"value": value},
            )
        return text


@extend_schema_field(OpenApiTypes.STR)
class PlaceFilter(filters.Filter):
    """`country=LA` keeps that country's records; `country=REGION` keeps the regional ones."""

    field_class = PlaceField

    def __init__(self, *args: Any, region: dict[str, Any] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("ISO 3166-1 alpha-2 code of a country, or REGION for regional records."))
        super().__init__(*args, **kwargs)
        self.region = region

    def filter(self, qs: QuerySet[Any], value: str | None) -> QuerySet[Any]:
        if not value:
            return qs
        if value == REGION:
            return qs.filter(**(self.region or {f"{self.field_name}__isnull": True}))
        return qs.filter(**{f"{self.field_name}__code": value})


class PeriodField(forms.CharField):
    """A period identifier (2021, 2021S1, 2021Q2, 202106 or a date range), parsed."""

    def clean(self, value: Any) -> Period | None:
        text = (super().clean(value) or "").strip()
        return parse_period(text) if text else None


@extend_schema_field(OpenApiTypes.STR)
class PeriodFilter(filters.Filter):
    """`period=2021S1`: records of exactly that period."""

    field_class = PeriodField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("A period identifier: 2021, 2021S1, 2021Q2, 202106 or 2021-01-01/2021-06-30."))
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: Period | None) -> QuerySet[Any]:
        return qs if value is None else qs.filter(**{self.field_name: value.id})


@extend_schema_field(OpenApiTypes.STR)
class PeriodWithinFilter(PeriodFilter):
    """`within=2021`: records whose period lies inside the given one (both halves, every quarter...)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("Keep the periods that lie inside this one, e.g. 2021 for 2021S1 and 2021Q3."))
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: Period | None) -> QuerySet[Any]:
        if value is None:
            return qs
        prefix = f"{self.field_name}_" if self.field_name else ""
        return qs.filter(**{f"{prefix}start__gte": value.start, f"{prefix}end__lte": value.end})


class SexFilter(filters.ChoiceFilter):
    """`sex=female`, or `sex=total` for the values over all sexes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        choices = [(TOTAL, _("Total over all sexes")), *((v, label) for v, label in Sex.choices if v)]
        kwargs.setdefault("choices", choices)
        kwargs.setdefault("help_text", _("A sex, or total for the values over all sexes."))
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(Q(**{self.field_name: "" if value == TOTAL else value}))


class ProgramScopedFilterSet(filters.FilterSet):
    """The filter every program-owned record shares: `program=<slug>`."""

    program = filters.ModelChoiceFilter(
        field_name="program",
        to_field_name="slug",
        queryset=visible_choices(Program),
        help_text=_("Slug of the program."),
    )


class PlaceScopedFilterSet(filters.FilterSet):
    """The filters of a record held for one country or for the region: `country`, `country__isnull`."""

    country = PlaceFilter(field_name="country")
    country__isnull = filters.BooleanFilter(
        field_name="country", lookup_expr="isnull", help_text=_("true: only regional records; false: only national.")
    )


class ProgramPlaceScopedFilterSet(ProgramScopedFilterSet, PlaceScopedFilterSet):
    """Both of the above: most records belong to a program and to a place."""


class IdField(forms.IntegerField):
    """A record id: a whole number the databases can hold (a larger one is a clear 400, not a crash)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class IdFilter(filters.NumberFilter):
    field_class = IdField
