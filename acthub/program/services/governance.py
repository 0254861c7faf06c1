"""Governance operations: who sits on a body on a date, its open actions, and closing an action."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from acthub.core.access import can
from acthub.program.choices import ActionStatus
from acthub.program.models import GovernanceBody, GovernanceMembership, MeetingAction
from acthub.program.services._audit import save_as


def members_on(body: GovernanceBody, when: date, user: Any = None) -> list[GovernanceMembership]:
    """The seats of a body current on a date (a member state's seat follows its membership dates)."""
    return list(
        GovernanceMembership.objects.restrict(user, "view")
        .filter(GovernanceMembership.on(when), body=body)
        .select_related("organisation", "member_state")
        .order_by("role", "order")
    )


def open_actions(body: GovernanceBody, user: Any = None) -> list[MeetingAction]:
    """The body's actions still open, soonest due first (undated last)."""
    actions = (
        MeetingAction.objects.restrict(user, "view")
        .filter(meeting__body=body, status=ActionStatus.OPEN)
        .select_related("meeting", "owner")
    )
    return sorted(actions, key=lambda a: (a.due_date is None, a.due_date or date.max, a.pk))


@transaction.atomic
def close_action(action: MeetingAction, *, acting_user: Any, status: str, on: date) -> MeetingAction:
    """Mark an action done or dropped on a date, as a user who may change the body's records."""
    if not can(acting_user, "change", action):
        raise PermissionDenied(_("You may not change this action."))
    if status not in (ActionStatus.DONE, ActionStatus.DROPPED):
        raise ValueError(f"an action closes as done or dropped, not {status!r}")
    action.status = status
    action.closed_on = on
    save_as(action, acting_user=acting_user, via="governance")
    return action
