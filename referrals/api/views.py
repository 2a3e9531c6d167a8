"""The referrals API under /api/v1/: thin views that scope, call a service or selector, present.

Every read goes through referrals.selectors (another organisation's referral is a 404) and
every write through referrals.services; a service's refusal becomes a 400 or a 403 here,
never a 500.
"""

import contextlib
import uuid

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from thriving.accounts.roles import Role
from thriving.audit.services import AuditAction, audit_record, client_ip

from .. import permissions, selectors, services
from ..audit import audit_referral_created
from ..filters_referrer import ReferrerReferralFilter
from ..models import Referral, ReferralReason, Urgency
from ..workflow import Status
from .filters import CaseloadApiFilter
from .serializers import (
    CaseloadOutputSerializer,
    ReferralApiErrorSerializer,
    ReferralDetailOutputSerializer,
    ReferralListOutputSerializer,
    ReferralReasonOutputSerializer,
    ReferralSubmitInputSerializer,
)

# Keys are hashed with the user's id inside this namespace, so one client's key can never
# return another user's referral, and a key cannot collide with a web form's token.
IDEMPOTENCY_NAMESPACE = uuid.UUID("6f0d5a3e-2c1b-4b8e-9a57-3d0e8f1c2b74")
IDEMPOTENCY_KEY_MAX = 255


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


def _paginated(*, request, view, queryset, serializer_class, context=None) -> Response:
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    serializer = serializer_class(page, many=True, context=context or {})
    return paginator.get_paginated_response(serializer.data)


def _filtered(filterset_class, request, queryset):
    filterset = filterset_class(request.query_params, queryset=queryset)
    if not filterset.is_valid():
        raise exceptions.ValidationError(
            {
                field: [str(message) for message in messages]
                for field, messages in filterset.errors.items()
            }
        )
    return filterset.qs


def _submission_token(request) -> uuid.UUID | None:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return None
    if len(key) > IDEMPOTENCY_KEY_MAX:
        raise exceptions.ValidationError(
            {
                "Idempotency-Key": [
                    f"Use a key of at most {IDEMPOTENCY_KEY_MAX} characters, such as a UUID."
                ]
            }
        )
    with contextlib.suppress(ValueError):
        # One spelling per UUID: braces, letter case and hyphens do not make a new key.
        key = str(uuid.UUID(key))
    return uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{request.user.pk}:{key}")


def _referral_detail(*, user, referral_id) -> Referral:
    try:
        return selectors.referral_get(user=user, referral_id=referral_id)
    except Referral.DoesNotExist:
        raise exceptions.NotFound("There is no referral with this id that you can see.") from None


def _detail_response(request, referral: Referral, *, status_code: int) -> Response:
    show_case_notes = permissions.can_view_case_details(request.user, referral)
    if show_case_notes:
        prefetch_related_objects([referral], "notes__author")
    serializer = ReferralDetailOutputSerializer(referral, show_case_notes=show_case_notes)
    return Response(serializer.data, status=status_code)


VALIDATION_ERROR = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="The request was not valid: each field named has a list of messages saying "
    "what is wrong.",
)
NOT_SIGNED_IN = OpenApiResponse(
    response=ReferralApiErrorSerializer,
    description="No valid token or session: send `Authorization: Token <key>` or sign in.",
)
NOT_ALLOWED = OpenApiResponse(
    response=ReferralApiErrorSerializer, description="Your role does not allow this."
)
PAGE_NOT_FOUND = OpenApiResponse(
    response=ReferralApiErrorSerializer, description="There is no page with this number."
)
NOT_FOUND = OpenApiResponse(
    response=ReferralApiErrorSerializer,
    description="No such referral, or it belongs to an organisation you cannot see.",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Any string up to 255 characters, best a UUID made for this referral. "
    "Sending the same key again returns the referral the first request made (200, same body) "
    "instead of making another; the key is yours alone, and the replay ignores the body.",
)


