"""Invariants of indicators and data values."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from acthub.core.testing.factories import DataValueFactory, IndicatorFactory, ProgramFactory
from acthub.indicators.engine import FigureSet
from acthub.indicators.models import DataValue

pytestmark = pytest.mark.django_db


def test_period_is_parsed_into_dates():
    dv = DataValueFactory(period="2021S1")
    assert (dv.period_start.isoformat(), dv.period_end.isoformat()) == ("2021-01-01", "2021-06-30")


@pytest.mark.parametrize(
    ("unit", "value", "field", "message"),
    [
        ("count", Decimal("-1"), "value", "cannot be negative"),
        ("count", Decimal("2.5"), "value", "a whole number"),
        ("percent", Decimal("100.5"), "value", "at most 100"),
    ],
)
def test_bad_values(unit, value, field, message):
    indicator = IndicatorFactory(unit=unit)
    with pytest.raises(ValidationError) as exc:
        DataValueFactory(indicator=indicator, value=value)
    assert message in " ".join(exc.value.message_dict[field])


def test_bad_period():
    with pytest.raises(ValidationError) as exc:
        DataValueFactory(period="2021S3")
    assert "S1 (January-June)" in " ".join(exc.value.message_dict["period"])


def test_sex_only_where_allowed():
    indicator = IndicatorFactory(disaggregations=[])
    with pytest.raises(ValidationError) as exc:
        DataValueFactory(indicator=indicator, sex="female")
    assert "not disaggregated by sex" in " ".join(exc.value.message_dict["sex"])
    with pytest.raises(ValidationError) as exc:
        IndicatorFactory(code="SYN_BAD", disaggregations=["colour"])
    assert "colour" in " ".join(exc.value.message_dict["disaggregations"])


def test_one_value_per_cell_including_region():
    program = ProgramFactory()
    indicator = IndicatorFactory()
    DataValueFactory(program=program, indicator=indicator, country=None)
    with pytest.raises(ValidationError):
        DataValueFactory(program=program, indicator=indicator, country=None)
    assert DataValue.objects.count() == 1


def test_engine_prefers_reported_and_formats(country_a):
    program = ProgramFactory()
    count = IndicatorFactory(code="SYN_TRAINED")
    share = IndicatorFactory(code="SYN_SHARE", unit="percent")
    DataValueFactory(program=program, indicator=count, country=None, period="2020", value=2037)
    DataValueFactory(program=program, indicator=count, country=None, period="2020", value=2000, method="computed")
    DataValueFactory(program=program, indicator=share, country=country_a, period="2021S1", value=35)
    figures = FigureSet.load(program)
    trained = figures.get("SYN_TRAINED", "2020")
    assert trained is not None and trained.display == "2,037" and trained.method == "reported"
    pct = figures.get("SYN_SHARE", "2021S1", "LA")
    assert pct is not None and pct.display == "35%"
    assert not hasattr(pct, "url")  # the engine builds no link (acthub.publishing.links does)


def test_engine_hides_sensitive_values_from_the_public(country_a, users):
    program = ProgramFactory()
    sensitive = IndicatorFactory(code="SYN_VICTIMS", is_sensitive=True)
    DataValueFactory(program=program, indicator=sensitive, country=country_a, value=3)
    assert FigureSet.load(program).get("SYN_VICTIMS", "2021S1", "LA") is None
    assert FigureSet.load(program, users["officer_a"]).get("SYN_VICTIMS", "2021S1", "LA") is not None


def test_lao_figures_keep_thousands_separator():
    from django.utils import translation

    program = ProgramFactory()
    DataValueFactory(program=program, indicator=IndicatorFactory(code="SYN_T"), country=None, period="2020", value=2037)
    with translation.override("lo"):
        assert FigureSet.load(program).get("SYN_T", "2020").display == "2,037"
