"""Big enough to hit with a shaky hand, clear where the focus is, and readable at 200% zoom."""

import pytest
from playwright.sync_api import Page

from tests.e2e.helpers import CONTROLS, describe

MIN_TARGET = 44  # CSS pixels, WCAG 2.5.5

# Links in the running text of a post may be as small as the text (the inline exception).
IN_RUNNING_TEXT = "el => el.tagName === 'A' && el.closest('.comment-body p') !== null"

TARGET_PAGES = {
    "home": (False, "/"),
    "home-signed-in": (True, "/"),
    "category": (False, "/c/treatment/"),
    "category-signed-in": (True, "/c/treatment/"),
    "thread": (False, "{thread}"),
    "thread-signed-in": (True, "{thread}"),
    "sign-up": (False, "/accounts/signup/"),
}

FOCUS_PAGES = {
    "sign-up": (False, "/accounts/signup/"),
    "thread-signed-in": (True, "{thread}"),
}

ZOOM_PAGES = {
    "home": (False, "/"),
    "thread": (False, "{thread}"),
    "thread-signed-in": (True, "{thread}"),
    "sign-up": (False, "/accounts/signup/"),
}

_FOCUS_STYLE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {type: el.type || "", style: style.outlineStyle, width: parseFloat(style.outlineWidth)};
}"""

_WIDER_THAN_VIEWPORT = """() => {
    const limit = document.documentElement.clientWidth;
    return [...document.querySelectorAll("body *")]
        .filter(el => el.getBoundingClientRect().right > limit + 0.5)
        .slice(0, 10)
        .map(el => `<${el.tagName.toLowerCase()} class="${el.className}"> right edge at `
            + `${Math.round(el.getBoundingClientRect().right)}px`);
}"""


@pytest.fixture
def open_page(page: Page, site, sign_in, member, conversation):
    """Open one of the pages above, signed in as `member` or not."""

    def open_page(signed_in: bool, path: str) -> None:
        if signed_in:
            sign_in(page.context, member)
        page.goto(site + path.format(thread=conversation.get_absolute_url()))

    return open_page


@pytest.mark.parametrize(("signed_in", "path"), TARGET_PAGES.values(), ids=TARGET_PAGES)
def test_every_control_is_at_least_44_css_pixels_square(page: Page, open_page, signed_in, path):
    open_page(signed_in, path)
    measured, offenders = 0, []
    for control in page.locator(CONTROLS).all():
        if not control.is_visible() or control.evaluate(IN_RUNNING_TEXT):
            continue
        box = control.bounding_box()
        measured += 1
        if box["width"] < MIN_TARGET or box["height"] < MIN_TARGET:
            offenders.append(f"{describe(control)}: {box['width']:.1f} x {box['height']:.1f}")
    assert measured > 5, f"only {measured} controls found on {page.url}"
    assert not offenders, f"targets smaller than {MIN_TARGET}px on {page.url}:\n" + "\n".join(
        offenders
    )


@pytest.mark.parametrize(("signed_in", "path"), FOCUS_PAGES.values(), ids=FOCUS_PAGES)
def test_every_tab_stop_shows_a_visible_focus_outline(page: Page, open_page, signed_in, path):
    open_page(signed_in, path)
    stops, unclear = [], []
    for _ in range(100):
        page.keyboard.press("Tab")
        focus = page.evaluate(_FOCUS_STYLE)
        if focus is None:  # past the last stop, the focus leaves the page
            break
        stops.append(focus["type"])
        if focus["style"] == "none" or focus["width"] < 2:
            unclear.append(f"{page.evaluate('document.activeElement.outerHTML')[:120]}: {focus}")
    assert len(stops) > 10, f"only {len(stops)} tab stops on {page.url}"
    assert not unclear, "focus is hard to see on:\n" + "\n".join(unclear)
    if path.startswith("/accounts/signup/"):
        assert {"email", "password", "select-one", "checkbox", "submit"} <= set(stops)
    else:
        assert {"textarea", "submit"} <= set(stops)


@pytest.mark.parametrize(("signed_in", "path"), ZOOM_PAGES.values(), ids=ZOOM_PAGES)
def test_page_needs_no_sideways_scrolling_at_200_percent_zoom(
    page: Page, open_page, signed_in, path
):
    # 640 CSS pixels across is what a 1280-pixel-wide window shows at 200% zoom.
    page.set_viewport_size({"width": 640, "height": 900})
    open_page(signed_in, path)
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width, (
        f"{page.url} is {scroll_width}px wide in a {client_width}px window:\n"
        + "\n".join(page.evaluate(_WIDER_THAN_VIEWPORT))
    )