class ReferralCollectionApi(APIView):
    """/api/v1/referrals/: GET lists referrals, POST submits one."""

    pagination_class = Pagination
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="referrals_list",
        tags=["referrals"],
        summary="List referrals",
        description="Referrers: the referrals their organisations made. Link workers and "
        "coordinators: the referrals allocated to their organisations (and, for "
        "coordinators, the borough's unallocated ones). Newest first.",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=Status.values),
        ],
        responses={
            200: ReferralListOutputSerializer(many=True),
            400: VALIDATION_ERROR,
            401: NOT_SIGNED_IN,
            403: NOT_ALLOWED,
            404: PAGE_NOT_FOUND,
        },
    )
    def get(self, request):
        user = request.user
        if user.has_role(Role.LINK_WORKER, Role.COORDINATOR):
            referrals = selectors.referrals_for(user)
        elif permissions.can_submit_referral(user):
            referrals = selectors.referrals_made_by_organisation(user)
        else:
            raise exceptions.PermissionDenied(
                "Only referrers, link workers and coordinators can list referrals."
            )
        referrals = referrals.prefetch_related("reasons").order_by("-submitted_at", "-pk")
        return _paginated(
            request=request,
            view=self,
            queryset=_filtered(ReferrerReferralFilter, request, referrals),
            serializer_class=ReferralListOutputSerializer,
        )

    @extend_schema(
        operation_id="referrals_submit",
        tags=["referrals"],
        summary="Submit a referral",
        description="The same fields and rules as the web form. Returns 201 with the new "
        "referral; with an Idempotency-Key already used, 200 with the referral that key made.",
        parameters=[IDEMPOTENCY_KEY],
        request=ReferralSubmitInputSerializer,
        responses={
            201: ReferralDetailOutputSerializer,
            200: OpenApiResponse(
                ReferralDetailOutputSerializer,
                description="A replay: the referral this Idempotency-Key already made.",
            ),
            400: VALIDATION_ERROR,
            401: NOT_SIGNED_IN,
            403: NOT_ALLOWED,
        },
    )
    def post(self, request):
        if not permissions.can_submit_referral(request.user):
            raise exceptions.PermissionDenied("Only referrers can submit referrals.")
        token = _submission_token(request)
        if token is not None:
            earlier = (
                selectors.referrals_for(request.user)
                .prefetch_related("reasons")
                .filter(submission_token=token)
                .first()
            )
            if earlier is not None:
                return _detail_response(request, earlier, status_code=status.HTTP_200_OK)

        serializer = ReferralSubmitInputSerializer(
            data=request.data, context={"user": request.user, "submission_token": token}
        )
        serializer.is_valid(raise_exception=True)
        try:
            referral = services.referral_submit(
                by=request.user, submission_token=token, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError(serializers.as_serializer_error(error)) from None
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from None

        referral = _referral_detail(user=request.user, referral_id=referral.pk)
        audit_referral_created(request, referral)
        response = _detail_response(request, referral, status_code=status.HTTP_201_CREATED)
        response["Location"] = reverse("api:referral_detail", args=[referral.pk])
        return response


class ReferralDetailApi(APIView):
    @extend_schema(
        operation_id="referrals_retrieve",
        tags=["referrals"],
        summary="One referral",
        description="A referral you can see. Referrers never receive case notes; "
        "`case_notes` is present only for the provider's link workers and coordinators, and "
        "`outcome_summary` and `outcome` (the SNOMED CT concept to code, the closing reason and "
        "the wellbeing change) are null until the case closes. Each read is recorded in the "
        "audit log.",
        responses={200: ReferralDetailOutputSerializer, 401: NOT_SIGNED_IN, 404: NOT_FOUND},
    )
    def get(self, request, referral_id: uuid.UUID):
        referral = _referral_detail(user=request.user, referral_id=referral_id)
        audit_record(
            user=request.user,
            action=AuditAction.VIEW,
            obj=referral,
            detail="API",
            ip_address=client_ip(request),
        )
        return _detail_response(request, referral, status_code=status.HTTP_200_OK)


class CaseloadApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        operation_id="caseload_list",
        tags=["caseload"],
        summary="My caseload",
        description="The link worker's own active cases, each with its next action and "
        "when it is due; the longest-held cases first.",
        parameters=[
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=[s for s, _ in CaseloadApiFilter.STATUS_CHOICES]
            ),
            OpenApiParameter("urgency", OpenApiTypes.STR, enum=Urgency.values),
        ],
        responses={
            200: CaseloadOutputSerializer(many=True),
            400: VALIDATION_ERROR,
            401: NOT_SIGNED_IN,
            403: NOT_ALLOWED,
            404: PAGE_NOT_FOUND,
        },
    )
    def get(self, request):
        if not request.user.has_role(Role.LINK_WORKER):
            raise exceptions.PermissionDenied("Only link workers have a caseload.")
        cases = selectors.caseload_for(request.user).order_by("accepted_at", "submitted_at", "pk")
        return _paginated(
            request=request,
            view=self,
            queryset=_filtered(CaseloadApiFilter, request, cases),
            serializer_class=CaseloadOutputSerializer,
            context={"today": timezone.localdate()},
        )


class ReasonListApi(APIView):
    pagination_class = Pagination

    @extend_schema(
        operation_id="reasons_list",
        tags=["referrals"],
        summary="Reasons for referral",
        description="The taxonomy of reasons; send their codes as a referral's `reasons`.",
        responses={
            200: ReferralReasonOutputSerializer(many=True),
            401: NOT_SIGNED_IN,
            404: PAGE_NOT_FOUND,
        },
    )
    def get(self, request):
        return _paginated(
            request=request,
            view=self,
            queryset=ReferralReason.objects.filter(is_active=True).order_by(
                "position", "label", "pk"
            ),
            serializer_class=ReferralReasonOutputSerializer,
        )
