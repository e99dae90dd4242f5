from django.contrib import admin

from forum.models import Category, Comment, CommentRevision, Thread


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "moderators_only_posting"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
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
    # Status and counts change only through the services, which keep the counts consistent.
    readonly_fields = [
        "author",
        "status",
        "created_at",
        "last_activity_at",
        "comment_count",
        "slug",
    ]
    ordering = ["-last_activity_at"]


class CommentRevisionInline(admin.TabularInline):
    model = CommentRevision
    extra = 0
    can_delete = False
    readonly_fields = ["body", "created_at", "replaced_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["id", "thread", "author", "status", "created_at", "edited_at"]
    list_filter = ["status", "thread__category", "created_at"]
    search_fields = ["body", "author__display_name", "thread__title"]
    list_select_related = ["thread", "author"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "thread",
        "author",
        "body",
        "body_html",
        "status",
        "held_reason",
        "created_at",
        "edited_at",
    ]
    inlines = [CommentRevisionInline]
    ordering = ["-created_at"]
