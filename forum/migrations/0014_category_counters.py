"""Categories keep the numbers the home page shows (threads, comments, the latest thread; for
visitors and for members), so the home page reads them instead of counting every thread on each
visit. Filled here from the threads, as forum.services.locks.refresh_categories keeps them."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

FOR_MEMBERS = Q(status="published")
FOR_VISITORS = FOR_MEMBERS & Q(visibility="public")


def count(apps, schema_editor):
    Category = apps.get_model("forum", "Category")
    Thread = apps.get_model("forum", "Thread")
    for category_id in Category.objects.values_list("pk", flat=True):
        threads = Thread.objects.filter(category_id=category_id)
        totals = threads.aggregate(
            visitor_thread_count=Count("id", filter=FOR_VISITORS),
            visitor_comment_count=Coalesce(Sum("comment_count", filter=FOR_VISITORS), 0),
            member_thread_count=Count("id", filter=FOR_MEMBERS),
            member_comment_count=Coalesce(Sum("comment_count", filter=FOR_MEMBERS), 0),
        )
        latest = Thread.objects.filter(category=OuterRef("pk")).order_by("-last_activity_at", "-id")
        Category.objects.filter(pk=category_id).update(
            **totals,
            visitor_latest_thread=Subquery(latest.filter(FOR_VISITORS).values("pk")[:1]),
            member_latest_thread=Subquery(latest.filter(FOR_MEMBERS).values("pk")[:1]),
        )


class Migration(migrations.Migration):

    dependencies = [
        ('forum', '0013_notifications_as_structure'),
    ]

    operations = [
        # (The fields first; `count` fills them at the end.)
        migrations.AddField(
            model_name='category',
            name='member_comment_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='category',
            name='member_latest_thread',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='forum.thread'),
        ),
        migrations.AddField(
            model_name='category',
            name='member_thread_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='category',
            name='visitor_comment_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='category',
            name='visitor_latest_thread',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='forum.thread'),
        ),
        migrations.AddField(
            model_name='category',
            name='visitor_thread_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count, migrations.RunPython.noop),
    ]
