"""Forms check the shape of what was typed; the services decide whether it may be saved."""

from django import forms

from forum.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH

MARKDOWN_HELP = (
    "You can use Markdown: **bold**, *italic*, [a link](https://example.org), "
    "a blank line for a new paragraph, and - at the start of a line for a list."
)


def body_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=BODY_MAX_LENGTH,
        help_text=MARKDOWN_HELP,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Please write something before posting."},
    )


class ThreadForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=TITLE_MAX_LENGTH,
        help_text=(
            "A short summary, for example \u201cHow long after IVIg did your grip improve?\u201d"
        ),
        error_messages={"required": "Please give the thread a title."},
    )
    body = body_field("Your message")


class CommentForm(forms.Form):
    body = body_field("Your reply")


class CommentEditForm(forms.Form):
    body = body_field("Your comment")
