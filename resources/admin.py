"""Curating the resource directory: entries, members' suggestions, topics and regions.

Every change to an entry or a suggestion goes through resources.services, so it is checked,
audited and (for suggestions) told to the member exactly as the rest of the site does it. A
refusal from a service becomes a form error or an admin message, never an error page.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.timesince import timesince

from core.admin import (
    ModerationActionsMixin,
    PrivateLookupsRefusedMixin,
    ReadOnlyRecordsMixin,
    ReasonForm,
    WaitingFirstFilter,
)
from resources import linkcheck, services
from resources.models import (
    LINK_NEEDS_ATTENTION,
    LinkStatus,
    Region,
    Resource,
    ResourceSuggestion,
    SuggestionStatus,
    Topic,
)

# A moderator waits for these checks on the page: a handful, each at most linkcheck's timeout.
RECHECK_AT_MOST = 20
ENTRY_FIELDS = ["name", "slug", "url", "kind", "regions", "topics", "description", "is_published"]
CHECKBOXES = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
# Set by the link checker (resources.services.link_check_record), never by hand.
LINK_CHECK_FIELDS = [
    "link_status",
    "link_status_code",
    "link_detail",
    "link_final_url",
    "link_checked_at",
    "last_verified_at",
]
DECLINE_HELP = "The member who suggested it reads this, in a notification and on their page."
# Two moderators saving the same link or address at the same moment: the database refuses the
# second, after both forms passed their checks.
SAVED_MEANWHILE = (
    "Another entry with this link or address was saved at the same moment. "
    "Please check the list of resources."
)


def add_refusal(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: beside the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


def link_clash(url: str, *, other_than: Resource | None = None) -> str | None:
    """Why `url` cannot be this entry's link: another entry has it, perhaps spelt differently."""
    entry = services.resource_with_link(url, other_than=other_than)
    if entry is None:
        return None
    unpublished = "" if entry.is_published else " (unpublished)"
    return f"This link is already in the directory as \u201c{entry.name}\u201d{unpublished}."


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# -- Entries ---------------------------------------------------------------------------------------


class ResourceForm(forms.ModelForm):
    # A refusal the service gave after this form's own checks passed (another moderator saved
    # the same link at that moment); ResourceAdmin.changeform_view sets it to show the form again.
    refusal: ValidationError | None = None

    class Meta:
        model = Resource
        fields = ENTRY_FIELDS

    def clean(self):
        cleaned_data = super().clean()
        url = cleaned_data.get("url")
        # url_key is not on the form, so the form cannot see its unique constraint by itself.
        clash = link_clash(url, other_than=self.instance) if url else None
        if clash:
            self.add_error("url", clash)
        if self.refusal is not None:
            add_refusal(self, self.refusal)
        return cleaned_data


class LinkAttentionFilter(admin.SimpleListFilter):
    title = "link needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", "Published, and its last check failed or was turned away")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_published=True, link_status__in=LINK_NEEDS_ATTENTION)
        return queryset


