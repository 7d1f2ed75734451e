"""Splitting a leaflet body into Markdown and its `:::` blocks.

One parser serves both the page (which renders each block with its NHS
component) and the content check (which reports a block it cannot read), so a
leaflet that passes the check renders as the writer meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BLOCK_KINDS = ("do", "dont", "urgent", "emergency", "info")
# Care cards are for "get help now" only, so they must say what to do.
NEEDS_HEADING = frozenset({"urgent", "emergency"})
LIST_ONLY = frozenset({"do", "dont"})

_OPEN = re.compile(r"^:::\s*([A-Za-z-]+)\s*(.*)$")
_BULLET = re.compile(r"^[-*+]\s+")


@dataclass(frozen=True)
class Segment:
    kind: str  # "markdown" or one of BLOCK_KINDS
    source: str
    heading: str = ""

    @property
    def items(self) -> tuple[str, ...]:
        """The bullet items of a do or don't list, as Markdown."""
        return tuple(_BULLET.sub("", line.strip()) for line in self.source.splitlines() if line.strip())


def split(body: str) -> tuple[list[Segment], list[str]]:
    """The body's segments in order, and what is wrong with its blocks (empty when fine)."""
    segments: list[Segment] = []
    problems: list[str] = []
    prose: list[str] = []
    block: tuple[str, str, int] | None = None  # kind, heading, line opened
    inside: list[str] = []

    for number, line in enumerate(body.splitlines(), start=1):
        stripped = line.strip()
        if block is None:
            opened = _OPEN.match(stripped)
            if stripped == ":::":
                problems.append(f"line {number}: ':::' closes a block that was never opened")
            elif opened:
                kind, heading = opened.group(1).lower(), opened.group(2).strip()
                if kind not in BLOCK_KINDS:
                    problems.append(f"line {number}: unknown block ':::{kind}' (use {', '.join(BLOCK_KINDS)})")
                _flush_prose(prose, segments)
                block, inside = (kind, heading, number), []
            else:
                prose.append(line)
            continue
        if stripped == ":::":
            kind, heading, opened_at = block
            problems.extend(_check_block(kind, heading, inside, opened_at))
            if kind in BLOCK_KINDS:
                segments.append(Segment(kind, "\n".join(inside).strip(), heading))
            block = None
        elif _OPEN.match(stripped):
            problems.append(f"line {number}: a block opens inside the block from line {block[2]}")
        else:
            inside.append(line)
    if block is not None:
        problems.append(f"line {block[2]}: block ':::{block[0]}' is never closed with ':::'")
    _flush_prose(prose, segments)
    return segments, problems


def _flush_prose(prose: list[str], segments: list[Segment]) -> None:
    text = "\n".join(prose).strip()
    if text:
        segments.append(Segment("markdown", text))
    prose.clear()


def _check_block(kind: str, heading: str, lines: list[str], opened_at: int) -> list[str]:
    found: list[str] = []
    content = [line.strip() for line in lines if line.strip()]
    if not content:
        found.append(f"line {opened_at}: block ':::{kind}' is empty")
    if kind in NEEDS_HEADING and not heading:
        found.append(f"line {opened_at}: ':::{kind}' needs a heading saying what to do, e.g. ':::{kind} Call 999 if:'")
    if kind in LIST_ONLY and any(not _BULLET.match(line) for line in content):
        found.append(f"line {opened_at}: ':::{kind}' must hold only a bullet list ('- ...')")
    return found
