"""What each seed data file holds: its model, its keys, its natural key, in the order they load.

Each file `data/<kind>.yaml` is a list of entries; each entry maps the keys declared here to values
and carries a `source`. A file may only use its declared keys, and a declared key left out means the
model's default, so the data files state every field the seed manages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q

from acthub.core.models import Country
from acthub.directory.choices import OrganisationType, PartnerRole
from acthub.directory.models import Organisation, OrganisationRole
from acthub.indicators.choices import REGION, Computation, Method, Sex, Unit
from acthub.indicators.models import DataValue, Indicator
from acthub.indicators.references import Reference, parse_references
from acthub.program.choices import (
    GovernanceLevel,
    GovernanceRole,
    GrantStatus,
    LinkKind,
    ProgrammingStatus,
    ProjectStatus,
)
from acthub.program.models import (
    Achievement,
    CountryProgramming,
    FocusTag,
    GovernanceBody,
    GovernanceMembership,
    Grant,
    GrantRound,
    MediaItem,
    OutcomeArea,
    OutcomeAreaIntro,
    Pathway,
    Program,
    ProgramLink,
    Project,
    Story,
    SupportDelivered,
)
from acthub.seed import converters as c
from acthub.seed.converters import Converter, Invalid


@dataclass(frozen=True)
class Key:
    """A key of a data file: the model field it fills (None: only used to look others up)."""

    name: str
    convert: Converter
    required: bool = False
    field: str | None = "="  # "=" means the field has the key's name
    many: bool = False  # a many-to-many set

    @property
    def target(self) -> str | None:
        """The model field (or many-to-many) this key fills; None for a look-up-only key."""
        return self.name if self.field == "=" else self.field


@dataclass(frozen=True)
class Kind:
    """One data file: which model its entries become and how."""

    name: str
    model: type[models.Model]
    keys: tuple[Key, ...]
    natural_key: tuple[str, ...]  # data-file keys whose values find the existing record
    fixed: Mapping[str, Any] = field(default_factory=dict)  # set on every record, not in the file
    check: Callable[[Mapping[str, Any]], None] | None = None  # a whole-entry check before saving

    def __post_init__(self) -> None:
        # A natural key made of look-up-only keys would match the wrong records: refuse it at import.
        targets = {k.name: k.target for k in self.keys}
        bad = [name for name in self.natural_key if targets.get(name) is None]
        if bad:
            raise ValueError(f"{self.name}: natural key {bad} must name keys that fill model fields")

    @property
    def file_name(self) -> str:
        """The data file of this kind, e.g. countries.yaml."""
        return f"{self.name}.yaml"

    @property
    def is_sourced(self) -> bool:
        """Whether the model has source_document/source_location to copy the entry's source into."""
        names = {f.name for f in self.model._meta.get_fields()}
        return {"source_document", "source_location"} <= names

    @property
    def lookup_fields(self) -> list[tuple[str, str]]:
        """(data-file key, model field) of the natural key."""
        targets = {k.name: k.target for k in self.keys}
        return [(name, str(targets[name])) for name in self.natural_key]


def K(name: str, convert: Converter, *, required: bool = False, field: str | None = "=", many: bool = False) -> Key:
    """Shorthand for a Key in the tables below."""
    return Key(name, convert, required, field, many)


PROGRAM = K("program", c.program, required=True)
# The program is only the scope in which an outcome area or body is looked up on these models.
PROGRAM_CONTEXT = K("program", c.program, required=True, field=None)

# Numbers that are not figures: years (2020), and the name of the disease (COVID-19).
_NOT_FIGURES = re.compile(r"COVID-19|\b(19|20|21)\d\d\b")
_DIGITS = re.compile(r"\d[\d,.]*")


def check_achievement(values: Mapping[str, Any]) -> None:
    """Every figure in the text is a reference, and every reference has a data value to show."""
    where = values["country"].code if values.get("country") else REGION
    parts = parse_references(values.get("text") or "")
    plain = _NOT_FIGURES.sub("", "".join(p for p in parts if isinstance(p, str)))
    typed = _DIGITS.findall(plain)
    if typed:
        raise Invalid(
            f"typed figure(s) {', '.join(typed)}: write figures as references [[CODE|PERIOD]] to data values",
            key="text",
        )
    for ref in (p for p in parts if isinstance(p, Reference)):
        place = ref.place or where
        at_place = Q(country__isnull=True) if place == REGION else Q(country__code=place)
        found = DataValue.objects.filter(
            at_place, program=values["program"], indicator__code=ref.code, period=ref.period, sex=""
        )
        if not found.exists():
            raise Invalid(f"[[{ref.code}|{ref.period}|{place}]] has no data value to show", key="text")


