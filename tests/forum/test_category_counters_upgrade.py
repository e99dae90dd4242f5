"""A site made before categories kept their home-page numbers upgrades with them counted from
its threads: what the home page showed before, it shows after."""

import pytest
from django.core.management import call_command

from forum import services
from forum.models import Category, ThreadVisibility


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_upgrade_counts_each_categorys_threads_for_visitors_and_for_members(
    member, other_member, category, make_reply
):
    public = services.thread_create(
        author=member, category=category, title="Grip aids that work", body="Foam tubes."
    )
    make_reply(other_member, public, "And wide pens.")
    private = services.thread_create(
        author=other_member,
        category=category,
        title="Between members",
        body="Only for us.",
        visibility=ThreadVisibility.MEMBERS,
    )
    call_command("migrate", "forum", "0013_notifications_as_structure", verbosity=0)

    call_command("migrate", verbosity=0)

    counted = Category.objects.get(pk=category.pk)
    assert (
        counted.visitor_thread_count,
        counted.visitor_comment_count,
        counted.visitor_latest_thread_id,
    ) == (1, 2, public.pk)
    assert (
        counted.member_thread_count,
        counted.member_comment_count,
        counted.member_latest_thread_id,
    ) == (2, 3, private.pk)
    empty = Category.objects.exclude(pk=category.pk).first()
    assert (empty.member_thread_count, empty.member_latest_thread_id) == (0, None)
