"""core.links.address makes the same address reverse() does, for every URL name the long pages
build per row, whatever the value: a row's links must not drift from the URL patterns."""

import pytest
from django.urls import reverse

from core.links import address

NAMES = [
    "Jo.Smith",
    "carer_dave",
    "Zoë-Ann",
    "Łukasz",
    "名前",
    "a",
    "90210",
    "x90210" + "08537",
]


@pytest.mark.parametrize("display_name", NAMES)
def test_a_profile_address_is_what_reverse_makes(display_name):
    assert address("accounts:profile", display_name) == reverse(
        "accounts:profile", kwargs={"display_name": display_name}
    )


@pytest.mark.parametrize("pk", [1, 42, 902100, 2**40])
@pytest.mark.parametrize(
    "name",
    [
        "forum:comment",
        "forum:comment_react",
        "forum:comment_edit",
        "forum:comment_delete",
        "forum:comment_flag",
        "forum:comment_appeal",
    ],
)
def test_a_comments_addresses_are_what_reverse_makes(name, pk):
    assert address(name, pk) == reverse(name, kwargs={"pk": pk})


@pytest.mark.parametrize("slug", ["grip-aids", "t", "newly-diagnosed-and-a-bit-overwhelmed"])
def test_thread_and_category_addresses_are_what_reverse_makes(slug):
    assert address("forum:thread", 7, slug) == reverse(
        "forum:thread", kwargs={"pk": 7, "slug": slug}
    )
    assert address("forum:category", slug) == reverse("forum:category", kwargs={"slug": slug})


@pytest.mark.parametrize(
    "name",
    [
        "forum:home",
        "forum:search",
        "resources:directory",
        "guidelines",
        "notifications:list",
        "accounts:settings",
        "account_login",
        "account_logout",
        "account_signup",
    ],
)
def test_every_pages_header_addresses_are_what_reverse_makes(name):
    assert address(name) == reverse(name)


def test_a_threads_forms_and_a_notifications_address_are_what_reverse_makes():
    for name in ("forum:thread_follow", "forum:reply"):
        assert address(name, 7, "grip-aids") == reverse(name, args=[7, "grip-aids"])
    assert address("notifications:read", 42) == reverse("notifications:read", args=[42])
