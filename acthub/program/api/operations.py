"""Endpoints of grant operations (disbursements, milestones, reports) and governance (seats, decisions, actions).

Grant operations are for staff and the grantee partner: the models' access rules give the public
none of them and a partner only their own organisation's. Governance records follow their meeting's
body (public, or within the reader's scope for a national body's). All read-only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import serializers

from acthub.api.fields import CountryCodeField
from acthub.api.filters import IdFilter
from acthub.api.viewsets import RestrictedViewSet, visible_prefetch
from acthub.directory.api.serializers import OrganisationRefSerializer
from acthub.directory.models import Organisation
from acthub.program.models import (
    Disbursement,
    GovernanceMembership,
    GrantMilestone,
    GrantReport,
    MeetingAction,
    MeetingDecision,
)


def _grant_link() -> Any:
    return serializers.HyperlinkedRelatedField(view_name="v1:grant-detail", read_only=True)


def _meeting_link() -> Any:
    return serializers.HyperlinkedRelatedField(view_name="v1:governancemeeting-detail", read_only=True)


class DisbursementSerializer(serializers.ModelSerializer):
    """Money paid to a grantee on a date."""

    grant = _grant_link()
    currency = serializers.CharField(source="effective_currency", read_only=True)

    class Meta:
        model = Disbursement
        fields = ["id", "grant", "date", "amount", "currency", "reference", "note"]


class GrantMilestoneSerializer(serializers.ModelSerializer):
    """A deliverable of a grant with its due date and status."""

    grant = _grant_link()

    class Meta:
        model = GrantMilestone
        fields = ["id", "grant", "title", "due_date", "status", "completed_on"]


class GrantReportSerializer(serializers.ModelSerializer):
    """A report a grantee owes: due date, status and review (the file is downloaded from the site)."""

    grant = _grant_link()
    # Plain strings: "kind" names other choice sets elsewhere in the schema.
    kind = serializers.CharField(read_only=True, help_text="narrative, financial or final.")
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = GrantReport
        fields = ["id", "grant", "kind", "title", "due_date", "status", "has_file", "submitted_at", "review_comment"]

    def get_has_file(self, report: GrantReport) -> bool:
        return bool(report.file)


class MembershipSerializer(serializers.ModelSerializer):
    """A seat on a governance body, from and until a date; a member state or an organisation holds it."""

    body: serializers.HyperlinkedRelatedField[Any] = serializers.HyperlinkedRelatedField(
        view_name="v1:governancebody-detail", read_only=True
    )
    role = serializers.CharField(read_only=True, help_text="chair, co_chair or member.")
    member_state = CountryCodeField(help_text=_("ISO code of the member state holding the seat, if one does."))
    organisation = OrganisationRefSerializer(
        read_only=True, allow_null=True, help_text="Null when no organisation holds it or it is not in view."
    )

    class Meta:
        model = GovernanceMembership
        fields = ["id", "body", "role", "member_state", "organisation", "start_date", "end_date"]


class DecisionSerializer(serializers.ModelSerializer):
    """A decision a meeting took."""

    meeting = _meeting_link()

    class Meta:
        model = MeetingDecision
        fields = ["id", "meeting", "order", "text"]


class ActionSerializer(serializers.ModelSerializer):
    """An action agreed at a meeting: owner, due date, status."""

    meeting = _meeting_link()
    owner = OrganisationRefSerializer(read_only=True, allow_null=True, help_text="Null when not in view.")

    class Meta:
        model = MeetingAction
        fields = ["id", "meeting", "description", "owner", "owner_name", "due_date", "status", "closed_on"]


class GrantPartFilterSet(filters.FilterSet):
    grant = IdFilter(field_name="grant_id", help_text=_("Id of the grant."))


class DisbursementFilterSet(GrantPartFilterSet):
    class Meta:
        model = Disbursement
        fields = ["grant"]


class MilestoneFilterSet(GrantPartFilterSet):
    class Meta:
        model = GrantMilestone
        fields = ["grant", "status"]


class ReportFilterSet(GrantPartFilterSet):
    class Meta:
        model = GrantReport
        fields = ["grant", "status", "kind"]


class MembershipFilterSet(filters.FilterSet):
    body = IdFilter(field_name="body_id", help_text=_("Id of the governance body."))
    on = filters.DateFilter(method="filter_on", help_text=_("Only the seats current on this date (YYYY-MM-DD)."))

    class Meta:
        model = GovernanceMembership
        fields = ["body", "role"]

    def filter_on(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset.filter(GovernanceMembership.on(value))


class MeetingPartFilterSet(filters.FilterSet):
    meeting = IdFilter(field_name="meeting_id", help_text=_("Id of the meeting."))
    body = IdFilter(field_name="meeting__body_id", help_text=_("Id of the governance body."))


class DecisionFilterSet(MeetingPartFilterSet):
    class Meta:
        model = MeetingDecision
        fields = ["meeting", "body"]


class ActionFilterSet(MeetingPartFilterSet):
    class Meta:
        model = MeetingAction
        fields = ["meeting", "body", "status"]


class DisbursementViewSet(RestrictedViewSet):
    """Disbursements of grants (staff of the grant's country, and the grantee)."""

    model = Disbursement
    serializer_class = DisbursementSerializer
    filterset_class = DisbursementFilterSet
    select = ("grant",)
    ordering_fields = ["date", "amount"]


class GrantMilestoneViewSet(RestrictedViewSet):
    """Milestones of grants (staff of the grant's country, and the grantee)."""

    model = GrantMilestone
    serializer_class = GrantMilestoneSerializer
    filterset_class = MilestoneFilterSet
    select = ("grant",)
    ordering_fields = ["due_date", "status"]


class GrantReportViewSet(RestrictedViewSet):
    """Reports owed by grantees (staff of the grant's country, and the grantee)."""

    model = GrantReport
    serializer_class = GrantReportSerializer
    filterset_class = ReportFilterSet
    select = ("grant",)
    ordering_fields = ["due_date", "status"]


class GovernanceMembershipViewSet(RestrictedViewSet):
    """Seats on governance bodies over time (`?on=` gives those of a date)."""

    model = GovernanceMembership
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet
    select = ("body", "member_state")
    ordering_fields = ["start_date", "order"]

    def get_prefetches(self) -> list[Prefetch]:
        return [visible_prefetch("organisation", Organisation, self.request.user)]


class MeetingDecisionViewSet(RestrictedViewSet):
    """Decisions of governance meetings."""

    model = MeetingDecision
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilterSet
    select = ("meeting",)
    search_fields = ["text"]
    ordering_fields = ["order"]


class MeetingActionViewSet(RestrictedViewSet):
    """Actions agreed at governance meetings, with owner, due date and status."""

    model = MeetingAction
    serializer_class = ActionSerializer
    filterset_class = ActionFilterSet
    select = ("meeting",)
    search_fields = ["description", "owner_name"]
    ordering_fields = ["due_date", "status"]

    def get_prefetches(self) -> list[Prefetch]:
        return [visible_prefetch("owner", Organisation, self.request.user)]
