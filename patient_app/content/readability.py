"""Plain-English checks for leaflet bodies: reading grade and sentence length.

The Markdown is reduced to the words a reader sees. Headings and list items
count as sentences of their own, because that is how people read them.
"""

from __future__ import annotations

import re

MAX_GRADE = 7.0
MAX_SENTENCE_WORDS = 25

_BLOCK_MARKER = re.compile(r"^:::\s*(dont|do|urgent|emergency|info)?\s*", re.IGNORECASE)
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def visible_text(markdown_body: str) -> str:
    """The body as plain sentences, one per line."""
    sentences: list[str] = []
    for raw in markdown_body.splitlines():
        line = raw.strip()
        if not line:
            continue
        line = _BLOCK_MARKER.sub("", line)
        line = re.sub(r"^#{1,6}\s*", "", line)
        line = re.sub(r"^([-*+]|\d+\.)\s+", "", line)
        line = _LINK.sub(r"\1", line)
        line = re.sub(r"[*_`>]", "", line).strip()
        if not line:
            continue
        if not re.search(r"[.!?:]$", line):
            line += "."
        sentences.append(line)
    return "\n".join(sentences)


def sentences(markdown_body: str) -> list[str]:
    found: list[str] = []
    for line in visible_text(markdown_body).splitlines():
        found.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return found


def word_count(sentence: str) -> int:
    return len(re.findall(r"[A-Za-z0-9'’-]+", sentence))


def long_sentences(markdown_body: str, limit: int = MAX_SENTENCE_WORDS) -> list[str]:
    return [sentence for sentence in sentences(markdown_body) if word_count(sentence) > limit]


def grade(markdown_body: str) -> float:
    import textstat  # noqa: PLC0415 - a test-time dependency, loaded only by the readability checks

    return float(textstat.flesch_kincaid_grade(visible_text(markdown_body)))
