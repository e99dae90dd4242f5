"""How often the API may be called: per member, and per anonymous client (by address). The
rates are read from settings.API_THROTTLE_RATES at each request, so they can be tuned live."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from core.http import client_ip


class MemberThrottle(UserRateThrottle):
    scope = "member"

    def get_rate(self) -> str:
        return settings.API_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        if not request.user.is_authenticated:
            return None  # AnonymousThrottle counts visitors
        return super().get_cache_key(request, view)


class AnonymousThrottle(AnonRateThrottle):
    scope = "anonymous"

    def get_ident(self, request) -> str:
        # The visitor's address as every limit of the site reads it (behind the proxy too), never
        # DRF's reading of an X-Forwarded-For that any client can make up to escape.
        return client_ip(request) or "unknown"

    def get_rate(self) -> str:
        return settings.API_THROTTLE_RATES[self.scope]
