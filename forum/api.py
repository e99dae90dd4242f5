"""The forum's REST endpoints: the same selectors, services and permission rules as the web
pages, so a member can do through the app exactly what they can do on the site, no more."""

from django.core.validators import slug_re
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.pagination import (
    PAGE_PARAMETERS,
    cursor,
    page_response,
    page_size,
    paged,
    reading_cursor,
)
from core.http import client_ip
from forum import search, selectors, services
from forum.models import Category, ReactionKind
from forum.moderation import flags
from forum.serializers import (
    CategorySerializer,
    CommentSerializer,
    CommentWriteSerializer,
    FlagCreateSerializer,
    FlagSerializer,
    FollowSerializer,
    ReactionCountSerializer,
    ReactionSerializer,
    SearchPageSerializer,
    ThreadCreateSerializer,
    ThreadDetailSerializer,
    ThreadSerializer,
)

SEARCH_MAX_LENGTH = search.MAX_QUERY_LENGTH


class SignedInToWrite(BasePermission):
    """Reads are open (to what the viewer may see); every write needs a signed-in member.
    Whether that member may do it is the service's question (forum.permissions)."""

    visitors_may_read = True  # for the OpenAPI document's security (core.api.schema)

    def has_permission(self, request, view) -> bool:
        if request.method in {"GET", "HEAD", "OPTIONS"} or request.user.is_authenticated:
            return True
        raise NotAuthenticated("Please sign in to do that.")


def _for_members(request, exists) -> None:
    """A visitor asking for something in a members-only thread is asked to sign in (401), not
    told it does not exist; it reveals no title, name or word."""
    if not request.user.is_authenticated and exists:
        raise NotAuthenticated("This conversation is for members: sign in to read it.")


def _thread(request, pk: int):
    try:
        return selectors.thread_for_viewer(pk=pk, viewer=request.user)
    except Http404:
        _for_members(request, selectors.members_only_thread_exists(pk=pk))
        raise


def _serialize(serializer_class, instance, request, **kwargs) -> dict:
    return serializer_class(instance, context={"request": request}, **kwargs).data


def _valid(serializer_class, request, **kwargs):
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _thread_detail(request, thread) -> dict:
    thread.viewer_follows = selectors.is_following(member=request.user, thread=thread)
    return _serialize(ThreadDetailSerializer, thread, request)


# -- Categories ------------------------------------------------------------------------------------


class CategoryList(APIView):
    @extend_schema(
        operation_id="categories_list",
        summary="The forum's categories, in their order",
        responses=CategorySerializer(many=True),
    )
    def get(self, request):
        return Response(_serialize(CategorySerializer, Category.objects.all(), request, many=True))


class CategoryDetail(APIView):
    @extend_schema(operation_id="categories_retrieve", responses=CategorySerializer)
    def get(self, request, slug: str):
        return Response(_serialize(CategorySerializer, selectors.category_by_slug(slug), request))


# -- Threads ---------------------------------------------------------------------------------------


