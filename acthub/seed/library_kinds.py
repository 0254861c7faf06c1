"""The seed kind of library resources: the studies, papers and webinars the fact sheets mention.

Kept apart from acthub.seed.kinds (which lists it) so that the library's converters live with it.
"""

from __future__ import annotations

import re
from typing import Any

from acthub.library.choices import AccessLevel, ReviewStatus
from acthub.library.defaults import ensure_defaults
from acthub.library.models import Resource, ResourceType, Topic
from acthub.program.models import Achievement
from acthub.seed import converters as c
from acthub.seed.converters import Invalid, Resolved

_ACHIEVEMENT = re.compile(r"^(?:(?P<country>[A-Z]{2})/)?(?P<area>[a-z0-9-]+)/(?P<order>\d+)$")


def resource_type(value: Any, _: Resolved) -> ResourceType:
    """A resource type by its code, e.g. study."""
    slug = c.text(value, _)
    if not ResourceType.objects.exists():
        # The default types come with a migration; a database emptied since (a flush) gets them back
        # here, the same list, so that the seed loads on any migrated database.
        ensure_defaults()
    found = ResourceType.objects.filter(slug=slug).first()
    if found is None:
        codes = ", ".join(ResourceType.objects.values_list("slug", flat=True))
        raise Invalid(f"no resource type {slug!r}; the types are {codes}")
    return found


def topic(value: Any, _: Resolved) -> Topic:
    """A topic by its code, e.g. court-safety-privacy."""
    slug = c.text(value, _)
    if not Topic.objects.exists():
        ensure_defaults()  # as for types: a flushed database gets the migration's list back
    found = Topic.objects.filter(slug=slug).first()
    if found is None:
        raise Invalid(f"no topic {slug!r}")
    return found


def achievement(value: Any, resolved: Resolved) -> Achievement:
    """An achievement of the entry's program as `AREA/ORDER` (regional) or `CC/AREA/ORDER` (a country's)."""
    match = _ACHIEVEMENT.match(c.text(value, resolved))
    if match is None:
        raise Invalid(f"write an achievement as outcome-area/order or CC/outcome-area/order, got {value!r}")
    program = resolved.get("program")
    if program is None:
        raise Invalid("the program must come before the achievements")
    qs = Achievement.objects.filter(
        program=program,
        outcome_area__slug=match["area"],
        order=int(match["order"]),
        country__code=match["country"] if match["country"] else None,
    )
    if match["country"] is None:
        qs = Achievement.objects.filter(
            program=program, outcome_area__slug=match["area"], order=int(match["order"]), country__isnull=True
        )
    found = qs.first()
    if found is None:
        raise Invalid(f"no achievement {value!r} in the program (load achievements.yaml first)")
    return found


def year(value: Any, resolved: Resolved) -> int:
    """A year of publication."""
    number = c.integer(value, resolved)
    if not 1900 <= number <= 2100:
        raise Invalid(f"{number} is not a year")
    return number


def resource_kind() -> Any:
    """The `resources` seed kind (built lazily: acthub.seed.kinds imports this module)."""
    from acthub.seed.kinds import K, Kind

    return Kind(
        "resources",
        Resource,
        (
            K("program", c.program, required=True, field=None),
            K("title", c.text, required=True),
            K("type", resource_type, required=True),
            K("summary", c.text),
            K("publisher", c.organisation),
            K("year", year),
            K("languages", c.str_list),
            K("countries", c.many(c.a_country), many=True),
            K("topics", c.many(topic), many=True),
            K("url", c.text),
            K("access_level", c.choice(AccessLevel)),
            K("status", c.choice(ReviewStatus)),
            K("evidence_for", c.many(achievement), many=True),
        ),
        natural_key=("title",),
    )
