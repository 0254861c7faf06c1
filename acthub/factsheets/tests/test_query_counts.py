"""Query counts of the pages that read figures: the fact sheet's live draft, measured on the seed program.

A page whose number of queries grows with its figures (one query per cell) fails here long before it
is slow in production. The bounds are today's counts with a little room, not a target to reach.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from acthub.program.models import Program

pytestmark = pytest.mark.django_db


def test_scope_page_and_live_draft(client: Client, program: Program, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(60):
        assert client.get("/factsheets/REGION/").status_code == 200
    with django_assert_max_num_queries(60):
        assert client.get("/factsheets/LA/draft/json/?period=2021S1&language=en").status_code == 200
