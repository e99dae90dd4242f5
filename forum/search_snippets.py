"""What a search result shows: its words with the matches marked, and a comment's snippet.

The databases decide what matches (forum.search); this finds the matched words again in the text,
roughly stemmed, and marks them in escaped HTML.
"""

import html
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

# A word as both databases' tokenizers see one: letters and digits; anything else separates.
WORD = re.compile(r"[^\W_]+")
SNIPPET_WORDS = 30
SNIPPET_LEAD_WORDS = 8

_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ions", "ion", "ies", "ied", "ly")
_SUFFIXES += ("ed", "es", "s", "e", "y")


def _light_stem(word: str) -> str:
    """A rough English stem, for marking matched words only: "infusions", "infused" and
    "infusing" all give "infus". The databases decide what matches; this only finds it again."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


class Matcher:
    """Finds the searched words again in a title or a comment, to mark them."""

    def __init__(self, terms: tuple[str, ...], prefix: str | None) -> None:
        self.stems = {_light_stem(term) for term in terms}
        self.prefix = prefix
        self.seen: dict[str, bool] = {}

    def matches(self, word: str) -> bool:
        if word not in self.seen:
            lower = word.lower()
            self.seen[word] = bool(self.prefix and lower.startswith(self.prefix)) or (
                _light_stem(lower) in self.stems
            )
        return self.seen[word]

    def highlight(self, text: str) -> SafeString:
        return self._marked(text, list(WORD.finditer(text)), 0, None)

    def snippet(self, text: str) -> SafeString:
        """About SNIPPET_WORDS words of `text` around its first match, matches marked."""
        text = " ".join(text.split())
        words = list(WORD.finditer(text))
        first = next((i for i, word in enumerate(words) if self.matches(word.group())), 0)
        start = max(0, first - SNIPPET_LEAD_WORDS)
        end = min(len(words), start + SNIPPET_WORDS)
        return self._marked(text, words, start, end)

    def _marked(self, text: str, words: list[re.Match], start: int, end: int | None) -> SafeString:
        shown = words[start:end]
        if not shown:
            return escape(text)
        begin = shown[0].start() if start > 0 else 0
        finish = len(text) if end is None or end >= len(words) else shown[-1].end()
        pieces = ["\u2026 "] if begin > 0 else []
        position = begin
        for word in shown:
            if self.matches(word.group()):
                pieces.append(html.escape(text[position : word.start()]))
                pieces.append(f"<mark>{html.escape(word.group())}</mark>")
                position = word.end()
        pieces.append(html.escape(text[position:finish]))
        if finish < len(text):
            pieces.append(" \u2026")
        return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


def plain_text(body_html: str) -> str:
    """What a comment reads as, without its markup: link text, not link addresses."""
    return html.unescape(strip_tags(body_html))
