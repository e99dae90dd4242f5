"""The member's notifications through the API: the same selectors and services as the web."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.pagination import (
    PAGE_PARAMETERS,
    cursor,
    page_response,
    page_size,
    paged,
    reading_cursor,
)
from notifications import selectors, services
from notifications.serializers import MarkedReadSerializer, NotificationSerializer


class NotificationList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="notifications_list",
        summary="The caller's notifications, newest first",
        parameters=PAGE_PARAMETERS,
        responses=paged(NotificationSerializer),
    )
    def get(self, request):
        with reading_cursor():
            page = selectors.member_notifications(
                member=request.user, cursor=cursor(request), size=page_size(request)
            )
        return page_response(request, page, NotificationSerializer)


class NotificationRead(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="notifications_read",
        summary="Mark one notification read",
        request=None,
        responses=NotificationSerializer,
    )
    def post(self, request, pk: int):
        notification = selectors.notification_for_member(pk=pk, member=request.user)
        services.notifications_mark_read(member=request.user, notification=notification)
        notification.refresh_from_db(fields=["read_at"])
        return Response(NotificationSerializer(notification, context={"request": request}).data)


class NotificationsReadAll(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="notifications_read_all",
        summary="Mark every notification read",
        request=None,
        responses=MarkedReadSerializer,
    )
    def post(self, request):
        return Response({"marked_read": services.notifications_mark_read(member=request.user)})
