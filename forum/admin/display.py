"""How the admins show a comment: its excerpt, its link in its thread, and counted nouns."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from forum.models import Comment

EXCERPT_LENGTH = 140


def excerpt(comment: Comment) -> str:
    return Truncator(" ".join(comment.body.split())).chars(EXCERPT_LENGTH) or "(no text)"


def comment_in_context_url(comment: Comment) -> str:
    # The comment's lasting address finds whichever thread page it is on now.
    return reverse("forum:comment", kwargs={"pk": comment.pk})


def link_in_context(comment: Comment) -> str:
    return format_html('<a href="{}">{}</a>', comment_in_context_url(comment), comment.thread.title)
