"""An entry's page at /resources/<slug>/ itself: its name, description, kind, regions, topics
linked to the filtered directory and when its link was checked, shown as text never as
markup; a 404 for an unknown entry, and for an unpublished one unless a moderator asks."""

from datetime import UTC, datetime

import pytest

from resources.models import LinkStatus
from tests.resources.detail_page import PATH

# The entry itself --------------------------------------------------------------------------------


def test_page_shows_the_entry(client, page_of, resource):
    response = client.get(PATH)

    assert response.status_code == 200
    page = page_of(response)
    [heading] = [text for text in page.texts_of("page-heading")]
    assert heading.startswith("Infusion Helpers Network")
    assert "Volunteers who sit with you through a long infusion." in page.text
    assert "Kind Charity or support group" in page.text
    assert "For UK, Worldwide" in page.text
    website = [link for link in page.links if link["text"].startswith("Go to the website")]
    assert [link["href"] for link in website] == [resource.url]
    assert "Unpublished" not in page.text


def test_page_links_each_topic_to_the_filtered_directory(client, page_of, make_resource):
    make_resource("Two Topics", slug="two-topics", topics=("treatment", "carers"))

    page = page_of(client.get("/resources/two-topics/"))

    links = {link["text"]: link["href"] for link in page.links}
    assert links["Treatment and IVIg"] == "/resources/?topic=treatment"
    assert links["Carers"] == "/resources/?topic=carers"


def test_page_shows_when_the_link_was_checked(client, page_of, make_resource):
    make_resource(
        "Checked",
        slug="checked",
        link_status=LinkStatus.OK,
        link_checked_at=datetime(2025, 6, 2, 8, tzinfo=UTC),
        last_verified_at=datetime(2025, 6, 2, 8, tzinfo=UTC),
    )
    make_resource(
        "Broken",
        slug="broken",
        link_status=LinkStatus.BROKEN,
        link_checked_at=datetime(2025, 6, 9, 8, tzinfo=UTC),
    )

    assert "Link checked 2 Jun 2025" in page_of(client.get("/resources/checked/")).text
    broken = page_of(client.get("/resources/broken/")).text
    assert "The link did not work when we checked it on 9 Jun 2025" in broken


def test_an_unknown_entry_is_404(client, db):
    assert client.get("/resources/no-such-entry/").status_code == 404


def test_the_entry_is_shown_as_text_never_as_markup(
    client, make_resource, assert_no_active_content
):
    make_resource(
        "<script>alert(1)</script>",
        slug="markup",
        description='<img src=x onerror="alert(1)">',
    )

    response = client.get("/resources/markup/")

    assert response.status_code == 200
    assert_no_active_content(response.content.decode())


# Unpublished entries -----------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_an_unpublished_entry_is_404_for_members_and_visitors(as_viewer, resource, viewer):
    resource.is_published = False
    resource.save()

    response = as_viewer(viewer).get(PATH)

    assert response.status_code == 404
    assert "Infusion Helpers Network" not in response.content.decode()


def test_a_moderator_sees_an_unpublished_entry_marked_as_such(moderator_client, page_of, resource):
    resource.is_published = False
    resource.save()

    response = moderator_client.get(PATH)

    assert response.status_code == 200
    page = page_of(response)
    assert "Infusion Helpers Network" in page.text
    assert "Unpublished. Members cannot see this entry" in page.text
    assert ("meta", {"name": "robots", "content": "noindex"}) in page.tags
