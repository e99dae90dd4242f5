"""What the real-browser tests share: moving by keyboard, and asking axe about a page."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page

_axe = Axe()

# Everything a member can point at or type into.
CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea, summary"

_DESCRIBE = """el => {
    if (!el || el === document.body) return "the page itself (nothing focused)";
    const name = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim();
    const id = el.id ? "#" + el.id : "";
    return `<${el.tagName.toLowerCase()}${id}> "${name.replace(/\\s+/g, " ").slice(0, 60)}"`;
}"""


def describe(locator: Locator) -> str:
    return locator.evaluate(_DESCRIBE)


def focused(page: Page) -> str:
    """A short description of the element that has the keyboard focus."""
    return page.evaluate(f"({_DESCRIBE})(document.activeElement)")


def tab_to(page: Page, target: Locator, *, backwards: bool = False, limit: int = 60) -> None:
    """Press Tab (or Shift+Tab) until `target` has the focus, as a keyboard user would."""
    key = "Shift+Tab" if backwards else "Tab"
    target.wait_for(state="attached", timeout=5_000)
    for _ in range(limit):
        page.keyboard.press(key)
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(
        f"{limit} presses of {key} on {page.url} never reached {describe(target)}; "
        f"the focus ended on {focused(page)}. Is it focusable, visible and in the tab order?"
    )


_DUPLICATE_IDS = """() => {
    const ids = [...document.querySelectorAll("[id]")].map(el => el.id);
    return [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
}"""


def assert_accessible(page: Page) -> None:
    """axe-core finds no violation on the page as it is now, and no id is used twice.

    axe needs JavaScript: in a context with it switched off this would wait for ever.
    """
    results = _axe.run(page)
    assert results.violations_count == 0, f"axe on {page.url}:\n{results.generate_report()}"
    duplicates = page.evaluate(_DUPLICATE_IDS)
    assert not duplicates, f"ids used more than once on {page.url}: {duplicates}"
