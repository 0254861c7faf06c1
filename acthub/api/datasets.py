"""`GET /api/v1/datasets/`: the public datasets of /open-data/ as JSON, each with the URL of its tidy CSV."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from acthub.api.permissions import PublicRead
from acthub.publishing import datasets


class DatasetSerializer(serializers.Serializer):
    """One public dataset, as /open-data/ lists it."""

    code = serializers.CharField()
    name = serializers.CharField()
    definition = serializers.CharField()
    unit = serializers.CharField()
    topic = serializers.CharField()
    area = serializers.CharField()
    sensitive = serializers.BooleanField()
    columns = serializers.ListField(child=serializers.CharField())
    suppression_rule = serializers.CharField()
    csv = serializers.URLField()
    synthetic = serializers.BooleanField(
        help_text="True when the figures include synthetic records (a demo instance's justice data)."
    )


class DatasetListSerializer(serializers.Serializer):
    """The list: how many datasets, and each one."""

    count = serializers.IntegerField()
    results = DatasetSerializer(many=True)


class DatasetListView(APIView):
    """Every public dataset: its definition, columns, suppression rule and the URL of its CSV."""

    permission_classes = [PublicRead]

    @extend_schema(operation_id="datasets_list", responses={200: DatasetListSerializer})
    def get(self, request: Request) -> Response:
        from acthub.justice.demo import public_demo

        demo = public_demo()
        rows = [
            {
                "code": d.code,
                "name": d.indicator.name,
                "definition": d.indicator.definition,
                "unit": d.indicator.unit,
                "topic": d.topic,
                "area": d.area,
                "sensitive": d.indicator.is_sensitive,
                "columns": d.columns,
                "suppression_rule": str(d.suppression_rule),
                "csv": request.build_absolute_uri(reverse("open_data:csv", args=[d.code])),
                "synthetic": demo and d.topic == datasets.JUSTICE,
            }
            for d in datasets.datasets()
        ]
        return Response({"count": len(rows), "results": rows})
