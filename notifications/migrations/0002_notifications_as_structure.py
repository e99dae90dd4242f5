"""Notifications store what happened (who, which thread and comment, the title then, the
reason), and their words are made when shown; the words of older rows stay, as fixed text,
until forum/migrations/0013 turns what it can of them into structure."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The words keep their column (message): only Django's name for the field changes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='notification',
                    name='message',
                ),
                migrations.AddField(
                    model_name='notification',
                    name='fixed_text',
                    field=models.TextField(blank=True, db_column='message', help_text='Words fixed when it was made, for a kind whose words are not made when shown (crisis support, and notifications saved before they were stored as structure).'),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name='notification',
            name='actor',
            field=models.ForeignKey(blank=True, help_text='The member who did it, when the words name them (a reply, a mention).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='notification',
            name='comment_id',
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='notification',
            name='details',
            field=models.JSONField(blank=True, default=dict, help_text='What else its kind says.'),
        ),
        migrations.AddField(
            model_name='notification',
            name='reason',
            field=models.TextField(blank=True, help_text="A moderator's reason, when one was given."),
        ),
        migrations.AddField(
            model_name='notification',
            name='thread_id',
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='notification',
            name='title',
            field=models.CharField(blank=True, help_text='What it is about, as it was called then.', max_length=300),
        ),
    ]
