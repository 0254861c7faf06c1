"""Read helpers of the portal: every query goes through `Model.objects.restrict(user, "view")`.

Views call these and pass the results to templates; nothing here writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from acthub.core.models import Country
from acthub.directory.choices import PartnerRole
from acthub.directory.models import Organisation, OrganisationRole
from acthub.indicators.choices import REGION
from acthub.indicators.engine import Figure, FigureSet
from acthub.indicators.models import Indicator
from acthub.program.choices import GovernanceLevel, GovernanceRole
from acthub.program.models import (
    Achievement,
    CountryProgramming,
    GovernanceBody,
    GovernanceMembership,
    Grant,
    GrantRound,
    MediaItem,
    OutcomeArea,
    OutcomeAreaIntro,
    Program,
    Story,
    SupportDelivered,
)

User = Any  # a User or AnonymousUser; access rules live in acthub.core.access


def default_program(user: User = None) -> Program | None:
    """The program shown at "/": the configured one, or the first there is."""
    programs = Program.objects.restrict(user, "view").select_related("funder", "implementer")
    return programs.filter(slug=settings.ACTHUB_DEFAULT_PROGRAM).first() or programs.order_by("pk").first()


def request_program(request: HttpRequest) -> Program | None:
    """The portal's program for this request, looked up once per request."""
    if not hasattr(request, "_portal_program"):
        request._portal_program = default_program(getattr(request, "user", None))  # type: ignore[attr-defined]
    return request._portal_program  # type: ignore[attr-defined]


def program_or_404(request: HttpRequest) -> Program:
    """The portal's program, or 404 when the instance holds none yet."""
    program = request_program(request)
    if program is None:
        raise Http404("No program has been loaded.")
    return program


# --- figures -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureGroup:
    """One indicator's figures for a place: the latest period first, then the earlier ones."""

    indicator: Indicator
    latest: Figure
    earlier: list[Figure]


def figure_groups(figures: FigureSet, place: str) -> list[FigureGroup]:
    """The totals (no disaggregation) of a place, one group per indicator in registry order.

    A partial figure (computed from records that cover only part of its period) is no headline.
    """
    by_indicator: dict[int, list[Figure]] = defaultdict(list)
    for figure in figures.for_place(place):
        if figure.is_partial:
            continue
        by_indicator[figure.indicator.pk].append(figure)
    groups = []
    for pk in sorted(by_indicator):
        found = sorted(by_indicator[pk], key=lambda f: (f.period.end, f.period.start), reverse=True)
        groups.append(FigureGroup(found[0].indicator, found[0], found[1:]))
    return groups


# --- program ---------------------------------------------------------------------------------------


def attach_visible_parents(organisations: Iterable[Organisation], user: User) -> None:
    """Set `visible_parent` on each organisation: its parent if the user may see it, else None."""
    orgs = list(organisations)
    parent_ids = {o.parent_id for o in orgs if o.parent_id}
    parents = Organisation.objects.restrict(user, "view").in_bulk(parent_ids) if parent_ids else {}
    for organisation in orgs:
        organisation.visible_parent = parents.get(organisation.parent_id)  # type: ignore[attr-defined]


def roles(program: Program, user: User, role: str, country: Country | None) -> list[OrganisationRole]:
    """The organisations holding a role for a country, or for the region when `country` is None."""
    qs = OrganisationRole.objects.restrict(user, "view").filter(program=program, role=role)
    qs = qs.filter(country=country) if country is not None else qs.filter(country__isnull=True)
    rows = list(qs.select_related("organisation", "organisation__country").order_by("order", "organisation__name"))
    attach_visible_parents((r.organisation for r in rows), user)
    return rows


def programming(program: Program, user: User) -> QuerySet[CountryProgramming]:
    """Each country's programming status in the program."""
    return (
        CountryProgramming.objects.restrict(user, "view")
        .filter(program=program)
        .select_related("country")
        .order_by("country__name")
    )


def visible_organisation_ids(user: User) -> set[int]:
    """The organisations a user may see (non-public entries exist only inside their scope)."""
    return set(Organisation.objects.restrict(user, "view").values_list("pk", flat=True))


@dataclass
class BodyView:
    """A governance body with its seats split by role, limited to what the user may see."""

    body: GovernanceBody
    chairs: list[GovernanceMembership] = field(default_factory=list)
    co_chairs: list[GovernanceMembership] = field(default_factory=list)
    members: list[GovernanceMembership] = field(default_factory=list)


