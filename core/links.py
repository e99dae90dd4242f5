"""Addresses made from ids, for the pages that list many rows: `address()` reverses each URL name
once per process (with stand-in values) and then only fills in the values, where reverse() walks
the URL patterns again for every row (a thread page of 50 comments asked it 200 times).

The values are quoted as reverse() quotes them (RFC 3986), so the address is the same string;
tests/core/test_links.py holds it to that for every URL name the pages use."""

from functools import cache
from urllib.parse import quote

from django.urls import get_script_prefix, reverse

# reverse()'s own safe characters (django.urls.resolvers).
_SAFE = "!$&'()*+,;=" + "/~:@"
# Stand-ins no real value or address contains: digits, so an int converter takes them too.
_MARKER = "90210{}8537"


@cache
def _template(name: str, count: int, prefix: str) -> str:
    # Keyed by the script prefix too, so a site served under a path gets its own template, as
    # reverse() would give it its own address. (No request here sets a URL conf of its own.)
    return reverse(name, args=[_MARKER.format(index) for index in range(count)])


def address(name: str, *args) -> str:
    """The same as reverse(name, args=args) for simple values (ids, slugs, display names)."""
    path = _template(name, len(args), get_script_prefix())
    for index, value in enumerate(args):
        path = path.replace(_MARKER.format(index), quote(str(value), safe=_SAFE), 1)
    return path
