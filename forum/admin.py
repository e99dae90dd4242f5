"""The moderator's home: the review queue, decisions with a reason, thread tools, appeals, flags
and the audit log.

The admin shows every forum record read-only. Each change is an admin action that calls a service
in forum.services, once per selected object, so the admin is checked, audited and notified exactly
as the site and the API are; a refusal becomes a message, never an error page.
"""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.timesince import timesince

from forum import moderation, services
from forum.models import (
    Appeal,
    AppealOutcome,
    AuditAction,
    AuditEntry,
    Category,
    Comment,
    CommentRevision,
    CommentStatus,
    Flag,
    FlagReason,
    FlagResolution,
    ReviewItem,
    Thread,
)

# A comment's held_reason keeps the reason for a rejection or hiding, so no reason may be longer.
REASON_MAX_LENGTH = Comment._meta.get_field("held_reason").max_length
EXCERPT_LENGTH = 140


def excerpt(comment: Comment) -> str:
    return Truncator(" ".join(comment.body.split())).chars(EXCERPT_LENGTH) or "(no text)"


def comment_in_context_url(comment: Comment) -> str:
    return f"{comment.thread.get_absolute_url()}#comment-{comment.pk}"


def link_in_context(comment: Comment) -> str:
    return format_html('<a href="{}">{}</a>', comment_in_context_url(comment), comment.thread.title)


def plural(count: int, singular: str, many: str) -> str:
    return f"{count} {singular if count == 1 else many}"


# -- The review queue --------------------------------------------------------------------------


def _open_flags_of_comment() -> QuerySet[Flag]:
    return Flag.objects.filter(comment=OuterRef("pk"), resolution=FlagResolution.OPEN)


def _contact_details_unseen() -> Q:
    return Q(personal_data_confirmed=True) & (
        Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=F("edited_at"))
    )


def waiting_comments() -> QuerySet[ReviewItem]:
    """Comments that wait for a moderator: held ones, those with open flags, and those whose
    author confirmed posting what looks like contact details since a moderator last looked.
    `waiting_since` is when each started waiting (its first open flag, for a flagged one)."""
    first_open_flag = _open_flags_of_comment().order_by("created_at").values("created_at")[:1]
    return (
        ReviewItem.objects.annotate(has_open_flags=Exists(_open_flags_of_comment()))
        .filter(
            Q(status=CommentStatus.PENDING) | Q(has_open_flags=True) | _contact_details_unseen()
        )
        .exclude(status=CommentStatus.REMOVED)
        .annotate(
            waiting_since=Case(
                When(status=CommentStatus.PENDING, then=F("created_at")),
                default=Coalesce(Subquery(first_open_flag), F("edited_at"), F("created_at")),
                output_field=DateTimeField(),
            )
        )
    )


def _count_by_author(queryset: QuerySet, author_field: str = "author") -> Coalesce:
    counts = (
        queryset.filter(**{author_field: OuterRef("author")})
        .order_by()
        .values(author_field)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts), 0)


def review_queue() -> QuerySet[ReviewItem]:
    """The queue as the admin lists it: each item with its thread, author, open flags and the
    author's history, in a fixed number of queries however long the queue is."""
    return (
        waiting_comments()
        .select_related("thread", "author")
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=Flag.objects.filter(resolution=FlagResolution.OPEN)
                .select_related("reporter")
                .order_by("created_at", "id"),
                to_attr="open_flags",
            )
        )
        .annotate(
            author_published=_count_by_author(
                Comment.objects.filter(status=CommentStatus.PUBLISHED)
            ),
            author_rejected=_count_by_author(Comment.objects.filter(status=CommentStatus.REJECTED)),
            author_hidden=_count_by_author(Comment.objects.filter(status=CommentStatus.HIDDEN)),
            author_flags_received=_count_by_author(Flag.objects.all(), "comment__author"),
        )
    )


def queue_summary() -> dict:
    """How many comments wait, and since when the oldest has waited."""
    return waiting_comments().aggregate(count=Count("pk"), oldest=Min("waiting_since"))