class ThreadList(APIView):
    permission_classes = [SignedInToWrite]

    @extend_schema(
        operation_id="threads_list",
        summary="Threads the caller may see, pinned first, then by latest activity",
        parameters=[
            OpenApiParameter("category", OpenApiTypes.STR, description="A category's slug."),
            OpenApiParameter(
                "q",
                {"type": "string", "maxLength": SEARCH_MAX_LENGTH},
                description="Words to find in titles and comments.",
            ),
            *PAGE_PARAMETERS,
        ],
        responses=paged(ThreadSerializer),
    )
    def get(self, request):
        category_slug = request.query_params.get("category")
        category = None
        if category_slug:  # an unknown category is a bad filter (400), not a missing address
            # Not a slug (a NUL byte, say) is never asked of the database: PostgreSQL refuses it.
            category = (
                Category.objects.filter(slug=category_slug).first()
                if slug_re.fullmatch(category_slug)
                else None
            )
            if category is None:
                raise ValidationError({"category": ["No category has this slug."]})
        with reading_cursor():
            query = request.query_params.get("q", "").strip()
            page = selectors.threads_page(
                viewer=request.user,
                category=category,
                only=_matching(request, query) if query else None,
                cursor=cursor(request),
                size=page_size(request),
            )
        return page_response(request, page, ThreadSerializer)

    @extend_schema(
        operation_id="threads_create",
        summary="Start a thread with its opening comment",
        description="The opening comment passes moderation like any other: the answer's "
        "`status` is `published`, or `pending` (awaiting review: only the author and moderators "
        "see it until a moderator approves it).",
        request=ThreadCreateSerializer,
        responses={201: ThreadDetailSerializer},
        examples=[
            OpenApiExample(
                "A new thread",
                value={
                    "category": "treatment",
                    "title": "How long after IVIg did your grip improve?",
                    "body": "I had my third infusion last week.",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        data = _valid(ThreadCreateSerializer, request)
        category = Category.objects.filter(slug=data["category"]).first()
        if category is None:
            raise ValidationError({"category": ["No category has this slug."]})
        thread = services.thread_create(
            author=request.user,
            category=category,
            title=data["title"],
            body=data["body"],
            visibility=data["visibility"],
            personal_data_confirmed=data["confirm_personal_data"],
            client_ip=client_ip(request),
        )
        thread = selectors.thread_for_viewer(pk=thread.pk, viewer=request.user)
        return Response(_thread_detail(request, thread), status=status.HTTP_201_CREATED)


def _matching(request, query: str) -> set[int]:
    try:
        return search.matching_thread_ids(viewer=request.user, query=query)
    except search.SearchQueryError as error:
        raise ValidationError({"q": error.messages}) from error


class SearchResults(APIView):
    @extend_schema(
        operation_id="search",
        summary="Full-text search over thread titles and comments, best match first",
        description="The same search as the web's /search/: held, hidden and rejected comments "
        "are found only by their author and moderators; members-only threads only by members. "
        "`snippet_html` and `title_html` are escaped HTML with the matched words in `<mark>`.",
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "maxLength": SEARCH_MAX_LENGTH},
                required=True,
                description="The words to find (all of them; the last may be the start of a word).",
            ),
            OpenApiParameter(
                "page",
                {"type": "integer", "minimum": 1, "maximum": search.MAX_PAGES},
                description="A page of results, 1 to 10.",
            ),
        ],
        responses=SearchPageSerializer,
    )
    def get(self, request):
        try:
            results = search.search(
                viewer=request.user,
                query=request.query_params.get("q", ""),
                page=search.page_number(request.query_params.get("page")),
            )
        except search.SearchQueryError as error:
            field = "page" if error.code == search.SearchQueryError.PAGE else "q"
            raise ValidationError({field: error.messages}) from error
        return Response(_serialize(SearchPageSerializer, results, request))


class ThreadDetail(APIView):
    @extend_schema(operation_id="threads_retrieve", responses=ThreadDetailSerializer)
    def get(self, request, pk: int):
        return Response(_thread_detail(request, _thread(request, pk)))


class ThreadComments(APIView):
    permission_classes = [SignedInToWrite]

    @extend_schema(
        operation_id="threads_comments_list",
        summary="A thread's comments, oldest first",
        parameters=PAGE_PARAMETERS,
        responses=paged(CommentSerializer),
    )
    def get(self, request, pk: int):
        thread = _thread(request, pk)
        with reading_cursor():
            page = selectors.thread_comments(
                thread=thread, viewer=request.user, cursor=cursor(request), size=page_size(request)
            )
        return page_response(request, page, CommentSerializer)

    @extend_schema(
        operation_id="threads_comments_create",
        summary="Reply to a thread",
        description="The reply passes moderation: its `status` is `published` or `pending`.",
        request=CommentWriteSerializer,
        responses={201: CommentSerializer},
    )
    def post(self, request, pk: int):
        thread = _thread(request, pk)
        data = _valid(CommentWriteSerializer, request)
        comment = services.comment_create(
            author=request.user,
            thread=thread,
            body=data["body"],
            personal_data_confirmed=data["confirm_personal_data"],
            client_ip=client_ip(request),
        )
        return Response(
            _serialize(CommentSerializer, _comment(request, comment.pk), request), status=201
        )


class ThreadFollow(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="threads_follow",
        summary="Follow a thread: its new replies become notifications",
        request=None,
        responses=FollowSerializer,
    )
    def put(self, request, pk: int):
        thread = _thread(request, pk)
        services.thread_follow(member=request.user, thread=thread)
        return Response({"following": True})

    @extend_schema(
        operation_id="threads_unfollow",
        summary="Stop following a thread",
        responses={200: FollowSerializer},  # drf-spectacular would say 204 for a DELETE
    )
    def delete(self, request, pk: int):
        thread = _thread(request, pk)
        services.thread_unfollow(member=request.user, thread=thread)
        return Response({"following": False})


# -- Comments --------------------------------------------------------------------------------------


class CommentDetail(APIView):
    permission_classes = [SignedInToWrite]

    @extend_schema(operation_id="comments_retrieve", responses=CommentSerializer)
    def get(self, request, pk: int):
        return Response(_serialize(CommentSerializer, _comment(request, pk), request))

    @extend_schema(
        operation_id="comments_update",
        summary="Edit one's own comment",
        description="The earlier text is kept as a revision; the new text passes moderation again.",
        request=CommentWriteSerializer,
        responses=CommentSerializer,
    )
    def patch(self, request, pk: int):
        comment = _comment(request, pk)
        data = _valid(CommentWriteSerializer, request)
        comment = services.comment_edit(
            actor=request.user,
            comment=comment,
            body=data["body"],
            personal_data_confirmed=data["confirm_personal_data"],
            client_ip=client_ip(request),
        )
        return Response(_serialize(CommentSerializer, _comment(request, comment.pk), request))

    @extend_schema(
        operation_id="comments_destroy",
        summary="Delete one's own comment",
        description="Its words are erased; a placeholder keeps its place in the thread.",
        responses={204: None},
    )
    def delete(self, request, pk: int):
        services.comment_delete(actor=request.user, comment=_comment(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _comment(request, pk: int):
    try:
        return selectors.comment_for_viewer(pk=pk, viewer=request.user)
    except Http404:
        _for_members(request, selectors.members_only_comment_exists(pk=pk))
        raise


class CommentFlags(APIView):
    permission_classes = [SignedInToWrite]

    @extend_schema(
        operation_id="comments_flags_create",
        summary="Flag a comment for the moderators",
        description="Once per member and comment. A crisis flag alerts every moderator at once.",
        request=FlagCreateSerializer,
        responses={201: FlagSerializer},
    )
    def post(self, request, pk: int):
        comment = _comment(request, pk)
        data = _valid(FlagCreateSerializer, request)
        flag = flags.flag_create(
            reporter=request.user, comment=comment, reason=data["reason"], note=data["note"]
        )
        return Response(_serialize(FlagSerializer, flag, request), status=201)


REACTION_KIND = OpenApiParameter(
    "kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=ReactionKind.values
)


class CommentReaction(APIView):
    permission_classes = [IsAuthenticated]

    def _answer(self, request, pk: int):
        comment = _comment(request, pk)
        return Response(
            {
                "comment": comment.pk,
                "reactions": ReactionCountSerializer(comment.reaction_counts, many=True).data,
            }
        )

    @extend_schema(
        operation_id="comments_reactions_add",
        summary="Give a comment a reaction: helpful, or sending support",
        description="One of each per member and comment; giving it again changes nothing.",
        parameters=[REACTION_KIND],
        request=None,
        responses=ReactionSerializer,
    )
    def put(self, request, pk: int, kind: str):
        services.reaction_add(member=request.user, comment=_comment(request, pk), kind=kind)
        return self._answer(request, pk)

    @extend_schema(
        operation_id="comments_reactions_remove",
        summary="Take a reaction back",
        parameters=[REACTION_KIND],
        responses=ReactionSerializer,
    )
    def delete(self, request, pk: int, kind: str):
        services.reaction_remove(member=request.user, comment=_comment(request, pk), kind=kind)
        return self._answer(request, pk)