@admin.register(Resource)
class ResourceAdmin(ModerationActionsMixin, admin.ModelAdmin):
    """Directory entries. Publishing and unpublishing are actions on the list; a failed link
    check marks an entry here and never unpublishes or deletes it."""

    class Media:
        css = {"all": ["css/admin-curation.css"]}

    form = ResourceForm
    list_display = ["name", "kind", "is_published", "link_check", "last_verified_at"]
    list_filter = [LinkAttentionFilter, "kind", "is_published", "link_status", "regions", "topics"]
    search_fields = ["name", "url", "description"]
    formfield_overrides = CHECKBOXES
    ordering = ["name"]
    noun = ("entry", "entries")
    actions = ["publish_selected", "unpublish_selected", "check_links_now"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Nobody deletes an entry here, superusers included: unpublishing keeps it, its history
        # and the suggestions that led to it, and is audited.
        return False

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ENTRY_FIELDS})]
        return [
            (
                None,
                {
                    "fields": ENTRY_FIELDS,
                    "description": "To publish or unpublish an entry, choose it on the list "
                    "of resources and use the action: the change is kept in the audit log.",
                },
            ),
            ("Link check", {"fields": [*LINK_CHECK_FIELDS, "created_at", "updated_at"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*LINK_CHECK_FIELDS, "created_at", "updated_at"]
        if obj is not None:
            readonly.append("is_published")
            # Members and other sites link to an entry's page: its address stays as it is.
            if not request.user.is_superuser:
                readonly.append("slug")
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["name"]} if obj is None else {}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "resource_refusal", None)
        if refusal is None:
            return form
        return type(form.__name__, (form,), {"refusal": refusal})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            refusal = error
        except IntegrityError:
            refusal = ValidationError(SAVED_MEANWHILE)
        # The admin's transaction has rolled back, so nothing was saved: show the moderator's
        # form again, with the service's reason as an error on it.
        request.resource_refusal = refusal
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        services.resource_save(
            actor=request.user,
            resource=obj,
            regions=form.cleaned_data["regions"],
            topics=form.cleaned_data["topics"],
            changed=form.changed_data,
        )

    def save_related(self, request, form, formsets, change):
        """Nothing to do: resource_save has set the regions and topics, and there are no
        inlines. The form's own save_m2m would write them again, past the service."""

    @admin.display(description="link check", ordering="link_status")
    def link_check(self, resource: Resource) -> str:
        text = resource.get_link_status_display()
        if resource.link_status_code:
            text += f" (HTTP {resource.link_status_code})"
        if resource.link_detail:
            text += f": {resource.link_detail}"
        if resource.link_checked_at:
            text += f", checked {timesince(resource.link_checked_at, depth=1)} ago"
        if not resource.link_needs_attention:
            return text
        return format_html(
            '<strong class="link-needs-attention"><img src="{}" alt=""> '
            "Needs attention: {}</strong>",
            static("admin/img/icon-alert.svg"),
            text,
        )

    @admin.action(description="Check the links of selected entries now", permissions=["change"])
    def check_links_now(self, request, queryset):
        """For a moderator who has fixed a link, or opened one that turned the check away: the
        same check as `manage.py check_resource_links`, for a few entries, while they wait."""
        entries = list(queryset.order_by("name")[: RECHECK_AT_MOST + 1])
        if len(entries) > RECHECK_AT_MOST:
            self.message_user(
                request,
                f"Please choose at most {RECHECK_AT_MOST} entries to check at once; "
                "`manage.py check_resource_links` checks them all.",
                messages.WARNING,
            )
            return None
        checks = linkcheck.check_links([(entry.pk, entry.url) for entry in entries])
        for entry, (_, check) in zip(entries, checks, strict=True):
            services.link_check_record(resource_id=entry.pk, url=entry.url, check=check)
            level = messages.WARNING if check.status in LINK_NEEDS_ATTENTION else messages.SUCCESS
            outcome = LinkStatus(check.status).label
            self.message_user(
                request,
                f"{entry.name}: {outcome}{f' ({check.detail})' if check.detail else ''}",
                level,
            )
        return None

    def _set_published(self, request, queryset, *, published: bool, **options):
        def apply(resource, data):
            return services.resource_set_published(
                actor=request.user, resource=resource, published=published, reason=data["reason"]
            )

        return self.confirm_and_apply(request, queryset, apply=apply, **options)

    @admin.action(description="Publish selected entries", permissions=["change"])
    def publish_selected(self, request, queryset):
        return self._set_published(
            request,
            queryset,
            published=True,
            action="publish_selected",
            title="Publish these entries?",
            done="Published",
            intro="Published entries appear in the directory and beside threads on their topics.",
        )

    @admin.action(description="Unpublish selected entries", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        return self._set_published(
            request,
            queryset,
            published=False,
            action="unpublish_selected",
            title="Unpublish these entries?",
            done="Unpublished",
            intro="Unpublished entries disappear from the directory but are kept, with their "
            "history; publish them again at any time.",
        )


# -- Suggestions -----------------------------------------------------------------------------------


class SuggestionStatusFilter(WaitingFirstFilter):
    field, status_choices, waiting = "status", SuggestionStatus, SuggestionStatus.WAITING


class ExistingEntryField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Resource) -> str:
        return obj.name if obj.is_published else f"{obj.name} (unpublished)"


def _entry_field(name: str, **kwargs) -> forms.Field:
    return Resource._meta.get_field(name).formfield(**kwargs)


class AcceptForm(forms.Form):
    existing = ExistingEntryField(
        queryset=Resource.objects.order_by("name"),
        required=False,
        label="Update an existing entry instead",
        empty_label="No: add a new entry",
        help_text="Choose an entry to update it with the details below (and publish it) "
        "instead of adding a new one.",
    )
    name = _entry_field("name")
    slug = _entry_field(
        "slug",
        required=False,
        label="Address in the directory",
        help_text="For a new entry; made from its name when left empty. An existing entry "
        "keeps its own address.",
    )
    url = _entry_field("url")
    kind = _entry_field("kind")
    regions = _entry_field("regions", widget=forms.CheckboxSelectMultiple)
    topics = _entry_field("topics", widget=forms.CheckboxSelectMultiple)
    description = _entry_field("description", widget=forms.Textarea(attrs={"rows": 5}))

    def clean(self):
        cleaned_data = super().clean()
        existing = cleaned_data.get("existing")
        url = cleaned_data.get("url")
        clash = link_clash(url, other_than=existing) if url else None
        if clash:
            if existing is None:
                clash += " Choose it under \u201cUpdate an existing entry instead\u201d."
            self.add_error("url", clash)
        if existing is None and cleaned_data.get("name"):
            slug = cleaned_data.get("slug") or services.unique_slug(cleaned_data["name"])
            if Resource.objects.filter(slug=slug).exists():
                self.add_error("slug", "Another entry has this address: please choose another.")
            cleaned_data["slug"] = slug
        return cleaned_data

    def resource(self) -> Resource:
        """The entry to accept the suggestion into, not saved: the service saves it."""
        data = self.cleaned_data
        details = {field: data[field] for field in ("name", "url", "kind", "description")}
        resource = data["existing"]
        if resource is None:
            return Resource(slug=data["slug"], **details)
        for field, value in details.items():
            setattr(resource, field, value)
        return resource


def accept_initial(suggestion: ResourceSuggestion) -> dict:
    """The accept form as the moderator first sees it: an entry with the same link, to update,
    if the directory has one (its curated details kept); else a new entry from the suggestion."""
    existing = Resource.objects.filter(url_key=suggestion.url_key).first()
    if existing is not None:
        return {
            "existing": existing,
            "name": existing.name,
            "url": existing.url,
            "kind": existing.kind,
            "regions": list(existing.regions.all()),
            "topics": list(existing.topics.all()),
            "description": existing.description,
        }
    # The description is the moderator's to write: the member's note (shown above the form) is
    # addressed to moderators and may be personal.
    return {
        "name": suggestion.name,
        "slug": services.unique_slug(suggestion.name),
        "url": suggestion.url,
    }


@admin.register(ResourceSuggestion)
class ResourceSuggestionAdmin(
    PrivateLookupsRefusedMixin, ModerationActionsMixin, ReadOnlyRecordsMixin, admin.ModelAdmin
):
    """Members' suggestions, the waiting ones first and oldest first. What the member wrote is
    read-only; a moderator accepts or declines on pages of their own. The member is shown by
    display name alone: their email address never appears here."""

    list_display = ["name", "link", "suggested_by_name", "created_at", "status"]
    list_filter = [SuggestionStatusFilter]
    list_select_related = ["suggested_by", "decided_by", "resource"]
    search_fields = ["name", "url", "note", "suggested_by__display_name"]
    fields = ["name", "link", "note", "suggested_by_name", "created_at", "status", "decision"]
    readonly_fields = ["link", "suggested_by_name", "decision"]
    ordering = ["created_at", "id"]
    noun = ("suggestion", "suggestions")
    actions = ["decline_selected"]

    def action_label(self, obj) -> str:
        return f"\u201c{obj.name}\u201d by {obj.suggested_by.display_name}"

    @admin.display(description="link")
    def link(self, suggestion: ResourceSuggestion) -> str:
        return format_html(
            '<span class="suggested-url">{}</span><br>'
            '<a href="{}" rel="noopener noreferrer" target="_blank">Open the link in a new tab</a>',
            suggestion.url,
            suggestion.url,
        )

    @admin.display(description="suggested by", ordering="suggested_by__display_name")
    def suggested_by_name(self, suggestion: ResourceSuggestion) -> str:
        return suggestion.suggested_by.display_name

    def get_fields(self, request, obj=None):
        if obj is not None and obj.status == SuggestionStatus.WAITING:
            return [field for field in self.fields if field != "decision"]
        return self.fields

    @admin.display(description="decision")
    def decision(self, suggestion: ResourceSuggestion) -> str:
        who = suggestion.decided_by.display_name if suggestion.decided_by else "A moderator"
        when = _when(suggestion.decided_at)
        if suggestion.status == SuggestionStatus.DECLINED:
            return format_html(
                "Declined by {} on {}. The reason the member read: \u201c{}\u201d",
                who,
                when,
                suggestion.decision_reason,
            )
        if suggestion.resource is None:
            return f"Added to the directory by {who} on {when}; the entry has since been deleted."
        return format_html(
            'Added to the directory by {} on {} as <a href="{}">{}</a>.',
            who,
            when,
            reverse("admin:resources_resource_change", args=[suggestion.resource_id]),
            suggestion.resource.name,
        )

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/accept/",
                self.admin_site.admin_view(self.accept_view),
                name=f"{name}_accept",
            ),
            path(
                "<path:object_id>/decline/",
                self.admin_site.admin_view(self.decline_view),
                name=f"{name}_decline",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        suggestion = self.get_object(request, unquote(object_id))
        can_decide = (
            suggestion is not None
            and suggestion.status == SuggestionStatus.WAITING
            and self.has_change_permission(request)
        )
        extra_context = {**(extra_context or {}), "can_decide": can_decide}
        return super().change_view(request, object_id, form_url, extra_context)

    def _to_decide(self, request, object_id) -> ResourceSuggestion:
        # Without an object this is "may use the decisions": a suggestion's own page is read-only.
        if not self.has_change_permission(request):
            raise PermissionDenied
        suggestion = self.get_object(request, unquote(object_id))
        if suggestion is None:
            raise Http404("No such suggestion.")
        return suggestion

    def _already_decided(self, request, suggestion: ResourceSuggestion):
        self.message_user(
            request,
            f"This suggestion has already been decided ({suggestion.get_status_display()}).",
            messages.WARNING,
        )
        return HttpResponseRedirect(
            reverse("admin:resources_resourcesuggestion_change", args=[suggestion.pk])
        )

    def _decision_page(self, request, template: str, title: str, suggestion, form):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "suggestion": suggestion,
            "form": form,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, f"admin/resources/resourcesuggestion/{template}", context)

    def accept_view(self, request, object_id):
        suggestion = self._to_decide(request, object_id)
        if request.method == "POST":
            # A suggestion decided meanwhile still reaches the service, which explains why not.
            form = AcceptForm(request.POST)
            if form.is_valid():
                try:
                    resource = services.suggestion_accept(
                        moderator=request.user,
                        suggestion=suggestion,
                        resource=form.resource(),
                        regions=form.cleaned_data["regions"],
                        topics=form.cleaned_data["topics"],
                    )
                except ValidationError as error:
                    add_refusal(form, error)
                except IntegrityError:
                    form.add_error(None, SAVED_MEANWHILE)
                else:
                    self.message_user(
                        request,
                        f"\u201c{suggestion.name}\u201d is in the directory as "
                        f"\u201c{resource.name}\u201d; the member has been told.",
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:resources_resource_change", args=[resource.pk])
                    )
        elif suggestion.status != SuggestionStatus.WAITING:
            return self._already_decided(request, suggestion)
        else:
            form = AcceptForm(initial=accept_initial(suggestion))
        title = f"Accept \u201c{suggestion.name}\u201d into the directory"
        return self._decision_page(request, "accept.html", title, suggestion, form)

    def decline_view(self, request, object_id):
        suggestion = self._to_decide(request, object_id)
        form_kwargs = {"reason_required": True, "reason_help": DECLINE_HELP}
        if request.method == "POST":
            form = ReasonForm(request.POST, **form_kwargs)
            if form.is_valid():
                try:
                    services.suggestion_decline(
                        moderator=request.user,
                        suggestion=suggestion,
                        reason=form.cleaned_data["reason"],
                    )
                except ValidationError as error:
                    add_refusal(form, error)
                else:
                    self.message_user(
                        request,
                        f"Declined \u201c{suggestion.name}\u201d; the member has been told why.",
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:resources_resourcesuggestion_changelist")
                    )
        elif suggestion.status != SuggestionStatus.WAITING:
            return self._already_decided(request, suggestion)
        else:
            form = ReasonForm(**form_kwargs)
        title = f"Decline \u201c{suggestion.name}\u201d"
        return self._decision_page(request, "decline.html", title, suggestion, form)

    @admin.action(description="Decline selected suggestions", permissions=["change"])
    def decline_selected(self, request, queryset):
        def apply(suggestion, data):
            return services.suggestion_decline(
                moderator=request.user, suggestion=suggestion, reason=data["reason"]
            )

        return self.confirm_and_apply(
            request,
            queryset,
            action="decline_selected",
            title="Decline these suggestions?",
            done="Declined",
            apply=apply,
            form_kwargs={"reason_required": True, "reason_help": DECLINE_HELP},
            intro="Each member is told their suggestion was declined, with this reason.",
        )


# -- Topics and regions ----------------------------------------------------------------------------


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Which forum categories show each topic's entries beside their threads. Topics come with
    the directory's data migration; moderators change only their categories, through the
    service, which audits it."""

    class Media:
        css = {"all": ["css/admin-curation.css"]}

    list_display = ["name", "shown_in"]
    fields = ["name", "slug", "categories"]
    readonly_fields = ["name", "slug"]
    formfield_overrides = CHECKBOXES

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        """Nothing of the topic itself changes here; save_related sets its categories."""

    def save_related(self, request, form, formsets, change):
        services.topic_set_categories(
            actor=request.user, topic=form.instance, categories=form.cleaned_data["categories"]
        )

    @admin.display(description="shown beside threads in")
    def shown_in(self, topic: Topic) -> str:
        return ", ".join(category.name for category in topic.categories.all()) or "-"


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Regions come with the directory's data migration and members' own regions map onto
    them (resources.selectors.MEMBER_REGION), so nobody changes them here."""

    list_display = ["name", "slug", "position"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
