"""Whole pages for visitors, kept until something they show changes (in the manner of
Discourse's anonymous cache, but exact rather than a minute stale).

A page a visitor who is not signed in sees is the same for every such visitor, so the busiest
public pages (home, categories, threads) are rendered once and served from the cache until a
write changes what they show. Each cached page is keyed by versions: `ALL` (what is on every
page: members' names, categories, the directory) and the part of the site the page shows
(`LISTS` for the lists of threads, `thread:<id>` for one thread). Every save and delete of a row
these pages show bumps the versions of what it touches, through the model's signals: each app
names its models that are on these pages and the part each shows (`shown_in`); a write the
signals do not see (QuerySet.update) says so itself (`changed`). A write bumps at once and again
after its transaction commits, so a page rendered meanwhile from the old rows is never filed
under the new version. Pages also expire after `PAGE_CACHE_SECONDS`, so "5 minutes ago"
stays roughly true and a deploy's new templates show within that time.

Never cached: a signed-in member's page, a page with a message waiting for the visitor (the
"you signed out" line), any answer but a 200, one that sets a cookie or uses a CSRF token or
the session, and addresses with query parameters the view does not name. What a visitor may
see is decided by the view as always: a members-only thread answers 403 to visitors, and held,
hidden or rejected comments are not in a visitor's page, so neither is in the cache.
"""

import functools
import hashlib
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe

ALL = "all"
LISTS = "lists"
_VERSION = "pagecache:v:"
_PAGE = "pagecache:page:"
_FRAGMENT = "pagecache:fragment:"
_KEPT_MOST = 1000

# What this request has read of the versions (set while a request runs: core.apps), and what
# `kept` holds in this process.
_request = threading.local()
_kept: dict[str, tuple[float, object]] = {}

_PARTS: dict[str, tuple[Callable[..., str] | None, frozenset[str]]] = {}


def shown_in(model, part: Callable[..., str] | None = None, *, unless_only=()) -> None:
    """Rows of `model` are on visitors' cached pages: saving or deleting one changes the lists
    of threads and `part(row)` (say "thread:12"), or every page when no part is given. A save
    of only the fields in `unless_only` (a member's last sign-in) changes nothing they show.
    A model that is not named here is on no cached page."""
    _PARTS[model._meta.label_lower] = (part, frozenset(unless_only))
    post_save.connect(row_written, sender=model, dispatch_uid=f"pagecache-save-{model}")
    post_delete.connect(row_written, sender=model, dispatch_uid=f"pagecache-delete-{model}")
    for field in model._meta.many_to_many:  # a resource's topics, say
        through = field.remote_field.through
        m2m_changed.connect(relation_changed, sender=through, dispatch_uid=f"pagecache-{through}")


def changed(*parts: str) -> None:
    """Say that what `parts` show has changed (`ALL` when none is named). For writes the
    signals do not see (QuerySet.update); saves and deletes call it themselves."""
    keys = [_VERSION + part for part in parts or (ALL,)]
    _bump(keys)
    transaction.on_commit(functools.partial(_bump, keys), robust=True)


def visitor_page(part: Callable[..., str] | None = None, *, query: tuple[str, ...] = ()):
    """Serve the view's page to visitors from the cache. `part(**view_kwargs)` names the part of
    the site the page shows (the lists of threads when not given); `query` the parameters that
    change the page (others are served uncached). Members' pages are marked private."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.is_authenticated:
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True, no_cache=True)
                return response
            key = _page_key(request, part(**kwargs) if part else LISTS, query)
            cached = cache.get(key) if key else None
            if cached is not None:
                response = HttpResponse(cached["content"], status=200, headers=cached["headers"])
            else:
                response = view(request, *args, **kwargs)
                if key and _shareable(request, response):
                    cache.set(
                        key,
                        {"content": response.content, "headers": dict(response.headers)},
                        settings.PAGE_CACHE_SECONDS,
                    )
            # Browsers and proxies ask again each time (with the ETag, so often for a 304).
            patch_cache_control(response, max_age=0, must_revalidate=True)
            return response

        return wrapped

    return decorator


def _page_key(request: HttpRequest, part: str, query: tuple[str, ...]) -> str | None:
    if (
        not settings.PAGE_CACHE_SECONDS
        or request.method not in ("GET", "HEAD")
        or not set(request.GET) <= set(query)
        or len(get_messages(request))
    ):
        return None
    address = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"{_PAGE}{versions(part)}.{digest}"


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """Only what every visitor would be given: a plain 200 that made nothing of its own."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.session.modified
    )


