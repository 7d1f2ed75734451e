"""A leaflet body as HTML sections, ready for the page's NHS components.

Markdown between blocks becomes HTML; each `:::` block keeps its kind so the
template can draw a do/don't list, a care card or inset text. `leaflet:` and
`exercise:` links are rewritten by the caller's `link_for`, so this module does
not need Flask. Leaflet bodies are our own reviewed files and the content check
refuses raw HTML in them, so the HTML produced here is trusted.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import markdown
from markupsafe import Markup

from patient_app.content import blocks

LinkFor = Callable[[str, str], str]

_CONTENT_LINK = re.compile(r"\]\((leaflet|exercise):([a-z0-9-]+)\)")
_H2 = re.compile(r"<h2>(.*?)</h2>")
_TAGS = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)


@dataclass(frozen=True)
class Section:
    kind: str  # "markdown" or a block kind (do, dont, urgent, emergency, info)
    html: str = ""
    heading: str = ""
    items: tuple[str, ...] = ()

    # Markup, not escaped text: this HTML comes from our reviewed Markdown, which the
    # content check keeps free of raw HTML.
    @property
    def markup(self) -> Markup:
        return Markup(self.html)  # noqa: S704  # nosec B704

    @property
    def list_items(self) -> list[dict[str, Markup]]:
        """Items as the do-dont-list macro takes them (Markup, so links inside stay links)."""
        return [{"item": Markup(item)} for item in self.items]  # noqa: S704  # nosec B704


@dataclass(frozen=True)
class RenderedBody:
    sections: tuple[Section, ...]
    # (id, text) of each `##` heading, for the contents list at the top.
    headings: tuple[tuple[str, str], ...] = field(default=())


def render_body(body: str, link_for: LinkFor) -> RenderedBody:
    segments, _problems = blocks.split(body)  # problems are the content check's business
    seen: set[str] = set()
    headings: list[tuple[str, str]] = []
    sections: list[Section] = []
    for segment in segments:
        source = _CONTENT_LINK.sub(lambda m: f"]({link_for(m.group(1), m.group(2))})", segment.source)
        if segment.kind == "markdown":
            sections.append(Section("markdown", _with_heading_ids(_to_html(source), seen, headings)))
        elif segment.kind in blocks.LIST_ONLY:
            sections.append(Section(segment.kind, items=tuple(_inline(item) for item in _items(source))))
        else:
            sections.append(Section(segment.kind, _to_html(source), segment.heading))
    return RenderedBody(tuple(sections), tuple(headings))


def _to_html(source: str) -> str:
    return markdown.markdown(source, extensions=["sane_lists"], output_format="html")


def _inline(source: str) -> str:
    markup = _to_html(source).strip()
    match = _PARAGRAPH.match(markup)
    return match.group(1) if match else markup


def _items(source: str) -> tuple[str, ...]:
    return blocks.Segment("do", source).items


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def _with_heading_ids(markup: str, seen: set[str], headings: list[tuple[str, str]]) -> str:
    def add_id(match: re.Match[str]) -> str:
        text = html.unescape(_TAGS.sub("", match.group(1)))
        # Prefixed so a heading can never take an id the layout uses (e.g. "maincontent").
        base = candidate = "section-" + slug(text)
        number = 2
        while candidate in seen:
            candidate, number = f"{base}-{number}", number + 1
        seen.add(candidate)
        headings.append((candidate, text))
        return f'<h2 id="{candidate}">{match.group(1)}</h2>'

    return _H2.sub(add_id, markup)
