"""/api/v1/: every endpoint, the OpenAPI document, and its Swagger UI and Redoc pages (served
from our own static files)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from accounts import api as accounts_api
from forum import api as forum_api
from resources import api as resources_api

app_name = "api"

urlpatterns = [
    path("categories/", forum_api.CategoryList.as_view(), name="categories"),
    path("categories/<slug:slug>/", forum_api.CategoryDetail.as_view(), name="category"),
    path("threads/", forum_api.ThreadList.as_view(), name="threads"),
    path("threads/<int:pk>/", forum_api.ThreadDetail.as_view(), name="thread"),
    path("threads/<int:pk>/comments/", forum_api.ThreadComments.as_view(), name="thread_comments"),
    path("threads/<int:pk>/follow/", forum_api.ThreadFollow.as_view(), name="thread_follow"),
    path("search/", forum_api.SearchResults.as_view(), name="search"),
    path("comments/<int:pk>/", forum_api.CommentDetail.as_view(), name="comment"),
    path("comments/<int:pk>/flags/", forum_api.CommentFlags.as_view(), name="comment_flags"),
    path(
        "comments/<int:pk>/reactions/<str:kind>/",
        forum_api.CommentReaction.as_view(),
        name="comment_reaction",
    ),
    path("notifications/", forum_api.NotificationList.as_view(), name="notifications"),
    path(
        "notifications/read/", forum_api.NotificationsReadAll.as_view(), name="notifications_read"
    ),
    path(
        "notifications/<int:pk>/read/",
        forum_api.NotificationRead.as_view(),
        name="notification_read",
    ),
    path("resources/", resources_api.ResourceList.as_view(), name="resources"),
    path("resources/<slug:slug>/", resources_api.ResourceDetail.as_view(), name="resource"),
    path(
        "resource-suggestions/",
        resources_api.SuggestionList.as_view(),
        name="resource_suggestions",
    ),
    path("me/", accounts_api.Me.as_view(), name="me"),
    path("me/export/", accounts_api.MeExport.as_view(), name="me_export"),
    path("schema/", SpectacularAPIView.as_view(api_version="1"), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("docs/redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
