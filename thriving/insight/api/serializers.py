"""Output serializers of the insight API: the index's latest run and its ranked rows, with the
small-number rules applied exactly as on the page (thriving.insight.index.presenters)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..index.definitions import INDICATORS


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 0},
            {"type": "string", "enum": ["<5"]},
        ],
        "description": 'A count; 1 to 4 is given as the string "<5".',
    }
)
class SuppressedCountField(serializers.Field):
    def to_representation(self, value):
        return value


class IndexRunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    computed_at = serializers.DateTimeField()
    trigger = serializers.CharField(help_text="nightly, on_demand or system (a command).")
    duration_ms = serializers.IntegerField()
    period_start = serializers.DateTimeField()
    period_end = serializers.DateTimeField()
    ward_count = serializers.IntegerField()
    weights = serializers.DictField(
        child=serializers.FloatField(), help_text="The weight of each indicator in this run."
    )
    skipped = serializers.ListField(
        child=serializers.CharField(),
        help_text="Indicators left out because no ward had a value.",
    )


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=["need", "capacity"])
    direction = serializers.IntegerField(
        help_text="+1: a higher value means more need; -1: a lower value does. The score is "
        "z times this."
    )
    weight = serializers.FloatField()
    used = serializers.BooleanField()


class IndicatorValueSerializer(serializers.Serializer):
    value = serializers.FloatField(
        allow_null=True, help_text="The raw value; null when there is none or it is suppressed."
    )
    score = serializers.FloatField(
        allow_null=True,
        help_text="The oriented standardised score; null when the indicator was left out or "
        "the value is suppressed.",
    )
    suppressed = serializers.BooleanField(
        help_text="True when the value rests on 1 to 4 cases and is not shown."
    )


IndicatorValuesSerializer = type(
    "IndexIndicatorValuesSerializer",
    (serializers.Serializer,),
    {indicator.code: IndicatorValueSerializer() for indicator in INDICATORS},
)


class WardSerializer(serializers.Serializer):
    ons_code = serializers.CharField()
    name = serializers.CharField()
    district = serializers.CharField()


class IndexRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    ward = WardSerializer()
    population = serializers.IntegerField()
    index_value = serializers.FloatField()
    referrals = SuppressedCountField(help_text="Referrals counted (the last 365 days).")
    wellbeing_people = SuppressedCountField(help_text="People whose wellbeing change is counted.")
    indicators = IndicatorValuesSerializer()


class IndexOutputSerializer(serializers.Serializer):
    run = IndexRunSerializer(allow_null=True, help_text="Null until the index is first computed.")
    indicators = IndicatorSerializer(many=True)
    rows = IndexRowSerializer(many=True, help_text="One per ward, rank 1 first.")
