"""Full-text search over thread titles and comment bodies: the one selector every interface asks.

The index is the database's own: an FTS5 table kept by triggers on SQLite, GIN indexes over
`to_tsvector('english', ...)` on PostgreSQL (migration forum/0010_search). Both stem English
words with a Porter stemmer, so "infusions" finds "infusion", and neither ever sees what a member
typed as query syntax: `parse_query` keeps only words, and each is quoted before it is searched.

Who may find what is decided by forum.selectors.visible_threads and visible_comments, narrowed
for search: a hidden comment shows others a placeholder, not its words, so only its author and
the moderators find it by them; a removed comment is found by nobody.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.safestring import SafeString

from accounts.permissions import sees_moderated_content
from forum.models import Comment, CommentStatus, Thread
from forum.search_snippets import WORD, Matcher, plain_text
from forum.selectors import comments_in_visible_threads, visible_threads

MAX_QUERY_LENGTH = 100
MAX_TERMS = 10
PAGE_SIZE = 20
# Ranked results are read from the top; past this many, a narrower search serves better.
MAX_PAGES = 10
# The last word is also matched as the start of a word ("infu" finds "infusion"), for hands that
# tire before the word is finished; shorter than this, it would match too much to be useful.
PREFIX_MIN_LENGTH = 3
# A title names what a whole thread is about: a match there outranks the same match in a comment.
TITLE_WEIGHT = 2.0
# Only the newest this many matches of each kind are ranked: the best of them come first. A word
# in thousands of posts says little about any one of them; a second word narrows the search.
# Ranking costs about 2 us a row (BM25 and the visibility test), and search shows at most
# MAX_PAGES * PAGE_SIZE (200) results: 500 of each kind took "fatigue", a word in 40,000 of
# 100,000 comments, from 7.8 to 4.4 ms against 2,000, at the price of older matches of so
# common a word never reaching the first pages.
RANKED_CANDIDATES = 500
# The API's thread list filtered by `q` shows every matching thread, page after page, by latest
# activity: it takes the newest this many matches of each kind, unranked.
FILTER_CANDIDATES = 2_000

# PostgreSQL's English stop words (tsearch_data/english.stop). PostgreSQL leaves them out of its
# index and SQLite's FTS5 keeps them; dropping them from every query makes both find the same.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against between
    into through during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don should now
    """.split()
)


