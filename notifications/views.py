"""The member's notifications page, marking read, and unsubscribing from notification emails."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from notifications import emails, selectors, services
from notifications.preferences import EmailNotifications

NOTIFICATIONS_PER_PAGE = 25


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page = selectors.member_notifications(
        member=request.user, cursor=request.GET.get("cursor"), size=NOTIFICATIONS_PER_PAGE
    )
    return render(request, "notifications/notifications.html", {"page": page})


def _next_or(request: HttpRequest, fallback: str) -> str:
    """Where a small form asked to go back to, if it is on this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_for_member(pk=pk, member=request.user)
    services.notifications_mark_read(member=request.user, notification=notification)
    fallback = f"{reverse('notifications:list')}#notification-{notification.pk}"
    return redirect(_next_or(request, fallback))


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(member=request.user)
    messages.success(request, "All your notifications are marked as read.")
    return redirect("notifications:list")


# No CSRF check: RFC 8058's one-click unsubscribe is a POST from the mail provider, which has no
# cookie or form token to send. CSRF guards the authority a browser attaches by itself (the
# session cookie); this view uses none. Its only authority is the signed token in the address,
# which only the member's inbox holds, and all it can do is turn notification emails off. GET
# changes nothing (mail scanners open links), it only shows the button.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    member_id = emails.member_id_from_unsubscribe_token(token)
    if member_id is None:
        raise BadRequest(
            "This unsubscribe link is damaged or incomplete. Copy the whole link from the email, "
            "or choose how we email you in your settings once signed in."
        )
    member = get_user_model().objects.filter(pk=member_id, is_active=True).first()
    if request.method == "POST":
        if member is not None:
            services.email_notifications_set(member=member, choice=EmailNotifications.NEVER)
        return render(request, "notifications/unsubscribed.html")
    return render(request, "notifications/unsubscribe.html", {"closed": member is None})
