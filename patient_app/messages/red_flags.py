"""A screen of a patient's message for words that may mean a red flag.

This is a safety net, not triage. Messages are not for emergencies and every
message screen says so; but people write what is worrying them, so a message
that mentions (say) losing bladder control or chest pain shows the patient the
emergency advice at once and marks the thread urgent for the team. It cannot
understand the message: it will miss some wordings and flag harmless ones, and
flagging too often is the safer mistake. The phrases live in
content/messages/red-flag-phrases.yaml so a clinician can review them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from patient_app import yaml_data
from patient_app.settings import PROJECT_ROOT

PHRASES_FILE = PROJECT_ROOT / "content" / "messages" / "red-flag-phrases.yaml"


class PhrasesError(ValueError):
    pass


@dataclass(frozen=True)
class Flag:
    id: str
    label: str  # for staff: why the thread is urgent
    patterns: tuple[re.Pattern[str], ...]


def parse(data: Any) -> tuple[Flag, ...]:
    if not isinstance(data, dict) or not isinstance(data.get("flags"), list) or not data["flags"]:
        raise PhrasesError("needs a non-empty list of 'flags'")
    flags = []
    for item in data["flags"]:
        if not isinstance(item, dict) or not item.get("id") or not item.get("label") or not item.get("patterns"):
            raise PhrasesError(f"each flag needs an id, a label and patterns: {item!r}")
        try:
            patterns = tuple(re.compile(p) for p in item["patterns"])
        except re.error as exc:
            raise PhrasesError(f"{item['id']}: bad pattern: {exc}") from exc
        flags.append(Flag(id=item["id"], label=item["label"], patterns=patterns))
    if len({f.id for f in flags}) != len(flags):
        raise PhrasesError("two flags share an id")
    return tuple(flags)


@lru_cache(maxsize=2)
def load(path: Path = PHRASES_FILE) -> tuple[Flag, ...]:
    return parse(yaml_data.load(path.read_text(encoding="utf-8")))


def problems(path: Path = PHRASES_FILE) -> list[str]:
    try:
        parse(yaml_data.load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, PhrasesError) as exc:
        return [str(exc)]
    return []


def normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return re.sub(r"\s+", " ", text)


def screen(text: str, flags: tuple[Flag, ...] | None = None) -> list[Flag]:
    """The flags whose phrases appear in `text`, in file order (empty if none)."""
    plain = normalise(text)
    return [flag for flag in (flags or load()) if any(p.search(plain) for p in flag.patterns)]
