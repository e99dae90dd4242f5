"""Members' pages: the public profile, and the member's own settings (profile, email
notifications, their data, closing the account)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services
from accounts.forms import DeleteAccountForm, EmailNotificationsForm, ProfileForm
from core.forms import apply_service, posted, refuse, render_form
from notifications.services import email_notifications_set

# Where allauth's two-factor pages live once allauth.mfa is installed (its URL name first).
TWO_FACTOR_PATH = "/accounts/2fa/"


def profile(request: HttpRequest, display_name: str) -> HttpResponse:
    member = selectors.member_by_display_name(display_name)
    if member.display_name != display_name:
        return redirect(member, permanent=True)
    return render(request, "accounts/profile.html", {"member": member})


def _two_factor_url() -> str:
    try:
        return reverse("mfa_index")
    except NoReverseMatch:
        return TWO_FACTOR_PATH


def _settings_page(request: HttpRequest, *, profile_form=None, email_form=None) -> HttpResponse:
    """The settings page; 400 when the form just sent has errors (it keeps what was typed)."""
    member = request.user
    profile_form = profile_form or ProfileForm(member=member)
    email_form = email_form or EmailNotificationsForm(
        initial={"email_notifications": member.email_notifications}
    )
    sent = profile_form if profile_form.is_bound else email_form
    return render_form(
        request,
        "accounts/settings.html",
        {
            "form": sent,
            "profile_form": profile_form,
            "email_form": email_form,
            "two_factor_url": _two_factor_url(),
        },
    )


# Never cached: the page shows the member's email address, the one page of ours that does.
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def settings(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(posted(request), member=request.user)
    if request.method == "POST" and form.is_valid():
        updated = apply_service(
            form, lambda: services.member_update_profile(member=request.user, **form.cleaned_data)
        )
        if updated is not None:
            messages.success(request, "Your profile is saved.")
            return redirect(f"{reverse('accounts:settings')}#profile")
    return _settings_page(request, profile_form=form)


@never_cache
@login_required
@require_POST
def settings_email(request: HttpRequest) -> HttpResponse:
    form = EmailNotificationsForm(request.POST)
    if form.is_valid():
        done = apply_service(
            form,
            lambda: email_notifications_set(
                member=request.user, choice=form.cleaned_data["email_notifications"]
            ),
        )
        if done:
            messages.success(request, "Your email choice is saved.")
            return redirect(f"{reverse('accounts:settings')}#email-notifications")
    return _settings_page(request, email_form=form)


@never_cache
@login_required
@require_POST
def settings_export(request: HttpRequest) -> HttpResponse:
    """Everything the member has given us, as a JSON file to keep."""
    data = services.member_export(member=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"mmn-community-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def settings_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(posted(request), member=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_erase(
                member=request.user, keep_comments=form.cleaned_data["comments"] == "keep"
            )
        except PermissionDenied as refusal:
            refuse(form, str(refusal))
        else:
            logout(request)
            return redirect("accounts:goodbye")
    return render_form(request, "accounts/settings_delete.html", {"form": form})


def goodbye(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/goodbye.html")
