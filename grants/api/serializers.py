from rest_framework import serializers

from ..models import Application


class WardOutputSerializer(serializers.Serializer):
    name = serializers.CharField()
    ons_code = serializers.CharField()


class OrganisationOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class RoundApplicationOutputSerializer(serializers.ModelSerializer):
    """One row of a round's queue, as the grant officer's queue page shows it."""

    status_label = serializers.CharField(source="get_status_display")
    organisation = OrganisationOutputSerializer()
    wards = WardOutputSerializer(many=True)
    has_open_question = serializers.BooleanField(
        help_text="The officer has asked the group a question it has not answered yet."
    )
    declarations = serializers.IntegerField(help_text="Panel members who have declared.")
    conflicts = serializers.IntegerField(help_text="Panel members who declared a conflict.")
    scorers = serializers.IntegerField(help_text="Panel members who have scored.")

    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "status",
            "status_label",
            "organisation",
            "group_type",
            "project_title",
            "wards",
            "people_reached",
            "amount_requested",
            "amount_awarded",
            "start_date",
            "end_date",
            "submitted_at",
            "decided_at",
            "has_open_question",
            "declarations",
            "conflicts",
            "scorers",
        ]
        read_only_fields = fields
