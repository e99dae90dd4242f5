"""The admin refuses filters that would reveal a member's IP or email address a character at a
time from the result count; superusers and the ordinary filters are unaffected."""

import pytest

from forum.models import Comment

PRIVATE_LOOKUPS = [
    "/admin/forum/comment/?spam_check_ip__startswith=10.",
    "/admin/forum/reviewitem/?spam_check_ip__startswith=10.",
    "/admin/forum/comment/?spam_check_ip=10.0.0.1",
    "/admin/forum/comment/?author__email__startswith=h",
    "/admin/forum/reviewitem/?author__email__startswith=h",
    "/admin/forum/reviewitem/?flags__reporter__email__startswith=h",
    "/admin/forum/flag/?reporter__email__startswith=h",
    "/admin/forum/flag/?comment__spam_check_ip__startswith=10.",
    "/admin/forum/thread/?author__email__startswith=h",
    "/admin/forum/appeal/?comment__author__email__startswith=h",
    "/admin/audit/auditentry/?actor__email__startswith=h",
    "/admin/accounts/user/?email__startswith=h",
]


@pytest.mark.parametrize("url", PRIVATE_LOOKUPS)
def test_moderator_cannot_filter_the_admin_by_ip_or_email_address(client, moderator, thread, url):
    Comment.objects.filter(thread=thread).update(spam_check_ip="10.0.0.1")
    client.force_login(moderator)

    response = client.get(url)

    assert response.status_code == 400


def test_superuser_may_still_filter_comments_by_ip_address(client, admin_user, thread):
    Comment.objects.filter(thread=thread).update(spam_check_ip="10.0.0.1")
    client.force_login(admin_user)

    response = client.get("/admin/forum/comment/?spam_check_ip__startswith=10.")

    assert response.status_code == 200


def test_moderator_may_still_use_the_ordinary_filters(client, moderator, thread):
    client.force_login(moderator)

    assert client.get("/admin/forum/comment/?status__exact=published").status_code == 200
    assert client.get("/admin/forum/reviewitem/?status__exact=pending").status_code == 200
