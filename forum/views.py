"""The forum's web pages: parse the request, ask a selector or call a service, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import sees_moderated_content
from core import pagecache
from core.errors import ensure
from core.forms import apply_service, posted, refusal_for, render_form
from core.http import client_ip
from forum import permissions, selectors, services
from forum import search as forum_search
from forum.forms import AppealForm, CommentEditForm, CommentForm, FlagForm, ThreadForm
from forum.models import CommentStatus, ThreadVisibility, thread_page
from forum.moderation import appeals, flags, policy


@pagecache.visitor_page()
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "forum/home.html", {"categories": selectors.home_categories(request.user)}
    )


@pagecache.visitor_page(query=("cursor",))
def category(request: HttpRequest, slug: str) -> HttpResponse:
    # Any thread's change bumps the lists' version: the rows are shared under it.
    shared_under = pagecache.versions(pagecache.LISTS)
    category = selectors.category_by_slug(slug)
    page = selectors.category_threads(
        category=category,
        viewer=request.user,
        cursor=request.GET.get("cursor"),
        size=settings.FORUM_THREADS_PER_PAGE,
    )
    pagecache.shared_fragments(
        "forum/_thread_row.html", page.items, name="thread", versions=shared_under
    )
    return render(
        request,
        "forum/category.html",
        {
            "category": category,
            "page": page,
            "can_start_thread": permissions.can_start_thread(request.user, category),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def thread_new(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.category_by_slug(slug)
    form = ThreadForm(posted(request))
    refused = refusal_for(request, form, permissions.thread_start_refusal(request.user, category))
    if request.method == "POST" and not refused and form.is_valid():
        thread = apply_service(
            form,
            lambda: services.thread_create(
                author=request.user,
                category=category,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                client_ip=client_ip(request),
                visibility=form.cleaned_data["visibility"],
                **form.posting_options(),
            ),
        )
        if thread is not None:
            _posted_message(request, thread, "Your thread is posted.")
            return redirect(thread)
    return render_form(request, "forum/thread_new.html", {"category": category, "form": form})


@pagecache.visitor_page(lambda pk, slug: thread_page(pk), query=("cursor",))
def thread(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    shared_under = pagecache.versions(thread_page(pk))
    try:
        thread = selectors.thread_for_viewer(pk=pk, viewer=request.user)
    except Http404:
        if not request.user.is_authenticated and selectors.members_only_thread_exists(pk=pk):
            return _members_only(request)
        raise
    if slug != thread.slug:
        return redirect(thread, permanent=True)
    page = selectors.thread_comments(
        thread=thread,
        viewer=request.user,
        cursor=request.GET.get("cursor"),
        size=settings.FORUM_COMMENTS_PER_PAGE,
    )
    context = _thread_context(request, thread, page, shared_under=shared_under)
    response = render(request, "forum/thread.html", context)
    if thread.visibility == ThreadVisibility.MEMBERS:
        response["X-Robots-Tag"] = "noindex"
    return response


def _members_only(request: HttpRequest) -> HttpResponse:
    """What a visitor gets at the address of a members-only thread (or of a comment in one): 403,
    and a page that says it is for members, with ways to sign in (and come straight back) or join.

    Not a redirect to the sign-in page: the visitor learns why they cannot read it, and search
    engines get a plain "forbidden" rather than a sign-in form to index under the address. Nothing
    of the thread (title, names, words) is in the answer beyond the address the visitor sent: a
    wrong slug is not corrected (the right one is the title), and signing in returns to the
    address as asked. Not 404: the thread exists, and a member who was sent the link should be
    told to sign in, not that it is gone."""
    response = render(request, "forum/members_only.html", status=403)
    response["X-Robots-Tag"] = "noindex"
    return response


def _viewers_situation(comment) -> str:
    """What of a published comment depends on who looks: everyone in the same situation is
    shown the same comment (core.pagecache.shared_fragments)."""
    flags = (
        comment.can_react,
        comment.can_edit,
        comment.can_delete,
        comment.can_flag,
        comment.viewer_flagged,
        *(reaction.viewer_reacted for reaction in comment.reaction_counts),
    )
    return "".join("1" if flag else "0" for flag in flags)


def _thread_context(request: HttpRequest, thread, page, *, shared_under: str) -> dict:
    user = request.user
    for comment in page.items:
        comment.can_react = permissions.can_react(user, comment)
        comment.can_edit = permissions.can_edit_comment(user, comment)
        comment.can_delete = permissions.can_delete_comment(user, comment)
        comment.can_flag = permissions.can_flag(user, comment)
        comment.appeal_record = getattr(comment, "appeal", None)
        comment.can_appeal = permissions.can_appeal(user, comment)
    pagecache.shared_fragments(
        "forum/_comment.html",
        [comment for comment in page.items if comment.status == CommentStatus.PUBLISHED],
        name="comment",
        versions=shared_under,
        variant=_viewers_situation,
    )
    reply_refusal = permissions.reply_refusal(user, thread)
    return {
        "thread": thread,
        "category": thread.category,
        "page": page,
        "reply_refusal": reply_refusal,
        "viewer_is_moderator": sees_moderated_content(user),
        "following": selectors.is_following(member=user, thread=thread),
        "form": CommentForm() if reply_refusal is None else None,
    }


@login_required
@require_POST
def thread_follow(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """Follow or stop following a thread. The form says which (`follow` is "1" or "0"), so a
    second press of the same button changes nothing."""
    thread = selectors.thread_for_viewer(pk=pk, viewer=request.user)
    if request.POST.get("follow") == "1":
        services.thread_follow(member=request.user, thread=thread)
        messages.success(
            request, "You follow this thread: new replies appear in your notifications."
        )
    else:
        services.thread_unfollow(member=request.user, thread=thread)
        messages.success(request, "You no longer follow this thread.")
    return redirect(thread)


@login_required
@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    thread = selectors.thread_for_viewer(pk=pk, viewer=request.user)
    form = CommentForm(posted(request))
    refused = refusal_for(request, form, permissions.reply_refusal(request.user, thread))
    if request.method == "POST" and not refused and form.is_valid():
        comment = apply_service(
            form,
            lambda: services.comment_create(
                author=request.user,
                thread=thread,
                body=form.cleaned_data["body"],
                client_ip=client_ip(request),
                **form.posting_options(),
            ),
        )
        if comment is not None:
            _posted_message(request, comment, "Your reply is posted.")
            return redirect(_comment_url(request, comment))
    return render_form(request, "forum/reply.html", {"thread": thread, "form": form})


def _posted_message(request: HttpRequest, item, published: str) -> None:
    if item.status == "pending":
        messages.info(
            request,
            "Thank you. A moderator will look at it soon; until then it is marked "
            "\u201cawaiting review\u201d and only you can see it.",
        )
    else:
        messages.success(request, published)


def comment_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """A lasting address for one comment: it finds the thread page the comment is on now."""
    try:
        comment = selectors.comment_for_viewer(pk=pk, viewer=request.user)
    except Http404:
        if not request.user.is_authenticated and selectors.members_only_comment_exists(pk=pk):
            return _members_only(request)
        raise
    return redirect(_comment_url(request, comment))


@require_http_methods(["GET", "POST"])
def comment_react(request: HttpRequest, pk: int) -> HttpResponse:
    """Give or take back "helpful" or "sending support" (`kind`, posted or in the address, and
    POST `reacted` 1 or 0), then back to the comment. The form says which state the member
    wants rather than "toggle", so a double press cannot undo itself. A visitor is sent to sign
    in and then to the comment itself (this address takes only the form's POST); so is a GET."""
    comment_url = reverse("forum:comment", args=[pk])
    if not request.user.is_authenticated:
        return redirect_to_login(comment_url)
    if request.method != "POST":
        return redirect(comment_url)
    comment = selectors.comment_for_viewer(pk=pk, viewer=request.user)
    wanted = request.POST.get("reacted") == "1"
    change = services.reaction_add if wanted else services.reaction_remove
    # The thread page's buttons share one form and say the kind in their address.
    kind = request.POST.get("kind") or request.GET.get("kind", "")
    try:
        change(member=request.user, comment=comment, kind=kind)
    except ValidationError as error:
        raise BadRequest(" ".join(error.messages)) from error
    return redirect(_comment_url(request, comment))


def _comment_url(request: HttpRequest, comment) -> str:
    """The page of the thread that shows `comment`, anchored at it."""
    cursor = selectors.comment_page_cursor(
        thread=comment.thread,
        viewer=request.user,
        comment_id=comment.pk,
        size=settings.FORUM_COMMENTS_PER_PAGE,
    )
    query = f"?cursor={cursor}" if cursor else ""
    return f"{comment.thread.get_absolute_url()}{query}#comment-{comment.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_for_viewer(pk=pk, viewer=request.user)
    # Someone else's comment, or one a moderator acted on: no form at all.
    ensure(permissions.comment_change_refusal(request.user, comment))
    form = CommentEditForm(posted(request), initial={"body": comment.body})
    refused = refusal_for(request, form, permissions.comment_edit_refusal(request.user, comment))
    if request.method == "POST" and not refused and form.is_valid():
        edited = apply_service(
            form,
            lambda: services.comment_edit(
                actor=request.user,
                comment=comment,
                body=form.cleaned_data["body"],
                client_ip=client_ip(request),
                **form.posting_options(),
            ),
        )
        if edited is not None:
            _posted_message(request, edited, "Your comment is updated.")
            return redirect(_comment_url(request, edited))
    return render_form(request, "forum/comment_edit.html", {"comment": comment, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_for_viewer(pk=pk, viewer=request.user)
    ensure(permissions.comment_change_refusal(request.user, comment))
    if request.method == "POST":
        services.comment_delete(actor=request.user, comment=comment)
        messages.success(request, "Your comment is removed. A note in the thread says so.")
        return redirect(_comment_url(request, comment))
    return render(request, "forum/comment_delete.html", {"comment": comment})


@login_required
@require_http_methods(["GET", "POST"])
def comment_flag(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_for_viewer(pk=pk, viewer=request.user)
    ensure(permissions.flag_refusal(request.user, comment))
    context = {"comment": comment, "thread": comment.thread}
    if request.method == "GET" and selectors.has_flagged(member=request.user, comment=comment):
        return render(request, "forum/comment_flag.html", {**context, "already_flagged": True})
    form = FlagForm(posted(request))
    if request.method == "POST" and form.is_valid():
        flag = apply_service(
            form,
            lambda: flags.flag_create(
                reporter=request.user,
                comment=comment,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            ),
        )
        if flag is not None:
            messages.success(request, policy.flag_thanks(flag.reason))
            return redirect(_comment_url(request, comment))
    return render_form(request, "forum/comment_flag.html", {**context, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def comment_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_for_viewer(pk=pk, viewer=request.user)
    if comment.author_id != request.user.pk:
        ensure(permissions.appeal_refusal(request.user, comment))
    context = {"comment": comment, "thread": comment.thread}
    appeal = getattr(comment, "appeal", None)
    if appeal is not None and request.method == "GET":
        return render(request, "forum/comment_appeal.html", {**context, "appeal": appeal})
    form = AppealForm(posted(request))
    refused = refusal_for(request, form, permissions.appeal_refusal(request.user, comment))
    if request.method == "POST" and not refused and form.is_valid():
        appeal = apply_service(
            form,
            lambda: appeals.appeal_create(
                author=request.user, comment=comment, note=form.cleaned_data["note"]
            ),
        )
        if appeal is not None:
            messages.success(
                request,
                "Your appeal is sent. A moderator who did not make the decision will look at it, "
                "and you will get a notification with the outcome.",
            )
            return redirect(_comment_url(request, comment))
    return render_form(request, "forum/comment_appeal.html", {**context, "form": form})


# -- Search ----------------------------------------------------------------------------------------


def search(request: HttpRequest) -> HttpResponse:
    """/search/?q=: ranked matches, a prompt when nothing was typed, and a clear error (400) for
    a query that cannot be searched."""
    query = request.GET.get("q", "").replace("\x00", "")
    context = {"query": query}
    try:
        page = forum_search.page_number(request.GET.get("page"))
        results = forum_search.search(viewer=request.user, query=query, page=page)
    except forum_search.SearchQueryError as error:
        if error.code == forum_search.SearchQueryError.EMPTY:
            return render(request, "forum/search.html", context)
        return render(request, "forum/search.html", {**context, "error": error.message}, status=400)
    return render(request, "forum/search.html", {**context, "results": results})
