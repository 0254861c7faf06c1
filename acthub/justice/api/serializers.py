"""Serializers of justice records. Names and identifying free text are never serialised."""

from __future__ import annotations

from rest_framework import serializers

from acthub.api.fields import CountryCodeField
from acthub.justice.models import Charge, CourtCase, Defendant, DefendantCharge, Victim

STAMPS = ["created", "last_updated"]


class CourtCaseSerializer(serializers.ModelSerializer):
    """A court case: court, stage, dates, forms of exploitation and outcome."""

    country = CountryCodeField()
    days_charge_to_verdict = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = CourtCase
        fields = [
            "id",
            "country",
            "court",
            "court_level",
            "case_number",
            "stage",
            "offence_date",
            "report_date",
            "charge_date",
            "trial_start_date",
            "verdict_date",
            "appeal_date",
            "final_ruling_date",
            "year",
            "days_charge_to_verdict",
            "exploitation_types",
            "outcome",
            "judge_trained",
            "is_synthetic",
            *STAMPS,
        ]


class ChargeSerializer(serializers.ModelSerializer):
    """A charge: the law and the article."""

    class Meta:
        model = Charge
        fields = ["id", "case", "law", "article", "description", *STAMPS]


class DefendantSerializer(serializers.ModelSerializer):
    """A defendant, pseudonymous."""

    class Meta:
        model = Defendant
        fields = ["id", "case", "pseudonym", "gender", "age_band", "nationality", "role", "is_synthetic", *STAMPS]


class DefendantChargeSerializer(serializers.ModelSerializer):
    """A defendant's verdict and sentence on one charge."""

    class Meta:
        model = DefendantCharge
        fields = ["id", "defendant", "charge", "verdict", "sentence_months", "fine", *STAMPS]


class VictimSerializer(serializers.ModelSerializer):
    """A victim, pseudonymous, with the victim-sensitive measures of the proceedings."""

    country = CountryCodeField()
    age_band = serializers.CharField(read_only=True)

    class Meta:
        model = Victim
        exclude = ["name_encrypted", "notes_encrypted", "import_job"]
