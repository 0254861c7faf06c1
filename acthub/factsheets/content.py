"""What a fact sheet says: its scope, period and records, read through the portal's selectors.

`build_sheet` gathers the records of one sheet (region or country, one period) as a user may see them
(`user=None` is the public: what a published edition shows). Figures are not read here but while
the sheet renders, through `SheetFigures`, so that each is recorded with the section that shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import dateformat, translation
from django.utils.translation import gettext as _

from acthub.core.models import Country
from acthub.core.periods import Period, parse_period
from acthub.directory.choices import PartnerRole
from acthub.directory.models import OrganisationRole
from acthub.indicators.choices import REGION
from acthub.indicators.engine import FigureSet
from acthub.portal import selectors
from acthub.portal.selectors import AreaSection, BodyView
from acthub.program.choices import GovernanceLevel, ProgrammingStatus
from acthub.program.models import (
    CountryProgramming,
    GovernanceBody,
    Grant,
    GrantRound,
    MediaItem,
    Pathway,
    Program,
    ProgramLink,
    Story,
)

from .figures import SheetFigures

# The seeds put the current partners and the grants under this outcome area; a program without it
# gets them in a section of their own.
PARTNERSHIPS_AREA = "partnerships"

# Statuses named in "where the program works", in the seeds' order (countries without programming
# are not named).
WHERE_STATUSES = (ProgrammingStatus.ACTIVE, ProgrammingStatus.ESTABLISHING, ProgrammingStatus.ON_HOLD)

# `manage.py factsheet --all` and the benchmark: the region and every country with programming.
SHEET_STATUSES = (ProgrammingStatus.ACTIVE, ProgrammingStatus.ESTABLISHING)


class FactSheetError(Exception):
    """A sheet that cannot be made; the message says why, for people."""


class UnknownScopeError(FactSheetError):
    """The scope is neither REGION nor a known country code."""


class BadPeriodError(FactSheetError):
    """The period does not parse."""


class NoDataError(FactSheetError):
    """The place has no figure for the period: an empty sheet would mislead."""


class NoProgramError(FactSheetError):
    """No program is loaded."""


@dataclass(frozen=True)
class Scope:
    """What a sheet is about: the whole region (no country) or one country."""

    code: str
    country: Country | None = None

    @property
    def is_region(self) -> bool:
        """Whether this is the regional sheet."""
        return self.country is None

    @property
    def name(self) -> str:
        """The country's name, or "Region"."""
        return self.country.name if self.country is not None else _("Region")


def resolve_scope(code: str, user: Any = None) -> Scope:
    """`REGION` or a country code (any case) -> Scope, or UnknownScopeError listing the valid ones."""
    text = (code or "").strip().upper()
    if text == REGION:
        return Scope(REGION)
    country = Country.objects.restrict(user, "view").filter(code=text).first() if len(text) == 2 else None
    if country is None:
        known = ", ".join(Country.objects.restrict(user, "view").order_by("code").values_list("code", flat=True))
        raise UnknownScopeError(
            _("Unknown scope %(scope)s: use REGION or a country code (%(known)s).")
            % {"scope": code or "(empty)", "known": known or _("no country is loaded")}
        )
    return Scope(country.code, country)


def resolve_period(value: str) -> Period:
    """A DHIS2 period identifier -> Period, or BadPeriodError saying how to write one."""
    try:
        return parse_period(value)
    except ValidationError as exc:
        raise BadPeriodError(" ".join(exc.messages)) from exc


def resolve_program(slug: str | None = None, user: Any = None) -> Program:
    """The program by slug, or the portal's default program."""
    if slug:
        program = Program.objects.restrict(user, "view").filter(slug=slug).first()
    else:
        program = selectors.default_program(user)
    if program is None:
        raise NoProgramError(_("No program %(slug)s is loaded.") % {"slug": slug or ""})
    return program


def sheet_scopes(program: Program, user: Any = None) -> list[Scope]:
    """The region, then every country with active or establishing programming, by name."""
    rows = selectors.programming(program, user).filter(status__in=SHEET_STATUSES)
    return [Scope(REGION), *(Scope(row.country.code, row.country) for row in rows)]


def default_date_label(period: Period, language: str) -> str:
    """The month and year the period ends, as the seeds print it: "JUNE 2021"."""
    with translation.override(language):
        return dateformat.format(period.end, "F Y").upper()


def _dated_by(period_id: str, end: date) -> bool:
    """Whether a record dated `period_id` (blank: undated) had happened by `end`."""
    if not period_id:
        return True
    try:
        return parse_period(period_id).start <= end
    except ValidationError:
        return False


@dataclass
class AreaBlock:
    """An outcome area on a sheet; the one that `holds_partnerships` also lists partners and grants."""

    section: AreaSection
    holds_partnerships: bool = False

    @property
    def id(self) -> str:
        """The section id: area-<slug>."""
        return f"area-{self.section.area.slug}"

    @property
    def title(self) -> str:
        """The area's name, as the section's heading."""
        return self.section.area.name


