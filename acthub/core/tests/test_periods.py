from datetime import date

import pytest
from django.core.exceptions import ValidationError

from acthub.core.periods import parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2020", date(2020, 1, 1), date(2020, 12, 31), "2020"),
        ("2021S1", date(2021, 1, 1), date(2021, 6, 30), "Jan-Jun 2021"),
        ("2021S2", date(2021, 7, 1), date(2021, 12, 31), "Jul-Dec 2021"),
        ("2021Q2", date(2021, 4, 1), date(2021, 6, 30), "Apr-Jun 2021"),
        ("202102", date(2021, 2, 1), date(2021, 2, 28), "Feb 2021"),
        ("2018-01-01/2021-06-30", date(2018, 1, 1), date(2021, 6, 30), "January 2018 – June 2021"),  # noqa: RUF001 (an en dash between dates, on purpose)
    ],
)
def test_parse(text, start, end, label):
    p = parse_period(text)
    assert (p.start, p.end, p.label) == (start, end, label)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2021S3", "S1 (January-June) or S2"),
        ("2021Q5", "Q1 to Q4"),
        ("202113", "01 to 12"),
        ("2021-06-30/2021-01-01", "ends before it starts"),
        ("2021-02-30/2021-03-01", "day is out of range"),
        ("Jan 2021", "is not a period"),
        ("", "(empty) is not a period"),
        ("1800", "between 1900"),
    ],
)
def test_reject(text, message):
    with pytest.raises(ValidationError) as exc:
        parse_period(text)
    assert message in " ".join(exc.value.messages)
