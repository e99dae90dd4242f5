"""The resource directory in a real browser: axe finds nothing wrong, the filters work from the
keyboard, and without JavaScript a member filters by plain links and the GET form."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, tab_to

SIGNED_OUT_PAGES = {
    "directory": ("/resources/", 200),
    "directory-filtered": ("/resources/?region=uk&topic=treatment&q=NHS", 200),
    "directory-nothing-found": ("/resources/?q=zzzzzz", 200),
    "directory-bad-filter": ("/resources/?region=mars", 400),
    "entry": ("/resources/ninds-mmn/", 200),
}


@pytest.mark.parametrize(("path", "status"), SIGNED_OUT_PAGES.values(), ids=SIGNED_OUT_PAGES)
def test_directory_page_has_no_accessibility_violations(page: Page, site, path, status):
    response = page.goto(site + path)
    assert response.status == status
    assert_accessible(page)


def test_suggestion_page_with_its_errors_and_history_has_no_accessibility_violations(
    page: Page, site, sign_in, member
):
    sign_in(page.context, member)
    page.goto(site + "/resources/suggest/")
    assert_accessible(page)

    page.get_by_label("Name of the organisation or page").fill("MDA again")
    page.get_by_label("Web address").fill("mda.org")
    page.get_by_label("Why is it useful?").fill("Care centres.")
    page.get_by_role("button", name="Send the suggestion").click()

    expect(page.get_by_text("The directory already has this link").first).to_be_visible()
    assert_accessible(page)


def test_member_filters_the_directory_by_keyboard_alone(page: Page, site):
    page.goto(site + "/resources/")
    region = page.get_by_role("combobox", name="Region")
    tab_to(page, region)
    page.keyboard.press("ArrowDown")  # "Any region" -> "UK"
    topic = page.get_by_role("combobox", name="Topic")
    tab_to(page, topic)
    page.keyboard.press("ArrowDown")  # "Any topic" -> "Diagnosis"
    page.keyboard.press("ArrowDown")  # -> "Treatment and IVIg"
    tab_to(page, page.get_by_role("button", name="Show resources"))
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{site}/resources/?q=&region=uk&kind=&topic=treatment")
    expect(page.get_by_role("heading", name="NHS: Peripheral neuropathy")).to_be_visible()
    expect(page.get_by_role("heading", name="Muscular Dystrophy Association (MDA)")).to_have_count(
        0
    )


def test_without_javascript_the_quick_filter_links_narrow_and_clear(new_context, site):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site + "/resources/")
    quick = page.get_by_role("navigation", name="Quick filters")

    quick.get_by_role("link", name="Helpline", exact=True).click()

    expect(page).to_have_url(f"{site}/resources/?kind=helpline")
    expect(page.get_by_role("heading", level=2, name="Helplines")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Charities and support groups")).to_have_count(
        0
    )

    quick.get_by_role("link", name="Helpline (chosen; choose again to remove)").click()

    expect(page).to_have_url(f"{site}/resources/")
    expect(
        page.get_by_role("heading", level=2, name="Charities and support groups")
    ).to_be_visible()
