"""Whether the directory's links still open: one GET request per link, several at once.

The requests run in an asyncio event loop, so that fifty links cost about as long as the slowest
few rather than the sum of all. This module never touches the database (the ORM must not be
called from inside the event loop): it takes (id, url) pairs and returns a services.LinkCheck for
each, which the caller records from ordinary code.

GET, not HEAD, because many servers refuse or mishandle HEAD; the answer is streamed and its body
never read, so a check costs the headers only. httpx is imported when links are checked, not
when a worker starts (the admin imports this module), which keeps megabytes out of each worker.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils import timezone

from resources.models import LinkStatus
from resources.services import LinkCheck

DEFAULT_TIMEOUT = 10.0
DEFAULT_CONCURRENCY = 8
MAX_REDIRECTS = 10
HEADERS = {
    "User-Agent": "MMN-Community-LinkCheck/1.0 (+resource directory link check)",
    "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
}
# Answers that often mean "no robots" rather than "gone": only a moderator opening the link in a
# browser can tell, so they are recorded as turned away, not broken.
MAY_REFUSE_ROBOTS = {403, 405, 429}

if TYPE_CHECKING:
    import httpx

# on_result(done, total, resource_id, url, check), called as each check finishes.
OnResult = Callable[[int, int, int, str, LinkCheck], None]


def check_links(
    targets: list[tuple[int, str]],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_result: OnResult | None = None,
) -> list[tuple[int, LinkCheck]]:
    """Request every (resource_id, url) in `targets`, at most `concurrency` at a time, each
    given `timeout` seconds in all (redirects included). Returns (resource_id, check) in the
    order of `targets`; a link that fails is a result like any other, never an exception."""
    return asyncio.run(_check_all(targets, timeout, concurrency, on_result))


async def _check_all(
    targets: list[tuple[int, str]], timeout: float, concurrency: int, on_result: OnResult | None
) -> list[tuple[int, LinkCheck]]:
    import httpx

    semaphore = asyncio.Semaphore(concurrency)
    done = 0

    async def check_one(resource_id: int, url: str) -> tuple[int, LinkCheck]:
        nonlocal done
        async with semaphore:
            check = await _check(client, url, timeout)
        done += 1
        if on_result is not None:
            on_result(done, len(targets), resource_id, url, check)
        return resource_id, check

    async with httpx.AsyncClient(
        headers=HEADERS,
        timeout=timeout,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        # httpx's own pool (100 by default) must never make a request wait: that would count
        # against its timeout.
        limits=httpx.Limits(max_connections=concurrency),
    ) as client:
        return list(await asyncio.gather(*(check_one(pk, url) for pk, url in targets)))


async def _check(client: httpx.AsyncClient, url: str, timeout: float) -> LinkCheck:
    import httpx

    try:
        # httpx times each connect and read on its own; one deadline covers a link that
        # redirects several times or trickles its headers.
        async with asyncio.timeout(timeout), client.stream("GET", url) as response:
            return _answered(response)
    except (httpx.TimeoutException, TimeoutError):
        return _result(LinkStatus.TIMED_OUT, detail=f"no answer within {timeout:g} s")
    except httpx.TooManyRedirects:
        return _result(LinkStatus.BROKEN, detail=f"more than {MAX_REDIRECTS} redirects")
    except httpx.UnsupportedProtocol:
        return _result(LinkStatus.BROKEN, detail="leads to an address that is not http or https")
    except httpx.InvalidURL:
        return _result(LinkStatus.BROKEN, detail="not a valid web address")
    except httpx.ConnectError as error:
        return _result(LinkStatus.BROKEN, detail=_connect_failure(error))
    except httpx.HTTPError as error:
        return _result(
            LinkStatus.BROKEN, detail=f"request failed: {str(error) or type(error).__name__}"
        )
    except Exception as error:  # a surprise in one link must not lose the others' results
        return _result(LinkStatus.BROKEN, detail=f"check failed: {type(error).__name__}: {error}")


def _answered(response: httpx.Response) -> LinkCheck:
    import httpx

    code = response.status_code
    final_url = str(response.url) if response.history else ""
    if response.is_success and response.history:
        return _result(
            LinkStatus.REDIRECTED, code, final_url=final_url, detail=f"moved to {final_url}"
        )
    if response.is_success:
        return _result(LinkStatus.OK, code)
    # 4xx and 5xx, and a 3xx with nowhere to go: no page a member could read.
    detail = f"{code} {httpx.codes.get_reason_phrase(code)}".strip()
    status = LinkStatus.BROKEN
    if code in MAY_REFUSE_ROBOTS:
        status = LinkStatus.TURNED_AWAY
        detail += " (the site may turn away automated checks; open it in a browser)"
    if final_url:
        detail += f" at {final_url}"
    return _result(status, code, final_url=final_url, detail=detail)


def _connect_failure(error: httpx.ConnectError) -> str:
    """The cause a moderator can act on; httpx wraps it two or three exceptions deep."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, socket.gaierror):
            return "no such host (the name does not resolve)"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"certificate not accepted: {cause.verify_message}"
        if isinstance(cause, ssl.SSLError):
            return f"secure connection failed: {cause.reason or cause}"
        cause = cause.__cause__ or cause.__context__
    return f"could not connect: {error}"


def _result(
    status: str, status_code: int | None = None, *, final_url: str = "", detail: str = ""
) -> LinkCheck:
    return LinkCheck(
        status=status,
        checked_at=timezone.now(),
        status_code=status_code,
        final_url=final_url,
        detail=detail,
    )
