"""The monitoring pages are reachable: ACTIP from the public navigation, the staff pages from their menu."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from acthub.accounts.choices import Role
from acthub.accounts.testing import sign_in
from acthub.api.tests.factories import GovernanceMeetingFactory
from acthub.core.testing import factories as f
from acthub.program.choices import GovernanceLevel
from acthub.program.models import MeetingAction

pytestmark = pytest.mark.django_db


def test_the_public_navigation_links_the_actip_heat_map() -> None:
    f.ProgramFactory(slug="asean-act")
    html = Client().get("/actip/").content.decode()
    assert '<a href="/actip/" aria-current="page">' in html


def test_staff_pages_carry_the_monitoring_menu(users: dict[str, Any]) -> None:
    f.ProgramFactory(slug="asean-act")
    html = sign_in(Client(), users["mel"]).get("/staff/grants/").content.decode()
    for href in ("/staff/actip/", "/staff/grants/", "/staff/governance/"):
        assert f'href="{href}"' in html


def test_governance_index_lists_the_bodies_in_scope_with_counts(
    users: dict[str, Any], country_a: Any, country_b: Any
) -> None:
    program = f.ProgramFactory(slug="asean-act")
    rpsc = f.GovernanceBodyFactory(program=program, level=GovernanceLevel.REGIONAL, country=None, name="RPSC")
    npsc_kh = f.GovernanceBodyFactory(
        program=program, level=GovernanceLevel.NATIONAL, country=country_b, name="NPSC Cambodia"
    )
    meeting = GovernanceMeetingFactory(body=rpsc, date=date(2025, 11, 20))
    GovernanceMeetingFactory(body=rpsc, date=date(2025, 5, 20))
    MeetingAction.objects.create(meeting=meeting, description="Open one", owner_name="Secretariat")
    MeetingAction.objects.create(
        meeting=meeting, description="Done one", owner_name="Host", status="done", closed_on=date(2025, 11, 21)
    )
    response = sign_in(Client(), users["officer_a"]).get("/staff/governance/")
    assert response.status_code == 200
    listed = {b.name: (b.meeting_count, b.open_action_count) for b in response.context["bodies"]}
    assert listed == {"RPSC": (2, 1), "NPSC Cambodia": (0, 0)}  # bodies are public records; actions counted open only
    html = response.content.decode()
    assert f'href="/staff/governance/{rpsc.pk}/"' in html and f'href="/staff/governance/{npsc_kh.pk}/"' in html
    partner = sign_in(Client(), f.UserFactory(role=Role.PARTNER))
    assert partner.get("/staff/governance/").status_code == 403