# -- Confirmation pages: the reason, and the service called for each selected object -----------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=REASON_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, reason_required: bool = False, reason_help: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = reason_required
        field.label = "Reason" if reason_required else "Reason (optional)"
        field.help_text = reason_help or "Kept in the audit log."
        field.error_messages["required"] = "Please give a reason: it is kept in the audit log."


class MoveForm(ReasonForm):
    category = forms.ModelChoiceField(
        queryset=Category.objects.order_by("position", "name"), label="Move to"
    )
    field_order = ["category", "reason"]


class ModerationActionsMixin:
    """Admin actions that confirm on a page of their own (like Django's delete confirmation), ask
    for a reason, then call a service for each selected object and report each outcome."""

    confirmation_template = "admin/moderation/confirm_action.html"
    noun = ("item", "items")

    def action_label(self, obj) -> str:
        return str(obj)

    def action_objects(self, ids: list[str]) -> QuerySet:
        # The objects as they are now, not as the list showed them: one another moderator has
        # decided meanwhile must still reach its service, which explains the refusal.
        select = self.list_select_related
        objects = self.model._default_manager.filter(pk__in=ids)
        if isinstance(select, list | tuple):
            objects = objects.select_related(*select)
        return objects.order_by("pk")

    def confirm_and_apply(
        self,
        request,
        queryset: QuerySet,
        *,
        action: str,
        title: str,
        done: str,
        apply: Callable[[object, dict], object],
        form_class: type[ReasonForm] = ReasonForm,
        form_kwargs: dict | None = None,
        intro: str = "",
    ):
        form_kwargs = form_kwargs or {}
        if request.POST.get("confirm") == "yes":
            objects = list(self.action_objects(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)))
            form = form_class(request.POST, **form_kwargs)
            if form.is_valid():
                self._apply_each(request, objects, apply, form.cleaned_data, done)
                return None
        else:
            objects = list(queryset)
            form = form_class(**form_kwargs)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "opts": self.model._meta,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "objects": [(obj.pk, self.action_label(obj)) for obj in objects],
            "form": form,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.confirmation_template, context)

    def _apply_each(self, request, objects, apply, data: dict, done: str) -> None:
        succeeded = 0
        for obj in objects:
            refusal = _refusal(apply, obj, data)
            if refusal:
                self.message_user(request, f"{self.action_label(obj)}: {refusal}", messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(request, f"{done} {plural(succeeded, *self.noun)}.", messages.SUCCESS)
        else:
            self.message_user(request, "Nothing was changed.", messages.WARNING)


def _refusal(apply, obj, data: dict) -> str | None:
    """Call the service; None if it acted, else its message for the moderator."""
    try:
        apply(obj, data)
    except ObjectDoesNotExist:
        return "It no longer exists."
    except ValidationError as error:
        return " ".join(error.messages)
    except PermissionDenied as error:
        return str(error) or "You may not do that."
    return None


# Fields a moderator must not filter by: a changelist filter such as ?spam_check_ip__startswith=10.
# or ?author__email__startswith=a would let them read a member's address a character at a time
# from the result count, even though no page shows it.
PRIVATE_LOOKUP_FIELDS = frozenset({"email", "spam_check_ip"})


def private_lookup_refused(lookup: str, request) -> bool:
    """True when `lookup` touches an email or IP address anywhere along its path and the request
    is not a superuser's."""
    if request is not None and request.user.is_superuser:
        return False
    return not PRIVATE_LOOKUP_FIELDS.isdisjoint(lookup.split(LOOKUP_SEP))


class PrivateLookupsRefusedMixin:
    """For every ModelAdmin whose records reach a member: refuse (400) filters on their email or
    IP address to anyone but a superuser."""

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        if private_lookup_refused(lookup, request):
            return False
        return super().lookup_allowed(lookup, value, request)


class ReadOnlyRecordsMixin:
    """Records are changed by the actions (services) alone; their pages are for reading."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Without an object this asks "may use the actions"; a record's own page stays read-only.
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)


# -- Comments ----------------------------------------------------------------------------------

COMMENT_FIELDS = [
    "thread",
    "author",
    "status",
    "held_reason",
    "hold_codes",
    "spam_check",
    "personal_data_confirmed",
    "created_at",
    "published_at",
    "edited_at",
    "reviewed_at",
    "reviewed_by",
    "body",
]


class CommentDecisionsMixin(ModerationActionsMixin):
    noun = ("comment", "comments")
    actions = ["approve_selected", "reject_selected", "hide_selected", "restore_selected"]

    def action_label(self, obj) -> str:
        return f"Comment {obj.pk} by {obj.author} ({obj.get_status_display().lower()})"

    def _decide(self, request, queryset, *, action, service, title, done, required, intro):
        def apply(comment, data):
            return service(moderator=request.user, comment=comment, reason=data["reason"])

        help_text = (
            "The member will read it, on the site and by email."
            if required
            else "Kept in the audit log."
        )
        return self.confirm_and_apply(
            request,
            queryset,
            action=action,
            title=title,
            done=done,
            apply=apply,
            form_kwargs={"reason_required": required, "reason_help": help_text},
            intro=intro,
        )

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve_selected(self, request, queryset):
        return self._decide(
            request,
            queryset,
            action="approve_selected",
            service=services.comment_approve,
            title="Approve these comments?",
            done="Approved",
            required=False,
            intro="Held comments are published; flagged ones stay as they are and their flags "
            "are dismissed. Approved comments count towards their author's trust.",
        )

    @admin.action(description="Reject selected comments", permissions=["change"])
    def reject_selected(self, request, queryset):
        return self._decide(
            request,
            queryset,
            action="reject_selected",
            service=services.comment_reject,
            title="Reject these comments?",
            done="Rejected",
            required=True,
            intro="Rejected comments are never published. Their authors are told why and may "
            "appeal once.",
        )

    @admin.action(description="Hide selected comments", permissions=["change"])
    def hide_selected(self, request, queryset):
        return self._decide(
            request,
            queryset,
            action="hide_selected",
            service=services.comment_hide,
            title="Hide these comments?",
            done="Hid",
            required=True,
            intro="Hidden comments leave a placeholder in their thread. Their authors are told "
            "why and may appeal once.",
        )

    @admin.action(description="Restore selected comments", permissions=["change"])
    def restore_selected(self, request, queryset):
        return self._decide(
            request,
            queryset,
            action="restore_selected",
            service=services.comment_restore,
            title="Restore these comments?",
            done="Restored",
            required=False,
            intro="Hidden or rejected comments are published again; their open flags are "
            "dismissed.",
        )


class WhyWaitingFilter(admin.SimpleListFilter):
    title = "why it is waiting"
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [
            ("held", "Held before publishing"),
            ("flagged", "Flagged by members"),
            ("spam", "Suspected spam"),
            ("contact", "Contact details"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "held":
            return queryset.filter(status=CommentStatus.PENDING)
        if value == "flagged":
            return queryset.filter(has_open_flags=True)
        if value == "spam":
            return queryset.filter(_hold_code_q(moderation.SPAM_CODES))
        if value == "contact":
            return queryset.filter(_contact_details_unseen())
        return queryset


def _hold_code_q(codes) -> Q:
    # hold_codes is a JSON list; its text holds each code in quotes on SQLite and PostgreSQL.
    query = Q()
    for code in codes:
        query |= Q(hold_codes__icontains=f'"{code!s}"')
    return query


class HoldCodeFilter(admin.SimpleListFilter):
    title = "hold reason"
    parameter_name = "hold"

    def lookups(self, request, model_admin):
        return [(code, code.label) for code in moderation.HoldCode]

    def queryset(self, request, queryset):
        if self.value() in moderation.HoldCode.values:
            return queryset.filter(_hold_code_q([self.value()]))
        return queryset


class FlagReasonFilter(admin.SimpleListFilter):
    title = "open flag reason"
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return FlagReason.choices

    def queryset(self, request, queryset):
        if self.value() in FlagReason.values:
            return queryset.filter(Exists(_open_flags_of_comment().filter(reason=self.value())))
        return queryset


@admin.register(ReviewItem)
class ReviewItemAdmin(
    PrivateLookupsRefusedMixin, CommentDecisionsMixin, ReadOnlyRecordsMixin, admin.ModelAdmin
):
    """Held, flagged and marked comments, the longest waiting first."""

    list_display = [
        "comment",
        "status",
        "reasons",
        "flags",
        "in_context",
        "author_history",
        "waiting",
    ]
    list_display_links = None
    list_filter = [WhyWaitingFilter, "status", HoldCodeFilter, FlagReasonFilter]
    list_select_related = ["thread", "author"]
    search_fields = ["body", "author__display_name", "thread__title"]
    fields = COMMENT_FIELDS

    def get_queryset(self, request):
        return review_queue()

    def get_ordering(self, request):
        return ["waiting_since", "id"]

    @admin.display(description="comment")
    def comment(self, item):
        url = reverse("admin:forum_comment_change", args=[item.pk])
        return format_html('<a href="{}">{}</a>', url, excerpt(item))

    @admin.display(description="reasons")
    def reasons(self, item):
        labels = dict(moderation.HoldCode.choices)
        lines = [labels.get(code, code) for code in item.hold_codes]
        if not lines and item.held_reason:
            lines.append(item.held_reason)
        if item.personal_data_confirmed:
            lines.append("Its author was warned it looks like contact details and posted anyway.")
        return format_html_join("", "<p>{}</p>", ((line,) for line in lines)) or "-"

    @admin.display(description="open flags")
    def flags(self, item):
        if not item.open_flags:
            return "-"
        rows = format_html_join(
            "",
            "<li>{} (by {}){}</li>",
            (
                (
                    flag.get_reason_display(),
                    flag.reporter,
                    format_html(": \u201c{}\u201d", flag.note) if flag.note else "",
                )
                for flag in item.open_flags
            ),
        )
        return format_html(
            "<strong>{}</strong><ul>{}</ul>", plural(len(item.open_flags), "flag", "flags"), rows
        )

    @admin.display(description="in its thread")
    def in_context(self, item):
        return link_in_context(item)

    @admin.display(description="author's history")
    def author_history(self, item):
        return format_html(
            "<strong>{}</strong><br>{} published, {} rejected, {} hidden, {}",
            item.author,
            item.author_published,
            item.author_rejected,
            item.author_hidden,
            plural(item.author_flags_received, "flag received", "flags received"),
        )

    @admin.display(description="waiting", ordering="waiting_since")
    def waiting(self, item):
        return timesince(item.waiting_since, depth=1)


class CommentRevisionInline(admin.TabularInline):
    model = CommentRevision
    extra = 0
    can_delete = False
    readonly_fields = ["body", "created_at", "replaced_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(
    PrivateLookupsRefusedMixin, CommentDecisionsMixin, ReadOnlyRecordsMixin, admin.ModelAdmin
):
    list_display = ["id", "thread", "author", "status", "created_at", "edited_at"]
    list_filter = ["status", "thread__category", "created_at"]
    search_fields = ["body", "author__display_name", "thread__title"]
    list_select_related = ["thread", "author"]
    date_hierarchy = "created_at"
    fields = [*COMMENT_FIELDS, "in_context"]
    readonly_fields = ["in_context"]
    inlines = [CommentRevisionInline]
    ordering = ["-created_at"]

    @admin.display(description="in its thread")
    def in_context(self, comment):
        return link_in_context(comment)


# -- Threads -----------------------------------------------------------------------------------


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "moderators_only_posting"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Thread)
class ThreadAdmin(
    PrivateLookupsRefusedMixin, ModerationActionsMixin, ReadOnlyRecordsMixin, admin.ModelAdmin
):
    list_display = [
        "title",
        "category",
        "author",
        "status",
        "is_pinned",
        "is_locked",
        "comment_count",
        "last_activity_at",
    ]
    list_filter = ["status", "category", "is_pinned", "is_locked", "created_at"]
    search_fields = ["title", "author__display_name"]
    list_select_related = ["category", "author"]
    date_hierarchy = "created_at"
    fields = [
        "title",
        "category",
        "author",
        "status",
        "is_pinned",
        "is_locked",
        "created_at",
        "last_activity_at",
        "comment_count",
        "slug",
    ]
    ordering = ["-last_activity_at"]
    noun = ("thread", "threads")
    actions = [
        "lock_selected",
        "unlock_selected",
        "pin_selected",
        "unpin_selected",
        "move_selected",
    ]

    def action_label(self, obj) -> str:
        return f"\u201c{obj.title}\u201d in {obj.category}"

    def _set(self, request, queryset, *, action: str, tool: str, title: str, done: str):
        def apply(thread, data):
            return services.thread_set(
                moderator=request.user, thread=thread, action=tool, reason=data["reason"]
            )

        return self.confirm_and_apply(
            request, queryset, action=action, title=title, done=done, apply=apply
        )

    @admin.action(description="Lock selected threads", permissions=["change"])
    def lock_selected(self, request, queryset):
        return self._set(
            request,
            queryset,
            action="lock_selected",
            tool=AuditAction.LOCK,
            title="Lock these threads?",
            done="Locked",
        )

    @admin.action(description="Unlock selected threads", permissions=["change"])
    def unlock_selected(self, request, queryset):
        return self._set(
            request,
            queryset,
            action="unlock_selected",
            tool=AuditAction.UNLOCK,
            title="Unlock these threads?",
            done="Unlocked",
        )

    @admin.action(description="Pin selected threads", permissions=["change"])
    def pin_selected(self, request, queryset):
        return self._set(
            request,
            queryset,
            action="pin_selected",
            tool=AuditAction.PIN,
            title="Pin these threads?",
            done="Pinned",
        )

    @admin.action(description="Unpin selected threads", permissions=["change"])
    def unpin_selected(self, request, queryset):
        return self._set(
            request,
            queryset,
            action="unpin_selected",
            tool=AuditAction.UNPIN,
            title="Unpin these threads?",
            done="Unpinned",
        )

    @admin.action(description="Move selected threads to another category", permissions=["change"])
    def move_selected(self, request, queryset):
        def apply(thread, data):
            return services.thread_move(
                moderator=request.user,
                thread=thread,
                category=data["category"],
                reason=data["reason"],
            )

        return self.confirm_and_apply(
            request,
            queryset,
            action="move_selected",
            title="Move these threads?",
            done="Moved",
            apply=apply,
            form_class=MoveForm,
        )


# -- Flags, appeals and the audit log ----------------------------------------------------------


@admin.register(Flag)
class FlagAdmin(PrivateLookupsRefusedMixin, ReadOnlyRecordsMixin, admin.ModelAdmin):
    list_display = [
        "flagged_comment",
        "reason",
        "note",
        "reporter",
        "created_at",
        "resolution",
        "resolved_by",
    ]
    list_filter = ["reason", "resolution", "created_at"]
    list_select_related = ["reporter", "resolved_by"]
    search_fields = ["note", "reporter__display_name"]
    fields = [
        "flagged_comment",
        "reason",
        "note",
        "reporter",
        "created_at",
        "resolution",
        "resolved_at",
        "resolved_by",
    ]
    readonly_fields = ["flagged_comment"]
    ordering = ["-created_at", "-id"]
    actions = None

    @admin.display(description="comment")
    def flagged_comment(self, flag):
        url = reverse("admin:forum_comment_change", args=[flag.comment_id])
        return format_html('<a href="{}">Comment {}</a>', url, flag.comment_id)


class AppealOutcomeFilter(admin.SimpleListFilter):
    """Waiting appeals unless asked otherwise: they are what a moderator comes for."""

    title = "outcome"
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return [*AppealOutcome.choices, ("all", "All")]

    def _chosen(self) -> str:
        return self.value() or AppealOutcome.WAITING

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self._chosen() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self._chosen() == "all":
            return queryset
        return queryset.filter(outcome=self._chosen())


@admin.register(Appeal)
class AppealAdmin(
    PrivateLookupsRefusedMixin, ModerationActionsMixin, ReadOnlyRecordsMixin, admin.ModelAdmin
):
    list_display = [
        "appealed_comment",
        "comment_status",
        "decision_appealed",
        "note",
        "created_at",
        "outcome",
        "decided_by",
    ]
    list_display_links = None
    list_filter = [AppealOutcomeFilter]
    list_select_related = [
        "comment__thread",
        "comment__author",
        "comment__reviewed_by",
        "decided_by",
    ]
    search_fields = ["note", "comment__author__display_name"]
    fields = [
        "appealed_comment",
        "comment_status",
        "decision_appealed",
        "note",
        "created_at",
        "outcome",
        "decided_at",
        "decided_by",
        "decision_reason",
    ]
    readonly_fields = ["appealed_comment", "comment_status", "decision_appealed"]
    ordering = ["created_at", "id"]
    noun = ("appeal", "appeals")
    actions = ["uphold_selected", "overturn_selected"]

    def action_label(self, obj) -> str:
        return f"Appeal by {obj.comment.author} on comment {obj.comment_id}"

    @admin.display(description="comment")
    def appealed_comment(self, appeal):
        comment = appeal.comment
        return format_html(
            '<a href="{}">{}</a><br><a href="{}">in \u201c{}\u201d</a>',
            reverse("admin:forum_comment_change", args=[comment.pk]),
            excerpt(comment),
            comment_in_context_url(comment),
            comment.thread.title,
        )

    @admin.display(description="status now")
    def comment_status(self, appeal):
        return appeal.comment.get_status_display()

    @admin.display(description="decision appealed")
    def decision_appealed(self, appeal):
        comment = appeal.comment
        who = comment.reviewed_by or "Automatically"
        return format_html("<strong>{}</strong>: {}", who, comment.held_reason or "(no reason)")

    def _decide(self, request, queryset, *, action: str, overturn: bool, title: str, done: str):
        def apply(appeal, data):
            return services.appeal_decide(
                moderator=request.user, appeal=appeal, overturn=overturn, reason=data["reason"]
            )

        return self.confirm_and_apply(
            request,
            queryset,
            action=action,
            title=title,
            done=done,
            apply=apply,
            form_kwargs={
                "reason_required": True,
                "reason_help": "The member will read it, on the site and by email.",
            },
            intro="An appeal is decided by a moderator other than the one who acted.",
        )

    @admin.action(
        description="Uphold the decision (the comment stays as it is)", permissions=["change"]
    )
    def uphold_selected(self, request, queryset):
        return self._decide(
            request,
            queryset,
            action="uphold_selected",
            overturn=False,
            title="Uphold these decisions?",
            done="Decided",
        )

    @admin.action(description="Overturn the decision (publish the comment)", permissions=["change"])
    def overturn_selected(self, request, queryset):
        return self._decide(
            request,
            queryset,
            action="overturn_selected",
            overturn=True,
            title="Overturn these decisions and publish the comments?",
            done="Decided",
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(PrivateLookupsRefusedMixin, ReadOnlyRecordsMixin, admin.ModelAdmin):
    """The audit log. Nobody, superusers included, adds, changes or deletes entries here."""

    list_display = ["created_at", "actor", "action", "target", "reason"]
    list_filter = [("actor", admin.RelatedOnlyFieldListFilter), "action"]
    date_hierarchy = "created_at"
    search_fields = ["target_label", "reason"]
    list_select_related = ["actor"]
    fields = ["created_at", "actor", "action", "target_type", "target_id", "target_label", "reason"]
    actions = None

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="target", ordering="target_label")
    def target(self, entry):
        return f"{entry.target_type} {entry.target_id}: {entry.target_label}"