def governance(
    program: Program, user: User, *, country: Country | None = None, level: str | None = None
) -> list[BodyView]:
    """The program's steering committees, regional first; only `country`'s or one `level`'s when given."""
    bodies = GovernanceBody.objects.restrict(user, "view").filter(program=program)
    if country is not None:
        bodies = bodies.filter(country=country)
    if level is not None:
        bodies = bodies.filter(level=level)
    # Today's seats: a seat that ended is history, one that starts later is not held yet.
    seats = (
        GovernanceMembership.objects.restrict(user, "view")
        .filter(GovernanceMembership.on(timezone.localdate()))
        .select_related("organisation", "member_state")
    )
    bodies = bodies.select_related("country").prefetch_related(Prefetch("memberships", queryset=seats))
    visible = visible_organisation_ids(user)
    result = []
    for body in sorted(
        bodies, key=lambda b: (b.level != GovernanceLevel.REGIONAL, b.country.name if b.country else "")
    ):
        view = BodyView(body)
        for seat in body.memberships.all():
            if seat.organisation_id and seat.organisation_id not in visible:
                continue
            {GovernanceRole.CHAIR: view.chairs, GovernanceRole.CO_CHAIR: view.co_chairs}.get(
                seat.role, view.members
            ).append(seat)
        view.members.sort(key=lambda s: (s.member_state_id is not None, s.order, str(s.holder)))
        result.append(view)
    return result


@dataclass
class AreaSection:
    """An outcome area as shown for one place: its introduction, achievements and images."""

    area: OutcomeArea
    country: Country | None
    intro: OutcomeAreaIntro | None
    achievements: list[Achievement]
    media: list[MediaItem] = field(default_factory=list)
    # The partnerships area of a country lists the country's partners (their records), because its
    # introduction ends "Our current partners in Lao PDR include:".
    partners: list[OrganisationRole] = field(default_factory=list)

    @property
    def place(self) -> str:
        return self.country.code if self.country else REGION

    @property
    def is_empty(self) -> bool:
        return not (self.intro or self.achievements or self.media or self.partners)


# The outcome area whose country sections list the country's partners.
PARTNERSHIPS_AREA = "partnerships"


def outcome_areas(program: Program, user: User) -> QuerySet[OutcomeArea]:
    """The program's outcome areas in their order."""
    return OutcomeArea.objects.restrict(user, "view").filter(program=program).order_by("order")


def _place_q(country: Country | None) -> Q:
    return Q(country=country) if country is not None else Q(country__isnull=True)


def area_sections(
    program: Program, user: User, *, areas: Iterable[OutcomeArea], countries: Iterable[Country | None]
) -> list[AreaSection]:
    """For each area and each place, the intro, achievements and images there are; empty ones left out."""
    areas, countries = list(areas), list(countries)
    place_q = Q(pk__in=[])
    for country in countries:
        place_q |= _place_q(country)
    intros = OutcomeAreaIntro.objects.restrict(user, "view").filter(place_q, outcome_area__in=areas)
    from acthub.library.models import Resource

    # The library resources each achievement links to as evidence (the narrative's links), as the user may see them.
    evidence = Prefetch(
        "resources",
        queryset=Resource.objects.restrict(user, "view").only("pk", "title").order_by("title"),
        to_attr="visible_resources",
    )
    achievements = (
        Achievement.objects.restrict(user, "view")
        .filter(place_q, program=program, outcome_area__in=areas)
        .select_related("country")
        .prefetch_related(evidence)
        .order_by("order", "pk")
    )
    media = MediaItem.objects.restrict(user, "view").filter(
        place_q, MediaItem.shown_q(), program=program, outcome_area__in=areas
    )

    def key(obj: Any) -> tuple[int, int | None]:
        return (obj.outcome_area_id, obj.country_id)

    intro_by = {key(i): i for i in intros}
    achievements_by: dict[tuple[int, int | None], list[Achievement]] = defaultdict(list)
    for achievement in achievements:
        achievements_by[key(achievement)].append(achievement)
    media_by: dict[tuple[int, int | None], list[MediaItem]] = defaultdict(list)
    for item in media:
        media_by[key(item)].append(item)
    sections = []
    for area in areas:
        for country in countries:
            k = (area.pk, country.pk if country else None)
            partners = (
                roles(program, user, PartnerRole.PARTNER, country)
                if area.slug == PARTNERSHIPS_AREA and country is not None
                else []
            )
            section = AreaSection(area, country, intro_by.get(k), achievements_by[k], media_by[k], partners)
            if not section.is_empty:
                sections.append(section)
    return sections


