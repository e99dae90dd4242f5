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


class PostingForm(forms.Form):
    """What every posting form carries besides its text: a honeypot that people never see (and
    robots fill in), and the confirmation a member gives after the personal-data warning."""

    website = forms.CharField(
        required=False,
        label="Leave this empty",
        template_name="forms/honeypot.html",
    )
    confirm_personal_data = forms.BooleanField(
        required=False,
        label="Post it anyway: I understand everyone can read it",
        widget=forms.HiddenInput,
    )

    def offer_personal_data_confirmation(self) -> None:
        self.fields["confirm_personal_data"].widget = forms.CheckboxInput()

    def posting_options(self) -> dict:
        return {
            "honeypot": self.cleaned_data.get("website", ""),
            "personal_data_confirmed": bool(self.cleaned_data.get("confirm_personal_data")),
        }


class ThreadForm(PostingForm):
    field_order = ["title", "body"]
    title = forms.CharField(
        label="Title",
        max_length=TITLE_MAX_LENGTH,
        help_text=(
            "A short summary, for example \u201cHow long after IVIg did your grip improve?\u201d"
        ),
        error_messages={"required": "Please give the thread a title."},
    )
    body = body_field("Your message")


class CommentForm(PostingForm):
    body = body_field("Your reply")


class CommentEditForm(PostingForm):
    body = body_field("Your comment")