KINDS: tuple[Kind, ...] = (
    Kind(
        "countries",
        Country,
        (
            K("code", c.text, required=True),
            K("name", c.text, required=True),
            K("name_local", c.text),
            K("languages", c.str_list),
            K("asean_member_since", c.iso_date),
            K("asean_member_until", c.iso_date),
        ),
        natural_key=("code",),
    ),
    Kind(
        "organisations",
        Organisation,
        (
            K("name", c.text, required=True),
            K("country", c.country),
            K("type", c.choice(OrganisationType), required=True),
            K("acronym", c.text),
            K("name_local", c.text),
            K("parent", c.organisation),
            K("website", c.text),
            K("languages", c.str_list),
            K("description", c.text),
            K("is_public", c.boolean),
        ),
        natural_key=("name", "country"),
    ),
    Kind(
        "programs",
        Program,
        (
            K("slug", c.text, required=True),
            K("name", c.text, required=True),
            K("acronym", c.text),
            K("start_year", c.integer, required=True),
            K("end_year", c.integer, required=True),
            K("budget_amount", c.decimal),
            K("budget_currency", c.text),
            K("funder", c.organisation),
            K("implementer", c.organisation),
            K("tagline", c.text),
            K("description", c.text),
            K("iati_reporting_org_ref", c.text),
            K("iati_identifier", c.text),
            K("iati_sectors", c.sectors),
        ),
        natural_key=("slug",),
    ),
    Kind(
        "program_links",
        ProgramLink,
        (
            PROGRAM,
            K("url", c.text, required=True),
            K("kind", c.choice(LinkKind), required=True),
            K("label", c.text, required=True),
            K("description", c.text),
            K("order", c.integer),
        ),
        natural_key=("program", "url"),
    ),
    Kind(
        "country_programming",
        CountryProgramming,
        (
            PROGRAM,
            K("country", c.a_country, required=True),
            K("status", c.choice(ProgrammingStatus), required=True),
            K("note", c.text),
        ),
        natural_key=("program", "country"),
    ),
    Kind(
        "pathways",
        Pathway,
        (
            PROGRAM,
            K("number", c.integer, required=True),
            K("name", c.text, required=True),
            K("description", c.text),
        ),
        natural_key=("program", "number"),
    ),
    Kind(
        "outcome_areas",
        OutcomeArea,
        (PROGRAM, K("slug", c.text, required=True), K("name", c.text, required=True), K("order", c.integer)),
        natural_key=("program", "slug"),
    ),
    Kind(
        "outcome_area_intros",
        OutcomeAreaIntro,
        (
            PROGRAM_CONTEXT,
            K("outcome_area", c.outcome_area, required=True),
            K("country", c.country),
            K("text", c.text, required=True),
        ),
        natural_key=("outcome_area", "country"),
    ),
    Kind("focus_tags", FocusTag, (K("slug", c.text, required=True), K("name", c.text, required=True)), ("slug",)),
    Kind(
        "projects",
        Project,
        (
            PROGRAM,
            K("title", c.text, required=True),
            K("summary", c.text),
            K("is_regional", c.boolean),
            K("countries", c.many(c.a_country), many=True),
            K("start_date", c.iso_date),
            K("end_date", c.iso_date),
            K("status", c.choice(ProjectStatus)),
            K("pathways", c.many(c.pathway), many=True),
            K("focus_tags", c.many(c.focus_tag), many=True),
            K("partners", c.many(c.organisation), many=True),
        ),
        natural_key=("program", "title"),
    ),
    Kind(
        "organisation_roles",
        OrganisationRole,
        (
            PROGRAM,
            K("organisation", c.organisation, required=True),
            K("role", c.choice(PartnerRole), required=True),
            K("country", c.country),
            K("description", c.text),
            K("order", c.integer),
        ),
        natural_key=("program", "organisation", "role", "country"),
    ),
    Kind(
        "governance_bodies",
        GovernanceBody,
        (
            PROGRAM,
            K("name", c.text, required=True),
            K("level", c.choice(GovernanceLevel), required=True),
            K("country", c.country),
            K("acronym", c.text),
            K("description", c.text),
        ),
        natural_key=("program", "name"),
    ),
    Kind(
        "governance_memberships",
        GovernanceMembership,
        (
            PROGRAM_CONTEXT,
            K("body", c.governance_body, required=True),
            K("organisation", c.organisation),
            K("member_state", c.a_country),
            K("role", c.choice(GovernanceRole)),
            K("order", c.integer),
            K("start_date", c.iso_date),
            K("end_date", c.iso_date),
        ),
        natural_key=("body", "organisation", "member_state"),
    ),
    Kind(
        "indicators",
        Indicator,
        (
            K("code", c.text, required=True),
            K("name", c.text, required=True),
            K("definition", c.text, required=True),
            K("unit", c.choice(Unit), required=True),
            K("method", c.choice(Method)),
            K("disaggregations", c.str_list),
            K("is_sensitive", c.boolean),
            K("disclosure_threshold", c.integer),
            K("computation", c.choice(Computation)),
            K("filters", c.text_map),
            # Earlier entries of the same file: an indicator is saved before the next one is read.
            K("numerator", c.indicator),
            K("denominator", c.indicator),
            K("numerator_filter", c.text_map),
            K("preference", c.choice(Method)),
            K("decimals", c.integer),
        ),
        natural_key=("code",),
    ),
    Kind(
        "data_values",
        DataValue,
        (
            PROGRAM,
            K("indicator", c.indicator, required=True),
            K("period", c.period, required=True),
            K("country", c.country, required=True),
            K("sex", c.choice(Sex)),
            K("method", c.choice(Method)),
            K("value", c.decimal, required=True),
            K("note", c.text),
        ),
        natural_key=("program", "indicator", "period", "country", "sex", "method"),
        fixed={"reported_via": "load_seed", "reported_by": None},
    ),
    Kind(
        "achievements",
        Achievement,
        (
            PROGRAM,
            K("outcome_area", c.outcome_area, required=True),
            K("country", c.country),
            K("order", c.integer, required=True),
            K("text", c.text, required=True),
            K("period", c.period),
            K("projects", c.many(c.project), many=True),
            K("organisations", c.many(c.organisation), many=True),
            K("is_published", c.boolean),
        ),
        natural_key=("program", "outcome_area", "country", "order"),
        check=check_achievement,
    ),
    Kind(
        "stories",
        Story,
        (
            PROGRAM,
            K("title", c.text, required=True),
            K("country", c.country),
            K("outcome_area", c.outcome_area),
            K("body", c.text, required=True),
            K("period", c.period),
            K("consent_obtained", c.boolean),
            K("anonymised", c.boolean),
            K("is_published", c.boolean),
        ),
        natural_key=("program", "title"),
    ),
    Kind(
        "media_items",
        MediaItem,
        (
            PROGRAM,
            K("caption", c.text, required=True),
            K("country", c.country),
            K("outcome_area", c.outcome_area),
            K("alt_text", c.text),
            K("credit", c.text),
            K("consent_obtained", c.boolean),
            K("is_published", c.boolean),
        ),
        natural_key=("program", "country", "caption"),
    ),
    Kind(
        "grant_rounds",
        GrantRound,
        (
            PROGRAM,
            K("name", c.text, required=True),
            K("launched", c.period, required=True),
            K("purpose", c.text),
            K("phase", c.text),
        ),
        natural_key=("program", "name"),
    ),
    Kind(
        "grants",
        Grant,
        (
            PROGRAM,
            K("round", c.grant_round),
            K("grantee", c.organisation, required=True),
            K("countries", c.many(c.a_country), many=True),  # empty or absent: a regional grant
            K("purpose", c.text),
            K("initiated", c.period),
            K("start_date", c.iso_date),
            K("end_date", c.iso_date),
            K("amount", c.decimal),
            K("currency", c.text),
            K("status", c.choice(GrantStatus)),
        ),
        natural_key=("program", "round", "grantee"),
    ),
    Kind(
        "support_delivered",
        SupportDelivered,
        (
            PROGRAM,
            K("item", c.text, required=True),
            K("country", c.country),
            K("outcome_area", c.outcome_area),
            K("recipient", c.organisation),
            K("recipient_description", c.text),
            K("quantity", c.integer),
            K("unit", c.text),
            K("purpose", c.text),
            K("period", c.period),
        ),
        natural_key=("program", "country", "item", "recipient", "recipient_description"),
    ),
)

# The library's resources come last: they link to achievements as evidence.
from acthub.seed.library_kinds import resource_kind  # noqa: E402 - it needs K and Kind defined above

KINDS = (*KINDS, resource_kind())