class SearchQueryError(ValidationError):
    """What was asked cannot be searched. `code` says why, `message` says so to the member."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_WORDS = "no_words"
    TOO_MANY_WORDS = "too_many_words"
    PAGE = "page"

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message, code=code)


@dataclass(frozen=True)
class SearchQuery:
    """The words to find, lower-cased, stop words left out; the last one also as a prefix when
    `prefix` is set."""

    terms: tuple[str, ...]
    prefix: bool

    def fts5(self) -> str:
        """SQLite FTS5 syntax: every word a quoted string (so nothing in it is an operator), all
        of them required."""
        quoted = ['"{}"'.format(term.replace('"', '""')) for term in self.terms]
        if self.prefix:
            quoted[-1] += "*"
        return " ".join(quoted)

    def tsquery(self) -> str:
        """PostgreSQL tsquery syntax for to_tsquery('english', ...): every word a quoted lexeme,
        all of them required."""
        quoted = ["'{}'".format(term.replace("'", "''")) for term in self.terms]
        if self.prefix:
            quoted[-1] += ":*"
        return " & ".join(quoted)


def parse_query(text: str) -> SearchQuery:
    """The words of what a member typed, or SearchQueryError saying what to type instead."""
    text = text.strip()
    if not text:
        raise SearchQueryError(
            "Type a word or two to search for, such as \u201cIVIg\u201d or \u201cgrip\u201d.",
            code=SearchQueryError.EMPTY,
        )
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchQueryError(
            f"Please search for something shorter: up to {MAX_QUERY_LENGTH} characters "
            f"(this is {len(text)}). A few distinctive words work best.",
            code=SearchQueryError.TOO_LONG,
        )
    words = [word.lower() for word in WORD.findall(text)]
    if not words:
        raise SearchQueryError(
            "Search needs at least one word made of letters or numbers.",
            code=SearchQueryError.NO_WORDS,
        )
    terms = tuple(dict.fromkeys(word for word in words if word not in STOP_WORDS))
    if not terms:
        raise SearchQueryError(
            "Those words are too common to search for. Try a more specific word, such as a "
            "symptom or a treatment.",
            code=SearchQueryError.NO_WORDS,
        )
    if len(terms) > MAX_TERMS:
        raise SearchQueryError(
            f"Please search for up to {MAX_TERMS} words at a time. Fewer, more distinctive "
            "words find more.",
            code=SearchQueryError.TOO_MANY_WORDS,
        )
    return SearchQuery(terms=terms, prefix=len(terms[-1]) >= PREFIX_MIN_LENGTH)


def page_number(value: str | None) -> int:
    """The results page asked for in a link (`?page=`), or SearchQueryError for one that no
    link of ours would have."""
    if value in (None, ""):
        return 1
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_PAGES:
        raise SearchQueryError(
            "That page of results does not exist. Go back to the first page.",
            code=SearchQueryError.PAGE,
        )
    return int(value)


@dataclass(frozen=True)
class SearchHit:
    """One result: a thread whose title matched, or a comment (with its thread) whose words did.
    `title_html` and `snippet_html` are safe HTML: the text escaped, the matched words in <mark>."""

    kind: str  # "thread" or "comment"
    thread: Thread
    comment: Comment | None
    score: float
    title_html: SafeString
    snippet_html: SafeString

    @property
    def url(self) -> str:
        if self.comment is not None:
            return reverse("forum:comment", kwargs={"pk": self.comment.pk})
        return self.thread.get_absolute_url()

    @property
    def author(self):
        return self.comment.author if self.comment is not None else self.thread.author

    @property
    def created_at(self) -> datetime:
        return self.comment.created_at if self.comment is not None else self.thread.created_at

    @property
    def status_label(self) -> str:
        """Why only some can see it ("Awaiting review"...), or "" for a published one."""
        item = self.comment if self.comment is not None else self.thread
        return "" if item.status == "published" else item.get_status_display()


@dataclass(frozen=True)
class SearchResults:
    query: SearchQuery
    hits: list[SearchHit] = field(default_factory=list)
    page: int = 1
    size: int = PAGE_SIZE
    has_next: bool = False

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.size + 1

    @property
    def last_number(self) -> int:
        return self.first_number + len(self.hits) - 1

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.has_next and self.page < MAX_PAGES else None

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def at_the_limit(self) -> bool:
        """More matches exist than search shows: the member should narrow the search."""
        return self.has_next and self.page >= MAX_PAGES


def search(*, viewer, query: str, page: int = 1, size: int = PAGE_SIZE) -> SearchResults:
    """The threads (by title) and comments (by body) that `viewer` may find with `query`, best
    match first, one page of `size`. Raises SearchQueryError for a query that cannot be searched.
    Three queries at most, whatever the page holds."""
    parsed = parse_query(query)
    if not 1 <= page <= MAX_PAGES:
        raise SearchQueryError(
            "That page of results does not exist. Go back to the first page.",
            code=SearchQueryError.PAGE,
        )
    rows = _ranked_hits(
        viewer,
        parsed,
        offset=(page - 1) * size,
        limit=size + 1,
        candidates=RANKED_CANDIDATES,
    )
    has_next, rows = len(rows) > size, rows[:size]
    comments = _fetch(
        _searchable_comments(viewer).select_related("thread__category", "thread__author", "author"),
        rows,
        "comment",
    )
    threads = _fetch(visible_threads(viewer).select_related("category", "author"), rows, "thread")
    matcher = Matcher(parsed.terms, parsed.terms[-1] if parsed.prefix else None)
    hits = []
    for kind, pk, score in rows:
        # Gone between the two reads (deleted, or hidden from this viewer): left out, never shown.
        if kind == "comment" and pk in comments:
            comment = comments[pk]
            hits.append(
                SearchHit(
                    kind=kind,
                    thread=comment.thread,
                    comment=comment,
                    score=score,
                    title_html=matcher.highlight(comment.thread.title),
                    snippet_html=matcher.snippet(plain_text(comment.body_html)),
                )
            )
        elif kind == "thread" and pk in threads:
            thread = threads[pk]
            title = matcher.highlight(thread.title)
            hits.append(
                SearchHit(
                    kind=kind,
                    thread=thread,
                    comment=None,
                    score=score,
                    title_html=title,
                    snippet_html=title,
                )
            )
    return SearchResults(query=parsed, hits=hits, page=page, size=size, has_next=has_next)


def matching_thread_ids(*, viewer, query: str) -> set[int]:
    """The threads `viewer` may see whose title, or a comment they may find, matches `query`:
    the API's thread list filtered by `q`. The same index, rules and errors as `search`; two
    queries."""
    rows = _ranked_hits(
        viewer,
        parse_query(query),
        offset=0,
        limit=2 * FILTER_CANDIDATES,
        candidates=FILTER_CANDIDATES,
    )
    threads = {pk for kind, pk, _ in rows if kind == "thread"}
    comments = [pk for kind, pk, _ in rows if kind == "comment"]
    if comments:
        threads |= set(Comment.objects.filter(pk__in=comments).values_list("thread_id", flat=True))
    return threads


def _searchable_comments(viewer) -> QuerySet[Comment]:
    """The comments whose words `viewer` may search, in threads they may see."""
    comments = comments_in_visible_threads(viewer).exclude(status=CommentStatus.REMOVED)
    if not sees_moderated_content(viewer):
        # Everyone sees a hidden comment's placeholder; its words are only for its author and
        # the moderators (selectors._withhold_hidden_words).
        own = Q(author=viewer) if viewer.is_authenticated else Q(pk__in=[])
        comments = comments.filter(~Q(status=CommentStatus.HIDDEN) | own)
    return comments


def _fetch(queryset: QuerySet, rows: list[tuple[str, int, float]], kind: str) -> dict:
    ids = [pk for row_kind, pk, _ in rows if row_kind == kind]
    if not ids:
        return {}
    return {item.pk: item for item in queryset.filter(pk__in=ids)}


# -- The ranked query, one per database --------------------------------------------------------

# Each part yields (kind, id, score), the higher the score the better the match, for the newest
# `candidates` matches of its kind that the viewer may find. The index hands matches over
# newest first, so a common word ("fatigue" is in 4 comments of 10) costs the same as a rarer one.
# The visibility test comes before the cut, so a flood of held spam cannot push out what
# the viewer may find.
_SQLITE_PARTS = {
    "comment": """
        SELECT 'comment' AS kind, forum_comment_fts.rowid AS id,
            -bm25(forum_comment_fts) AS score
        FROM forum_comment_fts
        WHERE forum_comment_fts MATCH %s AND {visible}
        ORDER BY forum_comment_fts.rowid DESC LIMIT {candidates}
    """,
    "thread": """
        SELECT 'thread' AS kind, forum_thread_fts.rowid AS id,
            -bm25(forum_thread_fts) * {title_weight} AS score
        FROM forum_thread_fts
        WHERE forum_thread_fts MATCH %s AND {visible}
        ORDER BY forum_thread_fts.rowid DESC LIMIT {candidates}
    """,
}
_SQLITE_ROW = {"comment": "forum_comment_fts.rowid", "thread": "forum_thread_fts.rowid"}

# PostgreSQL ranks the visible rows themselves: the match and its rank are two more expressions
# on the selectors' querysets. The comment's vector is stored (ranking reads it for every
# candidate); a title's is short enough to compute, in the expression its index is built on.
_POSTGRESQL_VECTORS = {
    "comment": '"forum_comment"."search_vector"',
    "thread": 'to_tsvector(\'english\'::regconfig, "forum_thread"."title")',
}


def _part(kind: str, visible: QuerySet, query: SearchQuery, candidates: int) -> tuple[str, list]:
    if connection.vendor == "postgresql":
        sql, params = _postgresql_part(kind, visible, query, candidates)
    elif connection.vendor == "sqlite":
        visible_sql, visible_params = _exists(visible, _SQLITE_ROW[kind])
        sql = _SQLITE_PARTS[kind].format(
            visible=visible_sql,
            candidates=int(candidates),
            title_weight=float(TITLE_WEIGHT),
        )
        params = [query.fts5(), *visible_params]
    else:
        raise NotImplementedError(f"Search needs SQLite or PostgreSQL, not {connection.vendor}.")
    # Wrapped, so each part keeps its own ORDER BY and LIMIT inside the UNION ALL.
    return f"SELECT * FROM ({sql}) AS {kind}_hits", list(params)  # noqa: S608


def _postgresql_part(
    kind: str, visible: QuerySet, query: SearchQuery, candidates: int
) -> tuple[str, tuple]:
    vector = _POSTGRESQL_VECTORS[kind]
    weight = float(TITLE_WEIGHT) if kind == "thread" else 1.0
    terms = (query.tsquery(),)
    # `vector` is one of the expressions above and `weight` a number: neither is input.
    matched = RawSQL(  # noqa: S611
        f"{vector} @@ to_tsquery('english', %s)",
        terms,
        output_field=BooleanField(),
    )
    score = RawSQL(  # noqa: S611
        f"ts_rank({vector}, to_tsquery('english', %s), 1) * {weight}",
        terms,
        output_field=FloatField(),
    )
    candidates = (
        visible.filter(matched)
        .annotate(kind=Value(kind), score=score)
        .order_by("-pk")
        .values("kind", "id", "score")[: int(candidates)]
    )
    return candidates.query.sql_with_params()


def _exists(queryset: QuerySet, row: str) -> tuple[str, tuple]:
    """EXISTS over `queryset` for the match `row` names: one primary-key lookup per match, with
    the visibility rules exactly as the selectors write them."""
    # `row` is one of the column names above, never input.
    correlated = queryset.filter(pk=RawSQL(row, ())).order_by().values("pk")  # noqa: S611
    sql, params = correlated.query.sql_with_params()
    return f"EXISTS ({sql})", params


def _ranked_hits(
    viewer,
    query: SearchQuery,
    *,
    offset: int,
    limit: int,
    candidates: int,
) -> list[tuple[str, int, float]]:
    searchable = _searchable_comments(viewer)
    comments_sql, comments_params = _part("comment", searchable, query, candidates)
    threads_sql, threads_params = _part("thread", visible_threads(viewer), query, candidates)
    sql = f"""
        SELECT search_hits.kind, search_hits.id, search_hits.score
        FROM ({comments_sql} UNION ALL {threads_sql}) AS search_hits
        ORDER BY search_hits.score DESC, search_hits.kind, search_hits.id DESC
        LIMIT %s OFFSET %s
    """  # noqa: S608 - every value is a parameter; the fragments are our own SQL
    with connection.cursor() as cursor:
        cursor.execute(sql, [*comments_params, *threads_params, limit, offset])
        return [(kind, pk, float(score)) for kind, pk, score in cursor.fetchall()]
