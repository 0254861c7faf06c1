"""Governance operations: who sits on a body on a date, its open actions, and closing an action."""

from __future__ import annotations

from datetime import date
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from acthub.core.access import can
from acthub.library.choices import AccessLevel
from acthub.library.models import Resource, ResourceType
from acthub.library.services import add_version, submit_resource
from acthub.library.uploads import UploadRejected, inspect_upload
from acthub.program.choices import ActionStatus
from acthub.program.models import GovernanceBody, GovernanceMeeting, GovernanceMembership, MeetingAction
from acthub.program.services._audit import save_as

MINUTES_TYPE = "minutes"  # the library resource type of meeting minutes


def members_on(body: GovernanceBody, when: date, user: Any = None) -> list[GovernanceMembership]:
    """The seats of a body current on a date (a member state's seat follows its membership dates)."""
    return list(
        GovernanceMembership.objects.restrict(user, "view")
        .filter(GovernanceMembership.on(when), body=body)
        .select_related("organisation", "member_state")
        .order_by("role", "order")
    )


def bodies_overview(user: Any) -> Any:
    """The governance bodies `user` may see, by level and country, with their meetings and open actions counted."""
    from django.db.models import Count, Q

    meetings = GovernanceMeeting.objects.restrict(user, "view").values("pk")
    actions = MeetingAction.objects.restrict(user, "view").values("pk")
    return (
        GovernanceBody.objects.restrict(user, "view")
        .select_related("country", "program")
        .annotate(
            meeting_count=Count("meetings", filter=Q(meetings__in=meetings), distinct=True),
            open_action_count=Count(
                "meetings__actions",
                filter=Q(meetings__actions__in=actions, meetings__actions__status=ActionStatus.OPEN),
                distinct=True,
            ),
        )
        .order_by("level", "country__name", "name")
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


def visible_minutes(meetings: Any, user: Any) -> set[int]:
    """The ids of the minutes (library resources) of these meetings that `user` may see."""
    return set(Resource.objects.restrict(user, "view").filter(minutes_of__in=meetings).values_list("pk", flat=True))


@transaction.atomic
def attach_minutes(
    meeting: GovernanceMeeting,
    *,
    acting_user: Any,
    upload: IO[bytes],
    file_name: str = "",
    language: str = "en",
    access_level: str = AccessLevel.INTERNAL,
) -> GovernanceMeeting:
    """Make the meeting's minutes a library resource, its file passing the library's upload checks.

    Minutes are internal unless the uploader opens them to partners or the public; all-or-nothing:
    a refused file leaves neither a resource nor a changed meeting behind.
    """
    if not can(acting_user, "change", meeting):
        raise PermissionDenied(_("You may not change this meeting."))
    if access_level not in AccessLevel.values:
        raise ValidationError({"access_level": _("%(value)r is not an access level.") % {"value": access_level}})
    try:
        inspect_upload(upload)  # before anything is written
    except UploadRejected as error:
        name = file_name or getattr(upload, "name", "") or _("The file")
        raise ValidationError({"minutes": _("%(name)s: %(reason)s") % {"name": name, "reason": error}}) from None
    body = meeting.body
    resource = submit_resource(
        acting_user=acting_user,
        title=_("Minutes: %(meeting)s") % {"meeting": meeting.title},
        type=ResourceType.objects.get_or_create(slug=MINUTES_TYPE, defaults={"name": "Meeting minutes"})[0],
        published_on=meeting.date,
        year=meeting.date.year,
        countries=[body.country] if body.country_id else [],
        languages=[language],
        access_level=access_level,
    )
    add_version(resource, acting_user=acting_user, language=language, upload=upload, file_name=file_name)
    meeting.minutes = resource
    save_as(meeting, acting_user=acting_user, via="governance")
    return meeting
