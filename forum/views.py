"""The forum's web pages: parse the request, ask a selector or call a service, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from forum import moderation, permissions, selectors, services
from forum.forms import CommentEditForm, CommentForm, ThreadForm


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "forum/home.html", {"categories": selectors.home_categories()})


def category(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.category_by_slug(slug)
    page = selectors.category_threads(
        category=category,
        viewer=request.user,
        cursor=request.GET.get("cursor"),
        size=settings.FORUM_THREADS_PER_PAGE,
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


def _posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data on POST (even when empty, so the form shows what is missing)."""
    return request.POST if request.method == "POST" else None


def _apply(form, call):
    """Run a service call, turning its refusals into form errors, so what the member typed is
    shown back to them, never lost. Returns the call's result, or None."""
    try:
        return call()
    except moderation.RateLimited as error:
        form.add_error(None, str(error))
        form.retry_after = error.retry_after
        return None
    except moderation.PersonalDataWarning as error:
        form.offer_personal_data_confirmation()
        form.add_error("body", error.message_dict["body"])
        return None
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            form.add_error(None, error.messages)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def thread_new(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.category_by_slug(slug)
    permissions.ensure(permissions.thread_start_refusal(request.user, category))
    form = ThreadForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        thread = _apply(
            form,
            lambda: services.thread_create(
                author=request.user,
                category=category,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                client_ip=_client_ip(request),
                **form.posting_options(),
            ),
        )
        if thread is not None:
            _posted_message(request, thread, "Your thread is posted.")
            return redirect(thread)
    return _render_form(request, "forum/thread_new.html", {"category": category, "form": form})


def thread(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    thread = selectors.thread_for_viewer(pk=pk, viewer=request.user)
    if slug != thread.slug:
        return redirect(thread, permanent=True)
    page = selectors.thread_comments(
        thread=thread,
        viewer=request.user,
        cursor=request.GET.get("cursor"),
        size=settings.FORUM_COMMENTS_PER_PAGE,
    )
    return render(request, "forum/thread.html", _thread_context(request, thread, page))


def _thread_context(request: HttpRequest, thread, page, form=None) -> dict:
    user = request.user
    for comment in page.items:
        comment.can_edit = permissions.can_edit_comment(user, comment)
        comment.can_delete = permissions.can_delete_comment(user, comment)
    reply_refusal = permissions.reply_refusal(user, thread)
    return {
        "thread": thread,
        "category": thread.category,
        "page": page,
        "reply_refusal": reply_refusal,
        "viewer_is_moderator": permissions.is_moderator(user),
        "form": form or (CommentForm() if reply_refusal is None else None),
    }


@login_required
@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    thread = selectors.thread_for_viewer(pk=pk, viewer=request.user)
    permissions.ensure(permissions.reply_refusal(request.user, thread))
    form = CommentForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        comment = _apply(
            form,
            lambda: services.comment_create(
                author=request.user,
                thread=thread,
                body=form.cleaned_data["body"],
                client_ip=_client_ip(request),
                **form.posting_options(),
            ),
        )
        if comment is not None:
            _posted_message(request, comment, "Your reply is posted.")
            return redirect(_comment_url(request, comment))
    return _render_form(request, "forum/reply.html", {"thread": thread, "form": form})


def _render_form(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A posting form page; 400 when the form has errors, 429 (with Retry-After) when the member
    is posting too fast."""
    form = context["form"]
    retry_after = getattr(form, "retry_after", None)
    if retry_after:
        response = render(request, template, context, status=429)
        response["Retry-After"] = str(retry_after)
        return response
    return render(request, template, context, status=400 if form.is_bound and form.errors else 200)


def _posted_message(request: HttpRequest, item, published: str) -> None:
    if item.status == "pending":
        messages.info(
            request,
            "Thank you. A moderator will look at it soon; until then it is marked "
            "\u201cawaiting review\u201d and only you can see it.",
        )
    else:
        messages.success(request, published)


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


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
    comment = selectors.comment_for_change(pk=pk, viewer=request.user)
    permissions.ensure(permissions.comment_edit_refusal(request.user, comment))
    form = CommentEditForm(_posted(request), initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        edited = _apply(
            form,
            lambda: services.comment_edit(
                actor=request.user,
                comment=comment,
                body=form.cleaned_data["body"],
                client_ip=_client_ip(request),
                **form.posting_options(),
            ),
        )
        if edited is not None:
            _posted_message(request, edited, "Your comment is updated.")
            return redirect(_comment_url(request, edited))
    return _render_form(request, "forum/comment_edit.html", {"comment": comment, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_for_change(pk=pk, viewer=request.user)
    permissions.ensure(permissions.comment_change_refusal(request.user, comment))
    if request.method == "POST":
        services.comment_delete(actor=request.user, comment=comment)
        messages.success(request, "Your comment is removed. A note in the thread says so.")
        return redirect(_comment_url(request, comment))
    return render(request, "forum/comment_delete.html", {"comment": comment})
