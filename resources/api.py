"""The resource directory's REST endpoints, on the selectors and services the web pages use."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from resources import selectors, services
from resources.forms import DirectoryFilterForm
from resources.models import ResourceKind
from resources.serializers import (
    ResourceSerializer,
    SuggestionCreateSerializer,
    SuggestionSerializer,
)


class ResourceList(APIView):
    @extend_schema(
        operation_id="resources_list",
        summary="Published directory entries, helplines first, then by kind and name",
        parameters=[
            OpenApiParameter(
                "region",
                OpenApiTypes.STR,
                description="uk, us, eu or global; a region includes the worldwide entries.",
            ),
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                enum=ResourceKind.values,
                description="helpline, charity, government, clinical-info or research.",
            ),
            OpenApiParameter(
                "topic",
                OpenApiTypes.STR,
                description="diagnosis, treatment, "
                "daily-living, carers, research, mental-health or crisis.",
            ),
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description="Words that must all appear in the name, description or address.",
            ),
        ],
        responses=ResourceSerializer(many=True),
    )
    def get(self, request):
        # The web page's filter form: the same choices and the same messages.
        form = DirectoryFilterForm(
            request.query_params, regions=selectors.regions(), topics=selectors.topics()
        )
        if not form.is_valid():
            raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
        groups = selectors.directory(**form.filters())
        resources = [resource for group in groups for resource in group.resources]
        return Response(ResourceSerializer(resources, many=True).data)


class ResourceDetail(APIView):
    @extend_schema(operation_id="resources_retrieve", responses=ResourceSerializer)
    def get(self, request, slug: str):
        resource = selectors.resource_for_viewer(slug=slug, viewer=request.user)
        return Response(ResourceSerializer(resource).data)


class SuggestionList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="resource_suggestions_list",
        summary="The caller's own suggestions, newest first, with what became of each",
        responses=SuggestionSerializer(many=True),
    )
    def get(self, request):
        return Response(
            SuggestionSerializer(selectors.member_suggestions(request.user), many=True).data
        )

    @extend_schema(
        operation_id="resource_suggestions_create",
        summary="Suggest an organisation or link for the directory",
        description="A moderator accepts or declines it; the member is notified either way.",
        request=SuggestionCreateSerializer,
        responses={201: SuggestionSerializer},
    )
    def post(self, request):
        serializer = SuggestionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        suggestion = services.suggestion_create(member=request.user, **serializer.validated_data)
        return Response(SuggestionSerializer(suggestion).data, status=status.HTTP_201_CREATED)
