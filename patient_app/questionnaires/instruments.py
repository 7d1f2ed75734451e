"""Licensed instruments (STarT Back, MSK-HQ): structure and scoring are ours, wording is not.

The structure comes from content/questionnaires/instruments/<id>.yaml. The
wording comes from the service's licensed strings file (LICENSED_STRINGS_PATH),
the pattern CamCOPS uses for restricted tasks. Without the file, or without
complete wording for an instrument, the instrument is unavailable and the
questionnaire skips it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from patient_app import yaml_data
from patient_app.settings import PROJECT_ROOT

INSTRUMENTS = PROJECT_ROOT / "content" / "questionnaires" / "instruments"


@dataclass(frozen=True)
class AnswerChoice:
    value: str
    score: int
    label: str


@dataclass(frozen=True)
class Item:
    number: int
    text: str
    choices: tuple[AnswerChoice, ...]
    scored: bool = True


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    licence: str
    intro: str
    items: tuple[Item, ...]

    def item(self, number: int) -> Item | None:
        return next((item for item in self.items if item.number == number), None)


@lru_cache(maxsize=8)
def _structure(instrument_id: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml_data.load((INSTRUMENTS / f"{instrument_id}.yaml").read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=4)
def _strings(path: str) -> dict[str, Any]:
    if not path or not Path(path).is_file():
        return {}
    loaded = yaml_data.load(Path(path).read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def instrument(instrument_id: str, strings_path: str) -> Instrument | None:
    """The instrument with its licensed wording, or None if the wording is not available."""
    structure = _structure(instrument_id)
    wording = _strings(strings_path).get(instrument_id)
    if not isinstance(wording, Mapping):
        return None
    try:
        items = tuple(_item(raw, structure, wording) for raw in structure["items"])
    except (KeyError, IndexError, TypeError):
        return None  # incomplete wording: treat as not supplied
    return Instrument(
        id=instrument_id,
        name=structure["name"],
        licence=structure["licence"],
        intro=str(wording.get("intro", "")),
        items=items,
    )


def _item(raw: Mapping[str, Any], structure: Mapping[str, Any], wording: Mapping[str, Any]) -> Item:
    number = int(raw["number"])
    answer_set = structure["answer_sets"][raw["answers"]]
    labels = wording["answers"]
    per_item = labels.get(str(number)) if isinstance(labels, Mapping) else None
    choices = []
    for position, option in enumerate(answer_set):
        # Labels are either per item (a list in display order) or shared by value.
        label = per_item[position] if isinstance(per_item, list) else labels[option["value"]]
        choices.append(AnswerChoice(str(option["value"]), int(option["score"]), str(label)))
    return Item(number, str(wording["items"][str(number)]), tuple(choices), bool(raw.get("scored", True)))


def available(instrument_id: str, strings_path: str) -> bool:
    return instrument(instrument_id, strings_path) is not None


# --- Scoring, from the published rules --------------------------------------


@dataclass(frozen=True)
class StartBackScore:
    total: int
    psychosocial: int
    group: str  # low | medium | high


def score_start_back(responses: Mapping[int, str]) -> StartBackScore:
    """Keele STarT Back: items 1-8 'agree' = 1; item 9 'very much' or 'extremely' = 1.

    Total 0-9; psychosocial subscale = items 5-9 (0-5). High: subscale >= 4.
    Otherwise low: total <= 3; medium: total >= 4.
    """
    if set(responses) != set(range(1, 10)):
        raise ValueError("STarT Back needs answers to all 9 items")
    points = {number: _start_back_point(number, value) for number, value in responses.items()}
    total = sum(points.values())
    psychosocial = sum(points[number] for number in range(5, 10))
    if psychosocial >= 4:
        group = "high"
    elif total <= 3:
        group = "low"
    else:
        group = "medium"
    return StartBackScore(total, psychosocial, group)


def _start_back_point(number: int, value: str) -> int:
    if number <= 8:
        if value not in ("agree", "disagree"):
            raise ValueError(f"item {number}: {value!r} is not agree/disagree")
        return 1 if value == "agree" else 0
    if value not in ("not-at-all", "slightly", "moderately", "very-much", "extremely"):
        raise ValueError(f"item 9: {value!r} is not an answer")
    return 1 if value in ("very-much", "extremely") else 0


@dataclass(frozen=True)
class MskHqScore:
    total: int  # 0-56, higher is better
    days_active: int | None


def score_msk_hq(responses: Mapping[int, str]) -> MskHqScore:
    """MSK-HQ: 14 items each 0-4 (4 best), summed to 0-56; item 15 (days active, 0-7) is unscored."""
    if not set(range(1, 15)) <= set(responses):
        raise ValueError("MSK-HQ needs answers to items 1 to 14")
    total = 0
    for number in range(1, 15):
        value = int(responses[number])
        if not 0 <= value <= 4:
            raise ValueError(f"item {number}: {value} is outside 0-4")
        total += value
    days = responses.get(15)
    days_active = int(days) if days is not None else None
    if days_active is not None and not 0 <= days_active <= 7:
        raise ValueError("days active must be 0-7")
    return MskHqScore(total, days_active)


SCORERS = {"start-back": score_start_back, "msk-hq": score_msk_hq}
