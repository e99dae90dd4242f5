"""The admin site: Django's, closed to staff until they use two-factor authentication.

The admin shows members' suspensions, flags and held posts, so a moderator's password alone must
not open it. Every admin page goes through `ModeratorAdminSite.admin_view`: an active staff member
(superusers too) who has no authenticator app, or whose session never proved it, is sent to a page
that explains why and links to the setup; everyone else meets Django's usual checks. The admin has
no sign-in form of its own: /admin/login/ hands over to allauth's, which asks for the code.
"""

from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from accounts import mfa


class ModeratorAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and self._two_factor_satisfied(request)

    def needs_two_factor(self, request: HttpRequest) -> bool:
        """Active staff who would be let in, but for the second factor."""
        return super().has_permission(request) and not self._two_factor_satisfied(request)

    def _two_factor_satisfied(self, request: HttpRequest) -> bool:
        # Asked several times a page (each view, the page's context): one query a request.
        if not hasattr(request, "_two_factor_satisfied"):
            request._two_factor_satisfied = mfa.two_factor_satisfied(request)
        return request._two_factor_satisfied

    def admin_view(self, view, cacheable=False):
        checked = super().admin_view(view, cacheable)

        @wraps(checked)
        def inner(request, *args, **kwargs):
            if self.needs_two_factor(request):
                return self._to_two_factor_page(request, request.get_full_path())
            return checked(request, *args, **kwargs)

        return never_cache(inner)

    def get_urls(self):
        return [
            path("two-factor/", self.two_factor_required, name="two_factor_required"),
            *super().get_urls(),
        ]

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """Django's admin sign-in form takes a password alone; allauth's asks for the code."""
        next_url = self._admin_path_or_index(request, request.GET.get("next"))
        if not request.user.is_authenticated:
            return redirect_to_login(next_url, resolve_url(settings.LOGIN_URL))
        if self.has_permission(request):
            return HttpResponseRedirect(next_url)
        if self.needs_two_factor(request):
            return self._to_two_factor_page(request, next_url)
        raise PermissionDenied("The admin is for the community's moderators.")

    @method_decorator(never_cache)
    def two_factor_required(self, request: HttpRequest) -> HttpResponse:
        """Why the admin did not open, and the one step that opens it."""
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
        next_url = self._admin_path_or_index(request, request.GET.get("next"))
        if self.has_permission(request):
            return HttpResponseRedirect(next_url)
        if not self.needs_two_factor(request):
            raise PermissionDenied("The admin is for the community's moderators.")
        return render(
            request,
            "admin/two_factor_required.html",
            {"has_two_factor": mfa.has_two_factor(request.user), "next_url": next_url},
        )

    def _to_two_factor_page(self, request: HttpRequest, next_url: str) -> HttpResponseRedirect:
        url = reverse("admin:two_factor_required", current_app=self.name)
        return redirect_to_login(next_url, url)

    def _admin_path_or_index(self, request: HttpRequest, url: str | None) -> str:
        index = reverse("admin:index", current_app=self.name)
        safe = url and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return url if safe and url.startswith(index) else index