def countries_with_content(program: Program, user: User) -> list[Country]:
    """Countries that have programming, intros or achievements in the program, by name."""
    ids = set(programming(program, user).values_list("country_id", flat=True))
    ids |= set(
        Achievement.objects.restrict(user, "view")
        .filter(program=program, country__isnull=False)
        .values_list("country_id", flat=True)
    )
    return list(Country.objects.restrict(user, "view").filter(pk__in=ids).order_by("name"))


@dataclass
class CountryPage:
    """Everything the country page shows; an empty list or None leaves its section out."""

    country: Country
    programming: CountryProgramming | None
    focal_points: list[OrganisationRole]
    key_partners: list[OrganisationRole]
    partners: list[OrganisationRole]
    bodies: list[BodyView]
    sections: list[AreaSection]
    stories: list[Story]
    media: list[MediaItem]
    grants: list[Grant]
    support: list[SupportDelivered]

    @property
    def partners_elsewhere(self) -> list[OrganisationRole]:
        """The partners to list in a section of their own: none when the partnerships area lists them."""
        return [] if any(section.partners for section in self.sections) else self.partners

    def chaired_body(self, organisation_id: int) -> GovernanceBody | None:
        """The national body the organisation chairs, if any (said of the focal point)."""
        for view in self.bodies:
            if any(seat.organisation_id == organisation_id for seat in view.chairs):
                return view.body
        return None


def country_or_404(user: User, code: str) -> Country:
    """A country by its code (any case), or 404."""
    country = Country.objects.restrict(user, "view").filter(code=code.upper()).first()
    if country is None:
        raise Http404("No such country.")
    return country


def country_page(program: Program, user: User, country: Country) -> CountryPage:
    """The country page's content, every query restricted to what the user may see."""
    areas = outcome_areas(program, user)
    return CountryPage(
        country=country,
        programming=programming(program, user).filter(country=country).first(),
        focal_points=roles(program, user, PartnerRole.FOCAL_POINT, country),
        key_partners=roles(program, user, PartnerRole.KEY_PARTNER, country),
        partners=roles(program, user, PartnerRole.PARTNER, country),
        bodies=governance(program, user, country=country),
        sections=area_sections(program, user, areas=areas, countries=[country]),
        stories=list(Story.objects.restrict(user, "view").filter(program=program, country=country)),
        media=list(
            MediaItem.objects.restrict(user, "view").filter(
                MediaItem.shown_q(), program=program, country=country, outcome_area__isnull=True
            )
        ),
        grants=country_grants(program, user, country),
        support=support_delivered(program, user, country),
    )


def support_delivered(program: Program, user: User, country: Country | None) -> list[SupportDelivered]:
    """Support given in kind in a country (or regionally); a hidden recipient is named but not linked."""
    visible = visible_organisation_ids(user)
    rows = list(
        SupportDelivered.objects.restrict(user, "view")
        .filter(_place_q(country), program=program)
        .select_related("recipient")
    )
    for row in rows:
        row.recipient_visible = row.recipient_id in visible
    return rows


def grants(program: Program, user: User) -> QuerySet[Grant]:
    """The program's grants with their grantee, round and countries."""
    visible = Organisation.objects.restrict(user, "view").values("pk")
    return (
        Grant.objects.restrict(user, "view")
        .filter(program=program, grantee__in=visible)
        .select_related("grantee", "round")
        .prefetch_related("countries")
        .order_by("grantee__name")
    )


def country_grants(program: Program, user: User, country: Country) -> list[Grant]:
    """The grants in `country`, each with `shared`: the other countries of a grant they share (ADR 0014).

    A grant in several countries is listed in each of them, whole; `shared` is what the page notes.
    """
    rows = list(grants(program, user).filter(countries=country).distinct())
    for grant in rows:
        grant.shared = grant.shared_with(country)  # type: ignore[attr-defined]
    return rows


def grant_rounds(program: Program, user: User) -> list[tuple[GrantRound, list[Grant]]]:
    """Each grant round of the program with the grants made in it."""
    rounds = list(GrantRound.objects.restrict(user, "view").filter(program=program).order_by("launched"))
    by_round: dict[int | None, list[Grant]] = defaultdict(list)
    for grant in grants(program, user):
        by_round[grant.round_id].append(grant)
    return [(r, by_round[r.pk]) for r in rounds]
