"""Forms check the shape of what was typed; the services decide whether it may be saved."""

from django import forms

from forum.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, FlagReason, ThreadVisibility

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

    # The text first; the confirmation, once offered, right after it and before the button.
    field_order = ["title", "body"]
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        template_name="forms/honeypot.html",
    )
    confirm_personal_data = forms.BooleanField(
        required=False,
        label="Post it anyway: I understand everyone can read it.",
        widget=forms.HiddenInput,
    )

    def offer_personal_data_confirmation(self) -> None:
        self.fields["confirm_personal_data"].widget = forms.CheckboxInput()

    def posting_options(self) -> dict:
        return {
            "honeypot": self.cleaned_data.get("website", ""),
            "personal_data_confirmed": bool(self.cleaned_data.get("confirm_personal_data")),
        }


# Who can read a thread, as its author reads the choice: each says what it means in practice.
VISIBILITY_LABELS = {
    ThreadVisibility.PUBLIC: "Everyone: visitors and search engines can read it too",
    ThreadVisibility.MEMBERS: (
        "Members only: only signed-in members can read it; visitors and search engines see "
        "neither it nor who took part"
    ),
}


class ThreadForm(PostingForm):
    # The choice after the text, before any personal-data confirmation and the button.
    field_order = ["title", "body", "visibility"]

    title = forms.CharField(
        label="Title",
        max_length=TITLE_MAX_LENGTH,
        help_text=(
            "A short summary, for example \u201cHow long after IVIg did your grip improve?\u201d"
        ),
        error_messages={"required": "Please give the thread a title."},
    )
    body = body_field("Your message")
    visibility = forms.ChoiceField(
        label="Who can read this thread?",
        choices=[(value, VISIBILITY_LABELS[value]) for value in ThreadVisibility.values],
        initial=ThreadVisibility.PUBLIC,
        # Optional: a form sent without it (an older page, a script) starts a public thread.
        required=False,
        widget=forms.RadioSelect,
        help_text=(
            "Choose members only for anything you would rather keep off the open web. "
            "It cannot be changed after posting."
        ),
    )

    def clean_visibility(self) -> str:
        return self.cleaned_data.get("visibility") or ThreadVisibility.PUBLIC


class CommentForm(PostingForm):
    body = body_field("Your reply")


class CommentEditForm(PostingForm):
    body = body_field("Your comment")


# The reasons as a member reads them when choosing: each says what it covers.
FLAG_REASON_LABELS = {
    FlagReason.SPAM: "Spam: advertising, or the same message posted again and again",
    FlagReason.HARASSMENT: "Harassment or abuse: it attacks or threatens someone",
    FlagReason.MISINFORMATION: "Medical misinformation: false or dangerous health claims",
    FlagReason.PROMOTION: "Selling or promoting treatments, products or paid services",
    FlagReason.CRISIS: (
        "Self-harm or crisis: the writer may be at risk (moderators are alerted at once)"
    ),
    FlagReason.OTHER: "Something else (please say what in the note)",
}


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why should a moderator look at this comment?",
        choices=[(value, FLAG_REASON_LABELS[value]) for value in FlagReason.values],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose a reason."},
    )
    note = forms.CharField(
        label="Anything else a moderator should know? (optional)",
        label_suffix="",
        required=False,
        max_length=1000,
        help_text="Only moderators read this. The author is not told who flagged the comment.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AppealForm(forms.Form):
    note = forms.CharField(
        label="Why should the decision be looked at again?",
        max_length=2000,
        help_text="A moderator who did not make the decision will read it. You can appeal once.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Please say why the decision should be looked at again."},
    )
