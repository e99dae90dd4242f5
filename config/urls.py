from allauth.headless.spec.views import OpenAPIHTMLView
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView

from config import views
from config.api.urls import REDOC_POLICY

urlpatterns = [
    path("", include("forum.urls")),
    path("", include("accounts.urls")),
    path("", include("notifications.urls")),
    path("resources/", include("resources.urls")),
    path("accounts/", include("allauth.urls")),
    # allauth's specification page shows Redoc too (templates/api/allauth_specification.html):
    # here, ahead of allauth's own route, with the same additions to the policy as ours.
    path("_allauth/openapi.html", REDOC_POLICY(OpenAPIHTMLView.as_view())),
    path("_allauth/", include("allauth.headless.urls")),
    path("api/v1/", include("config.api.urls")),
    # The audit log's admin address before it had an app of its own, for moderators' bookmarks.
    re_path(
        r"^admin/forum/auditentry/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/audit/auditentry/%(rest)s", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path(
        "guidelines/",
        TemplateView.as_view(
            template_name="guidelines.html",
            extra_context={
                "terms_version": settings.TERMS_VERSION,
                "consent_version": settings.HEALTH_DATA_CONSENT_VERSION,
            },
        ),
        name="guidelines",
    ),
    path("healthz", views.healthz, name="healthz"),
]

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