def _versions(parts: list[str]) -> list[int]:
    """The versions of `parts`, each read once a request: later reads in the same request give
    the first one's value, which is older or the same, so what is filed under it is never
    older than the version says."""
    seen = getattr(_request, "versions", None)
    keys = [_VERSION + part for part in parts]
    found = {key: seen[key] for key in keys if seen is not None and key in seen}
    missing = [key for key in keys if key not in found]
    if missing:
        found |= cache.get_many(missing)
    for key in missing:
        if key not in found:
            # A fresh start, never a number used before: a version the cache dropped (or one
            # that never was) cannot bring back pages filed under an old value.
            cache.add(key, time.time_ns(), None)
            found[key] = cache.get(key)
    if seen is not None:
        seen.update(found)
    return [found[key] for key in keys]


def request_started(**kwargs) -> None:
    _request.versions = {}


def request_finished(**kwargs) -> None:
    _request.versions = None


def _bump(keys: list[str]) -> None:
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, time.time_ns(), None)


# -- The signals ---------------------------------------------------------------------------------


def row_written(sender, instance=None, update_fields=None, **kwargs) -> None:
    """post_save and post_delete of the models named by `shown_in`."""
    part, unless_only = _PARTS[sender._meta.label_lower]
    if update_fields is not None and update_fields <= unless_only:
        return
    if part is None:
        changed(ALL)
        return
    changed(LISTS, part(instance))


def relation_changed(action: str, **kwargs) -> None:
    if action.startswith("post_"):
        changed(ALL)


def migrated(**kwargs) -> None:
    changed(ALL)


def kept(name: str, compute: Callable[[], object]):
    """`compute()`, kept in this process's memory under `name` while `ALL`'s version stays
    (nothing on every page has changed) and for at most `PAGE_CACHE_SECONDS`: for a small read
    that every page makes, such as the directory's entries beside a category's threads. No
    round trip to the cache beyond the version, which the page has read already."""
    if not settings.PAGE_CACHE_SECONDS:
        return compute()
    key = f"{_versions([ALL])[0]}:{name}"
    now = time.monotonic()
    stored = _kept.get(key)
    if stored is None or stored[0] < now:
        if len(_kept) >= _KEPT_MOST:
            _kept.clear()  # old versions' entries, mostly: start again rather than grow
        stored = _kept[key] = (now + settings.PAGE_CACHE_SECONDS, compute())
    return stored[1]


# -- Shared fragments ----------------------------------------------------------------------------


def versions(part: str) -> str:
    """The versions of `ALL` and `part` as they are now, for `shared_fragments`. Read them
    before the rows the fragments are drawn from: a write that commits between the two then
    leaves newer rows under older versions (harmless), never older rows under the new ones."""
    if not settings.PAGE_CACHE_SECONDS:
        return ""
    return ".".join(str(number) for number in _versions([ALL, part]))


def shared_fragments(
    template: str,
    items: list,
    *,
    name: str,
    versions: str,
    variant: Callable[..., str] | None = None,
) -> None:
    """Set `item.shared_html` on each of `items`: `template` rendered with the item as `name`
    and nothing else (no request, no viewer, so the same for everyone who may see the item),
    from the cache while `versions` (from `versions()`, read before the items were) are those
    it was rendered under. `variant(item)`, when given, names what of the item the viewer
    changes (may they react, did they): one copy for each. What one member's page renders, the
    next member's page reuses: a thread's rows and comments are drawn once, however many people
    read them. One read of the cache a page, and one write when something was drawn."""
    if not settings.PAGE_CACHE_SECONDS:
        for item in items:
            item.shared_html = render_to_string(template, {name: item})
        return
    if not items:
        return
    keys = {
        item.pk: f"{_FRAGMENT}{template}:{versions}:{item.pk}"
        + (f":{variant(item)}" if variant else "")
        for item in items
    }
    found = cache.get_many(list(keys.values()))
    rendered = {}
    for item in items:
        html = found.get(keys[item.pk])
        if html is None:
            html = rendered[keys[item.pk]] = render_to_string(template, {name: item})
        item.shared_html = mark_safe(html)  # noqa: S308 - the template escaped what it drew
    if rendered:
        cache.set_many(rendered, settings.PAGE_CACHE_SECONDS)
