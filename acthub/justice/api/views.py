"""Read-only endpoints of justice records, for country officers (their countries), regional MEL and admins.

Everyone else is refused at the gate (401 anonymous, 403 partner); inside it, a record outside the
user's countries is absent from lists and 404 on detail (RestrictedViewSet), and every read is audited.
"""

from __future__ import annotations

from acthub.api.permissions import roles
from acthub.api.viewsets import RestrictedViewSet
from acthub.core.access import ADMIN, COUNTRY_OFFICER, REGIONAL_MEL
from acthub.justice import filtersets
from acthub.justice.api import serializers
from acthub.justice.models import Charge, CourtCase, Defendant, DefendantCharge, Victim

JUSTICE_ROLES = (COUNTRY_OFFICER, REGIONAL_MEL, ADMIN)
JusticeRead = roles(*JUSTICE_ROLES)


class _JusticeViewSet(RestrictedViewSet):
    permission_classes = [JusticeRead]


class CourtCaseViewSet(_JusticeViewSet):
    """Trafficking court cases."""

    model = CourtCase
    serializer_class = serializers.CourtCaseSerializer
    filterset_class = filtersets.CourtCaseFilterSet
    select = ("country",)
    search_fields = ["case_number", "court"]
    ordering_fields = ["year", "charge_date", "verdict_date", "case_number"]


class ChargeViewSet(_JusticeViewSet):
    """Charges of court cases (law and article)."""

    model = Charge
    serializer_class = serializers.ChargeSerializer
    filterset_class = filtersets.ChargeFilterSet
    ordering_fields = ["law", "article"]


class DefendantViewSet(_JusticeViewSet):
    """Defendants (pseudonymous)."""

    model = Defendant
    serializer_class = serializers.DefendantSerializer
    filterset_class = filtersets.DefendantFilterSet
    ordering_fields = ["pseudonym"]


class DefendantChargeViewSet(_JusticeViewSet):
    """Verdicts and sentences per defendant and charge."""

    model = DefendantCharge
    serializer_class = serializers.DefendantChargeSerializer
    filterset_class = filtersets.DefendantChargeFilterSet
    ordering_fields = ["verdict"]


class VictimViewSet(_JusticeViewSet):
    """Victims (pseudonymous) and the victim-sensitive measures of their proceedings."""

    model = Victim
    serializer_class = serializers.VictimSerializer
    filterset_class = filtersets.VictimFilterSet
    select = ("country",)
    ordering_fields = ["pseudonym", "age_at_exploitation"]
