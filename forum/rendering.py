"""Markdown to safe HTML: the one place member-written text becomes markup.

CommonMark with raw HTML switched off, then an allow-list sanitiser, so that even a bug in the
Markdown parser cannot let a script, an event handler or a javascript:/data: URL through.
"""

import functools

import nh3


@functools.cache
def _markdown():
    """The parser, made on the first post a worker renders: most requests only read, and the
    library is a few megabytes of each worker's memory."""
    from markdown_it import MarkdownIt

    return (
        MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        .enable("table")
        .enable("strikethrough")
    )


ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"


def render_markdown(source: str) -> str:
    """Return sanitised HTML for a comment body; safe to mark as safe in a template."""
    markdown = _markdown()
    tokens = markdown.parse(source or "")
    for token in tokens:
        # A comment sits under the thread's h1, the h2 "Comments" and its own h3 (its author),
        # so its headings start at h4 and the page outline stays whole.
        if token.type in {"heading_open", "heading_close"}:
            token.tag = f"h{min(int(token.tag[1]) + 3, 6)}"
    html = markdown.renderer.render(tokens, markdown.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
