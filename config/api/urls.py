"""/api/v1/: every endpoint, the OpenAPI document, and its Swagger UI and Redoc pages (served
from our own static files, under the site's Content-Security-Policy: no inline script or style)."""

from csp.constants import SELF
from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from accounts import api as accounts_api
from forum import api as forum_api
from notifications import api as notifications_api
from resources import api as resources_api

app_name = "api"

# What the documentation pages need beyond the site's Content-Security-Policy (config/settings.py),
# none of it 'unsafe-inline':
SWAGGER_UI_POLICY = csp_update(
    {
        # Swagger UI's stylesheet draws its icons (arrows, lock, copy) as data: images.
        "img-src": ["data:"],
    }
)
REDOC_POLICY = csp_update(
    {
        # Redoc writes its styles at run time, but 'unsafe-inline' is not needed for them. Its
        # styled-components put an empty <style> in the page and fill it through the CSSOM
        # (insertRule, which the policy does not govern): the empty element is allowed by the
        # hash of nothing, the first below. Its bundle also writes perfect-scrollbar's stylesheet
        # into a <style> as it loads: allowed by that stylesheet's hash, the second. A Redoc
        # upgrade that changes it shows up as a refused style in
        # tests/e2e/test_content_security_policy.py; Chromium's message gives the new hash.
        "style-src": [
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
            "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
        ],
        # Its search runs in a Worker made from a blob: URL of its own code.
        "worker-src": [SELF, "blob:"],
        # Its stylesheet draws the search icon as a data: image.
        "img-src": ["data:"],
    }
)

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
    path("notifications/", notifications_api.NotificationList.as_view(), name="notifications"),
    path(
        "notifications/read/",
        notifications_api.NotificationsReadAll.as_view(),
        name="notifications_read",
    ),
    path(
        "notifications/<int:pk>/read/",
        notifications_api.NotificationRead.as_view(),
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
    # The split view serves Swagger UI's init script as a file (docs/?script), not inline.
    path(
        "docs/",
        SWAGGER_UI_POLICY(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path(
        "docs/redoc/",
        REDOC_POLICY(SpectacularRedocView.as_view(url_name="api:schema")),
        name="redoc",
    ),
]
