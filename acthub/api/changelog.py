"""The change log endpoint: every create, update and delete, for regional MEL and admin only.

Who may call it is decided by role (anonymous users get 401, other roles 403); which rows they read
follows the records the rows describe (`ObjectChange.objects.restrict`, acthub.core.access): a MEL
user scoped to some countries reads the changes of those countries' records only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.throttling import UserRateThrottle

from acthub.audit.models import ObjectChange
from acthub.core.access import REGIONAL, role_of

CHANGE_LOG_ROLES = frozenset(REGIONAL)


class CanReadChangeLog(permissions.BasePermission):
    """Regional MEL and admin read the change log; nobody else does."""

    message = _("Only regional MEL and administrators may read the change log.")
    acthub_access = ("roles", tuple(sorted(CHANGE_LOG_ROLES)))

    def has_permission(self, request: Request, view: Any) -> bool:
        return role_of(request.user) in CHANGE_LOG_ROLES


class ObjectChangeSerializer(serializers.ModelSerializer):
    """One change of one record: who, when, through what, and the record before and after."""

    url = serializers.HyperlinkedIdentityField(view_name="v1:objectchange-detail")
    record_type = serializers.SerializerMethodField(help_text="app_label.model of the changed record.")
    changed_fields = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ObjectChange
        fields = [
            "id",
            "url",
            "time",
            "user_name",
            "via",
            "request_id",
            "action",
            "record_type",
            "object_id",
            "object_repr",
            "changed_fields",
            "before",
            "after",
        ]

    def get_record_type(self, obj: ObjectChange) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"


class ObjectChangeFilterSet(filters.FilterSet):
    """Changes by action, record type and id, user name, request and time."""

    record_type = filters.CharFilter(method="filter_record_type", help_text=_("app_label.model, e.g. program.project."))
    time = filters.IsoDateTimeFromToRangeFilter(help_text=_("Changes from time_after to time_before (ISO 8601)."))

    class Meta:
        model = ObjectChange
        fields = ["action", "record_type", "object_id", "user_name", "via", "request_id", "time"]

    def filter_record_type(self, qs: QuerySet[ObjectChange], name: str, value: str) -> QuerySet[ObjectChange]:
        app_label, _dot, model = value.lower().partition(".")
        return qs.filter(content_type__app_label=app_label, content_type__model=model)


class ChangeLogViewSet(viewsets.ReadOnlyModelViewSet):
    """The change log, latest first."""

    serializer_class = ObjectChangeSerializer
    filterset_class = ObjectChangeFilterSet
    permission_classes = [CanReadChangeLog]
    throttle_classes = [UserRateThrottle]
    lookup_value_regex = "[0-9]+"
    search_fields = ["object_repr", "user_name"]
    ordering_fields = ["time", "action"]

    def get_queryset(self) -> QuerySet[ObjectChange]:
        return ObjectChange.objects.restrict(self.request.user).select_related("content_type")