@dataclass
class Sheet:
    """Everything one fact sheet shows except its figures, which `figures` supplies while it renders."""

    program: Program
    scope: Scope
    period: Period
    language: str
    date_label: str
    figures: SheetFigures
    key_partners: list[OrganisationRole]
    focal: list[tuple[OrganisationRole, GovernanceBody | None]]
    programming: list[tuple[str, list[CountryProgramming]]]
    bodies: list[BodyView]
    pathways: list[Pathway]
    areas: list[AreaBlock]
    partners: list[OrganisationRole]
    grant_rounds: list[tuple[GrantRound, list[Grant]]]
    grants: list[Grant]
    stories: list[Story]
    media: list[MediaItem]
    links: list[ProgramLink]
    # The content translations read while the sheet renders, one query per model (content_translations).
    translations: dict[Any, Any] = field(default_factory=dict)

    @property
    def place(self) -> str:
        """The place code of the sheet's own figures: REGION or a country code."""
        return self.scope.code

    @property
    def country(self) -> Country | None:
        """The sheet's country (None for the region)."""
        return self.scope.country

    @property
    def is_region(self) -> bool:
        """Whether this is the regional sheet."""
        return self.scope.is_region

    @property
    def has_partnerships(self) -> bool:
        """Whether there are current partners or grants to list."""
        return _any_partnership(self.partners, self.grants, self.grant_rounds)

    @property
    def partnerships_placed(self) -> bool:
        """Whether an outcome area shows the partners and grants (else they get their own section)."""
        return any(block.holds_partnerships for block in self.areas)


def _any_partnership(
    partners: list[OrganisationRole], grants: list[Grant], rounds: list[tuple[GrantRound, list[Grant]]]
) -> bool:
    return bool(partners or grants or any(round_grants for _round, round_grants in rounds))


def _areas(program: Program, user: Any, scope: Scope, period: Period, partnerships: bool) -> list[AreaBlock]:
    """The outcome areas with something to say for the place, achievements dated by the period's end."""
    areas = list(selectors.outcome_areas(program, user))
    sections = {s.area.pk: s for s in selectors.area_sections(program, user, areas=areas, countries=[scope.country])}
    blocks: list[AreaBlock] = []
    for area in areas:
        section = sections.get(area.pk) or AreaSection(area, scope.country, None, [])
        section.achievements = [a for a in section.achievements if _dated_by(a.period, period.end)]
        block = AreaBlock(section, holds_partnerships=area.slug == PARTNERSHIPS_AREA and partnerships)
        if block.holds_partnerships or not section.is_empty:
            blocks.append(block)
    return blocks


def _chaired(bodies: list[BodyView], organisation_id: int) -> GovernanceBody | None:
    """The body an organisation chairs, if any (said of the focal point)."""
    return next((v.body for v in bodies if any(s.organisation_id == organisation_id for s in v.chairs)), None)


def _place_q(scope: Scope) -> Q:
    return Q(country=scope.country) if scope.country is not None else Q(country__isnull=True)


def build_sheet(
    program: Program,
    scope: Scope,
    period: Period,
    *,
    language: str = "en",
    date_label: str = "",
    user: Any = None,
    staff_links: bool = False,
    figures: FigureSet | None = None,
) -> Sheet:
    """The sheet of a scope and period as `user` may see it (None: the public), or NoDataError.

    `figures` lets a caller rendering many sheets load the program's figures once.
    """
    sheet_figures = SheetFigures(
        figures if figures is not None else FigureSet.load(program, user), period, staff=staff_links
    )
    if not sheet_figures.has_data(scope.code):
        periods = sheet_figures.periods_with_data(scope.code)
        raise NoDataError(
            _("%(place)s has no figures for %(period)s, so there is no sheet to make. %(known)s")
            % {
                "place": scope.name,
                "period": period.id,
                "known": (_("Periods with figures: %(periods)s.") % {"periods": ", ".join(periods)})
                if periods
                else _("It has no figures for any period yet."),
            }
        )
    country = scope.country
    focal_roles = selectors.roles(program, user, PartnerRole.FOCAL_POINT, country) if country else []
    bodies = selectors.governance(program, user, country=country) if country else []
    focal = [(role, _chaired(bodies, role.organisation_id)) for role in focal_roles]
    if country is None:
        bodies = selectors.governance(program, user, level=GovernanceLevel.REGIONAL)
    else:  # a body the focal point chairs is named with the focal point, as the Lao PDR sheet does
        named = {body.pk for _role, body in focal if body is not None}
        bodies = [view for view in bodies if view.body.pk not in named]
    rows = list(selectors.programming(program, user))
    partners = selectors.roles(program, user, PartnerRole.PARTNER, country)
    rounds = selectors.grant_rounds(program, user) if country is None else []
    grants = selectors.country_grants(program, user, country) if country is not None else []
    stories = Story.objects.restrict(user, "view").filter(_place_q(scope), program=program)
    return Sheet(
        program=program,
        scope=scope,
        period=period,
        language=language,
        date_label=date_label or default_date_label(period, language),
        figures=sheet_figures,
        key_partners=selectors.roles(program, user, PartnerRole.KEY_PARTNER, country),
        focal=focal,
        programming=[(status, [r for r in rows if r.status == status]) for status in WHERE_STATUSES],
        bodies=bodies,
        pathways=list(Pathway.objects.restrict(user, "view").filter(program=program).order_by("number")),
        areas=_areas(program, user, scope, period, _any_partnership(partners, grants, rounds)),
        partners=partners,
        grant_rounds=rounds,
        grants=grants,
        stories=[s for s in stories.order_by("title") if _dated_by(s.period, period.end)],
        media=list(
            MediaItem.objects.restrict(user, "view").filter(
                _place_q(scope), MediaItem.shown_q(), program=program, outcome_area__isnull=True
            )
        ),
        links=list(ProgramLink.objects.restrict(user, "view").filter(program=program).order_by("order")),
    )
