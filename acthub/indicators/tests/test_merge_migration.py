"""Migration 0007 merges the twin women's-share indicators: values, targets and references move, one is left."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("indicators", "0006_s4justice_justice_computation")
AFTER = ("indicators", "0007_merge_women_share_s5edges")


def _before(executor: MigrationExecutor) -> list[tuple[str, str]]:
    """Every other app at its latest migration, indicators just before the merge."""
    return [BEFORE, *(node for node in executor.loader.graph.leaf_nodes() if node[0] != "indicators")]


@pytest.mark.django_db(transaction=True)
def test_the_retired_twins_values_targets_and_references_move_to_the_kept_indicator(latest_schema_after: None) -> None:
    executor = MigrationExecutor(connection)
    before = _before(executor)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Indicator, DataValue = old.get_model("indicators", "Indicator"), old.get_model("indicators", "DataValue")
    country = old.get_model("core", "Country").objects.create(code="LA", name="Lao PDR")
    program = old.get_model("program", "Program").objects.create(
        slug="twins", name="Synthetic twins", start_year=2018, end_year=2028
    )
    kept = Indicator.objects.create(code="PEOPLE_TRAINED_WOMEN_PCT", name="Kept", definition="d", unit="percent")
    retired = Indicator.objects.create(code="PEOPLE_TRAINED_FEMALE_PCT", name="Twin", definition="d", unit="percent")

    def cell(indicator: object, period: str, value: int, country_: object = None) -> object:
        start, end = (
            (date(2021, 1, 1), date(2021, 6, 30)) if period == "2021S1" else (date(2020, 1, 1), date(2020, 12, 31))
        )
        return DataValue.objects.create(
            program=program,
            indicator=indicator,
            period=period,
            period_start=start,
            period_end=end,
            country=country_,
            value=Decimal(value),
        )

    moved = cell(retired, "2021S1", 35, country)  # only the twin has it: it moves
    cell(retired, "2020", 58)  # the kept indicator has this cell: the kept value stays
    cell(kept, "2020", 57)
    old.get_model("indicators", "Target").objects.create(
        indicator=retired, program=program, period="2021", value=Decimal(50)
    )
    area = old.get_model("program", "OutcomeArea").objects.create(program=program, slug="justice", name="Justice")
    achievement = old.get_model("program", "Achievement").objects.create(
        program=program, outcome_area=area, text="Women were [[PEOPLE_TRAINED_FEMALE_PCT|2021S1|LA]] of those trained."
    )

    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    new = executor.loader.project_state([AFTER]).apps
    NewIndicator, NewValue = new.get_model("indicators", "Indicator"), new.get_model("indicators", "DataValue")
    assert list(NewIndicator.objects.filter(code__startswith="PEOPLE_TRAINED_").values_list("code", flat=True)) == [
        "PEOPLE_TRAINED_WOMEN_PCT"
    ]
    values = {(v.period, v.country_id): v.value for v in NewValue.objects.filter(indicator__code=kept.code)}
    assert values == {("2021S1", country.pk): Decimal(35), ("2020", None): Decimal(57)}
    assert NewValue.objects.get(pk=moved.pk).indicator_id == kept.pk
    target = new.get_model("indicators", "Target").objects.get()
    assert (target.indicator_id, target.value) == (kept.pk, Decimal(50))
    text = new.get_model("program", "Achievement").objects.get(pk=achievement.pk).text
    assert text == "Women were [[PEOPLE_TRAINED_WOMEN_PCT|2021S1|LA]] of those trained."


@pytest.mark.django_db(transaction=True)
def test_where_only_the_twin_exists_it_is_renamed(latest_schema_after: None) -> None:
    executor = MigrationExecutor(connection)
    before = _before(executor)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    twin = old.get_model("indicators", "Indicator").objects.create(
        code="PEOPLE_TRAINED_FEMALE_PCT", name="Twin", definition="d", unit="percent"
    )
    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    new = executor.loader.project_state([AFTER]).apps
    assert new.get_model("indicators", "Indicator").objects.get(pk=twin.pk).code == "PEOPLE_TRAINED_WOMEN_PCT"
