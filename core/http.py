"""What every interface asks of a request the same way."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address, for the limits per address (sign-in, API) and the spam service.

    Behind the reverse proxy every connection comes from the proxy, so the address is read from
    the header the proxy sets (settings.TRUSTED_CLIENT_IP_HEADER, overwritten by the proxy
    whatever a client sends); a request that reaches the app without it (a monitor on the
    machine) is counted by its connection. Anything in the header that is not an address is
    ignored."""
    header = settings.TRUSTED_CLIENT_IP_HEADER
    if header:
        value = request.headers.get(header, "").strip()
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or None
