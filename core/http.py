"""What every interface asks of a request the same way."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address, for the limits per address (sign-in, API) and the spam service.

    Behind the reverse proxy every connection comes from the proxy, so the address is read from
    the header the proxy sets (settings.TRUSTED_CLIENT_IP_HEADER, overwritten by the proxy
    whatever a client sends), when the connection comes from the proxy
    (settings.TRUSTED_PROXY_ADDRESSES); any other request (a monitor on the machine, a client
    that found the app server's port) is counted by its connection. Anything in the header that
    is not an address is ignored."""
    header = settings.TRUSTED_CLIENT_IP_HEADER
    connected = request.META.get("REMOTE_ADDR") or None
    # Only the proxy's word is taken: a client reaching the app server some other way could
    # name any address in the header.
    if header and connected in settings.TRUSTED_PROXY_ADDRESSES:
        value = request.headers.get(header, "").strip()
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            pass
    return connected


def site_url(path: str) -> str:
    """An absolute address on the site, for a link in an email or an alert."""
    return f"{settings.SITE_URL.rstrip('/')}{path}" if path else settings.SITE_URL
