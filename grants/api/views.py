"""The grants API: thin views over the selectors."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission, IsAuthenticated

from .. import permissions, selectors
from ..models import Application, Round
from .serializers import RoundApplicationOutputSerializer


class IsGrantOfficer(BasePermission):
    message = "Only grant officers can list a round's applications."

    def has_permission(self, request, view) -> bool:
        return permissions.is_grant_officer(request.user)


# The body of a 401, 403 or 404, so a client (and the schema's checks) knows every answer.
_ERROR = inline_serializer("GrantsApiError", fields={"detail": serializers.CharField()})


@extend_schema(
    tags=["grants"],
    summary="A round's applications, for grant officers",
    responses={
        200: RoundApplicationOutputSerializer(many=True),
        401: OpenApiResponse(_ERROR, description="No valid token or session."),
        403: OpenApiResponse(_ERROR, description="Only grant officers may list applications."),
        404: OpenApiResponse(_ERROR, description="No such round, or no such page of it."),
    },
)
class RoundApplicationList(generics.ListAPIView):
    """Every submitted application in a round, by stage then oldest first, paginated."""

    permission_classes = [IsAuthenticated, IsGrantOfficer]
    serializer_class = RoundApplicationOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Application.objects.none()
        try:
            round_ = selectors.rounds_for(self.request.user).get(pk=self.kwargs["round_id"])
        except Round.DoesNotExist:
            raise Http404("No such round") from None
        return selectors.round_queue(user=self.request.user, round_=round_)
