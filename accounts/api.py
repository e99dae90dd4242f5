"""The member's own account through the API: read and change it, take all of it away as JSON,
or close it. The email address appears here and nowhere else in the API."""

from django.db import transaction
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.serializers import EraseSerializer, ExportSerializer, MeSerializer, MeUpdateSerializer
from notifications.services import email_notifications_set


class Me(APIView):
    permission_classes = [IsAuthenticated]
    delete_has_body = True

    @extend_schema(
        operation_id="me_retrieve", summary="The caller's own account", responses=MeSerializer
    )
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(
        operation_id="me_update",
        summary="Change the caller's display name, role, region, bio or email notifications",
        request=MeUpdateSerializer,
        responses=MeSerializer,
    )
    def patch(self, request):
        serializer = MeUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        choice = changes.pop("email_notifications", None)
        with transaction.atomic():
            member = services.member_update_profile(member=request.user, **changes)
            if choice is not None:
                member = email_notifications_set(member=member, choice=choice)
        return Response(MeSerializer(member).data)

    @extend_schema(
        operation_id="me_destroy",
        summary="Close the caller's account and erase their personal data",
        description='Wipes the email, display name (it becomes "Former member N"), bio and '
        "settings, signs out every session and token, and keeps the member's comments "
        "anonymised or removes their words, as `comments` says. The same email can sign up "
        "again afterwards.",
        request=EraseSerializer,
        responses={204: None},
        examples=[OpenApiExample("Keep comments", value={"comments": "keep"}, request_only=True)],
    )
    def delete(self, request):
        serializer = EraseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.member_erase(
            member=request.user, keep_comments=serializer.validated_data["comments"] == "keep"
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeExport(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_export",
        summary="Everything the caller has given the community, as JSON",
        responses=ExportSerializer,
    )
    def get(self, request):
        return Response(services.member_export(member=request.user))
