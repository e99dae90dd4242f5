from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts import selectors
from forum.selectors import member_recent_threads


def profile(request: HttpRequest, display_name: str) -> HttpResponse:
    member = selectors.member_by_display_name(display_name)
    if member.display_name != display_name:
        return redirect(member, permanent=True)
    threads = member_recent_threads(member=member, viewer=request.user)
    return render(request, "accounts/profile.html", {"member": member, "threads": threads})
