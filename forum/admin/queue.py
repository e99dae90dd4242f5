"""The review queue (ReviewItem) admin and its filters."""

from django.contrib import admin
from django.db.models import Exists, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince

from core.admin import PrivateLookupsRefusedMixin, ReadOnlyRecordsMixin, plural
from forum.admin.comments import COMMENT_FIELDS, CommentDecisionsMixin
from forum.admin.display import excerpt, link_in_context
from forum.models import AppealOutcome, CommentStatus, FlagReason, ReviewItem
from forum.moderation import policy
from forum.selectors import _contact_details_unseen, _open_flags_of_comment, review_queue


class WhyWaitingFilter(admin.SimpleListFilter):
    title = "why it is waiting"
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [
            ("held", "Held before publishing"),
            ("flagged", "Flagged by members"),
            ("spam", "Suspected spam"),
            ("contact", "Contact details"),
            ("appealed", "Appealed by its author"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "held":
            return queryset.filter(status=CommentStatus.PENDING)
        if value == "flagged":
            return queryset.filter(has_open_flags=True)
        if value == "spam":
            return queryset.filter(_hold_code_q(policy.SPAM_CODES))
        if value == "contact":
            return queryset.filter(_contact_details_unseen())
        if value == "appealed":
            return queryset.filter(appeal__outcome=AppealOutcome.WAITING)
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
        return [(code, code.label) for code in policy.HoldCode]

    def queryset(self, request, queryset):
        if self.value() in policy.HoldCode.values:
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
        labels = dict(policy.HoldCode.choices)
        lines = [labels.get(code, code) for code in item.hold_codes]
        if not lines and item.held_reason:
            lines.append(item.held_reason)
        if item.personal_data_confirmed:
            lines.append("Its author was warned it looks like contact details and posted anyway.")
        appeal = getattr(item, "appeal", None)
        if appeal is not None and appeal.outcome == AppealOutcome.WAITING:
            url = reverse("admin:forum_appeal_changelist") + f"?id={appeal.pk}"
            lines.append(
                format_html(
                    'Appealed by its author: \u201c{}\u201d <a href="{}">Decide the appeal</a>',
                    appeal.note,
                    url,
                )
            )
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
