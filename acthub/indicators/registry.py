"""The computed indicators acthub defines itself, and `sync_registry()` that puts them in the database.

`manage.py sync_indicators` runs it (and generate_demo); tests call it in a fixture. It is not a data
migration, so that an empty database stays empty. Idempotent: it only writes what differs. Indicators
that only programs report live in their own data (the seed files), which may also give one a computation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from acthub.indicators.choices import Computation, Method, Unit

PARTICIPANT_DIMENSIONS = ["sex", "age_band", "agency_type", "sector", "role", "country"]
TRAINEE_DIMENSIONS = ["sex", "age_band", "agency_type", "sector", "country"]

COMPUTED: list[dict[str, Any]] = [
    {
        "code": "PARTICIPATIONS",
        "name": "Participations in activities",
        "definition": (
            "Number of times people took part in the program's activities during the period (by the activity's "
            "start date): one per participation row, plus each aggregate attendance count. A person in three "
            "activities counts three times."
        ),
        "unit": Unit.COUNT,
        "computation": Computation.PARTICIPATIONS,
        "disaggregations": PARTICIPANT_DIMENSIONS,
    },
    {
        "code": "PEOPLE_TRAINED_UNIQUE",
        "name": "Unique people trained",
        "definition": (
            "Number of distinct people who took part as trainees in the program's activities during the period: "
            "a person in several activities of the period counts once in it (by pseudonymous person key). "
            "Attendance known only as counts adds its counts, as those people cannot be told apart."
        ),
        "unit": Unit.COUNT,
        "computation": Computation.PEOPLE,
        "filters": {"role": "trainee"},
        "disaggregations": TRAINEE_DIMENSIONS,
    },
    {
        "code": "PEOPLE_TRAINED_WOMEN_PCT",
        "name": "Women among the unique people trained",
        "definition": (
            "Women as a percentage of the unique people trained in the same place and period. Numerator: women "
            "trained (PEOPLE_TRAINED_UNIQUE, sex female); denominator: all people trained (PEOPLE_TRAINED_UNIQUE), "
            "including those whose sex was not recorded."
        ),
        "unit": Unit.PERCENT,
        "computation": Computation.PERCENT,
        "numerator": "PEOPLE_TRAINED_UNIQUE",
        "denominator": "PEOPLE_TRAINED_UNIQUE",
        "numerator_filter": {"sex": "female"},
        "disaggregations": ["age_band", "agency_type", "sector", "country"],
        # Whole percentages, as the fact sheets publish them (30 women of 86 show as 35%). This is the one
        # women's share: the seed's twin PEOPLE_TRAINED_FEMALE_PCT showed beside it as 58% and 57.7% and
        # was merged into it (indicators migration 0007).
        "decimals": 0,
    },
    {
        "code": "PEOPLE_TRAINED_STATE",
        "name": "Unique people trained from state agencies",
        "definition": "Unique people trained (as PEOPLE_TRAINED_UNIQUE) who work for a state agency.",
        "unit": Unit.COUNT,
        "computation": Computation.PEOPLE,
        "filters": {"role": "trainee", "sector": "state"},
        "disaggregations": ["sex", "age_band", "agency_type", "country"],
    },
    {
        "code": "PEOPLE_TRAINED_NON_STATE",
        "name": "Unique people trained from non-state organisations",
        "definition": "Unique people trained (as PEOPLE_TRAINED_UNIQUE) who work for a non-state organisation.",
        "unit": Unit.COUNT,
        "computation": Computation.PEOPLE,
        "filters": {"role": "trainee", "sector": "non_state"},
        "disaggregations": ["sex", "age_band", "agency_type", "country"],
    },
    {
        "code": "ACTIVITIES_HELD",
        "name": "Activities held",
        "definition": (
            "Number of activities (trainings, workshops, dialogues, ...) that started during the period. An "
            "activity held in several countries counts once in each country and once for the program."
        ),
        "unit": Unit.COUNT,
        "computation": Computation.ACTIVITIES,
        "disaggregations": ["country"],
    },
]


# ACTIP monitoring: the heat map's figures, one indicator per status of the scale (acthub.actip).
ACTIP_STATUSES = {
    "ACTIP_ARTICLES_NOT_STARTED": (Computation.ACTIP_NOT_STARTED, "not started"),
    "ACTIP_ARTICLES_PARTIAL": (Computation.ACTIP_PARTIAL, "partially implemented"),
    "ACTIP_ARTICLES_SUBSTANTIAL": (Computation.ACTIP_SUBSTANTIAL, "substantially implemented"),
    "ACTIP_ARTICLES_FULL": (Computation.ACTIP_FULL, "fully implemented"),
    "ACTIP_ARTICLES_NOT_APPLICABLE": (Computation.ACTIP_NOT_APPLICABLE, "assessed as not applicable"),
}
COMPUTED += [
    {
        "code": code,
        "name": f"ACTIP articles {words}",
        "definition": (
            f"Number of ACTIP articles a member state's published assessment for the period rates as {words}. "
            "For the region: the sum over member states (country-article pairs)."
        ),
        "unit": Unit.COUNT,
        "computation": computation,
        "disaggregations": ["country"],
    }
    for code, (computation, words) in ACTIP_STATUSES.items()
]


def specs() -> list[dict[str, Any]]:
    """Every computed indicator: acthub's own, and those domain apps define for the engine (justice)."""
    from acthub.justice.indicators import registry_entries

    return [*COMPUTED, *registry_entries()]


def sync_registry(indicator_model: Any = None, *, codes: Iterable[str] | None = None) -> list[str]:
    """Create or update the computed indicators (only `codes`, if given); returns the codes written.

    Pass a historical model in migrations. `codes` must list a numerator or denominator before the
    indicator that uses it, as the registry does.
    """
    if indicator_model is None:
        from acthub.indicators.models import Indicator as indicator_model
    wanted = set(codes) if codes is not None else None
    written: list[str] = []
    for spec in specs():
        if wanted is not None and spec["code"] not in wanted:
            continue
        values = {k: v for k, v in spec.items() if k not in ("code", "numerator", "denominator")}
        values.setdefault("filters", {})
        values.setdefault("numerator_filter", {})
        values["method"] = Method.COMPUTED
        values["preference"] = Method.COMPUTED
        for name in ("numerator", "denominator"):
            values[name] = indicator_model.objects.get(code=spec[name]) if name in spec else None
        found = indicator_model.objects.filter(code=spec["code"]).first()
        if found is None:
            found = indicator_model(code=spec["code"])
        elif all(getattr(found, k) == v for k, v in values.items()):
            continue
        for key, value in values.items():
            setattr(found, key, value)
        found.save()
        written.append(spec["code"])
    return written
