"""The directory's filter form (GET, so a filtered list can be bookmarked), and suggestions."""

from django import forms

from resources.models import NAME_MAX_LENGTH, NOTE_MAX_LENGTH, URL_MAX_LENGTH, ResourceKind

QUERY_MAX_LENGTH = 100
QUERY_MAX_WORDS = 8


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label="Search the directory",
        required=False,
        max_length=QUERY_MAX_LENGTH,
        help_text="For example \u201cIVIg\u201d, \u201ccarers\u201d or \u201cNHS\u201d.",
        error_messages={
            "max_length": f"Please search with fewer words (up to {QUERY_MAX_LENGTH} characters)."
        },
    )
    region = forms.ChoiceField(label="Region", required=False)
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), *ResourceKind.choices],
        error_messages={"invalid_choice": "Choose a kind from the list."},
    )
    topic = forms.ChoiceField(label="Topic", required=False)

    def __init__(self, *args, regions, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Any region")] + [(r.slug, r.name) for r in regions]
        self.fields["region"].error_messages["invalid_choice"] = "Choose a region from the list."
        self.fields["topic"].choices = [("", "Any topic")] + [(t.slug, t.name) for t in topics]
        self.fields["topic"].error_messages["invalid_choice"] = "Choose a topic from the list."

    def clean_q(self) -> list[str]:
        words = self.cleaned_data["q"].split()
        if len(words) > QUERY_MAX_WORDS:
            raise forms.ValidationError(
                f"Please search with up to {QUERY_MAX_WORDS} words; fewer words find more."
            )
        return words

    def filters(self) -> dict:
        """The selector's arguments; only valid filters are applied."""
        data = getattr(self, "cleaned_data", {})
        return {
            "region": data.get("region", ""),
            "kind": data.get("kind", ""),
            "topic": data.get("topic", ""),
            "words": data.get("q", []),
        }


class SuggestionForm(forms.Form):
    name = forms.CharField(
        label="Name of the organisation or page",
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": "Please give the name of the organisation or page."},
    )
    url = forms.CharField(
        label="Web address",
        max_length=URL_MAX_LENGTH,
        help_text="Copy it from your browser's address bar, for example https://www.example.org/.",
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "url"}),
        error_messages={"required": "Please give the web address."},
    )
    note = forms.CharField(
        label="Why is it useful?",
        max_length=NOTE_MAX_LENGTH,
        help_text="A sentence or two for the moderators: who it helps, and how.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Please say in a sentence why it is useful."},
    )

    def clean_url(self) -> str:
        # "mda.org" typed without its scheme is what most people mean: the https address.
        url = self.cleaned_data["url"].strip()
        if url and "://" not in url and not url.lower().startswith(("mailto:", "javascript:")):
            url = f"https://{url}"
        return url
