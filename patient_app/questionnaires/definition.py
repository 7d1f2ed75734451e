"""Questionnaires as data: loading content/questionnaires/*.yaml and checking them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from patient_app import yaml_data
from patient_app.questionnaires import conditions
from patient_app.settings import PROJECT_ROOT

QUESTIONNAIRES = PROJECT_ROOT / "content" / "questionnaires"
TYPES = frozenset(
    {
        "single",
        "multiple",
        "number",
        "date",
        "text",
        "nrs",
        "vas",
        "psfs",
        "instrument",
        # Composite pages for contact details, one "thing" each.
        "practice",
        "name",
        "postcode",
        "phone",
        "email",
        "nhs-number",
        "consent",
    }
)
CHOICE_TYPES = frozenset({"single", "multiple"})
RED_FLAGS = frozenset({"cauda-equina", "neck-vascular", "fracture", "infection", "cancer", "dvt"})


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    exclusive: bool = False


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    type: str
    text: str
    hint: str = ""
    bullets: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    optional: bool = False
    show_if: dict[str, Any] | None = None
    red_flag: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    min_items: int = 1
    max_items: int = 5
    past: bool = False
    instrument: str | None = None
    error: str = ""

    def option_label(self, value: str) -> str:
        return next((option.label for option in self.options if option.value == value), value)


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    title: str
    sections: dict[str, str]
    questions: tuple[Question, ...]
    sources: tuple[str, ...]
    review: dict[str, Any]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    @property
    def red_flag_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.red_flag)


class QuestionnaireError(ValueError):
    pass


def _question(raw: dict[str, Any]) -> Question:
    options = tuple(
        Option(str(item["value"]), str(item["label"]), bool(item.get("exclusive", False)))
        for item in raw.get("options", [])
    )
    return Question(
        id=raw["id"],
        section=raw["section"],
        type=raw["type"],
        text=raw.get("text", ""),
        hint=raw.get("hint", ""),
        bullets=tuple(raw.get("bullets", [])),
        options=options,
        optional=bool(raw.get("optional", False)),
        show_if=raw.get("show_if"),
        red_flag=raw.get("red_flag"),
        minimum=raw.get("min"),
        maximum=raw.get("max"),
        max_length=raw.get("max_length"),
        min_items=raw.get("min_items", 1),
        max_items=raw.get("max_items", 5),
        past=bool(raw.get("past", False)),
        instrument=raw.get("instrument"),
        error=raw.get("error", ""),
    )


def _expand_includes(data: Any, folder: Path) -> Any:
    """Replace `- include: {from: other.yaml, section: x}` (or `questions: [ids]`) with those questions.

    Shared questions, above all the emergency screen, are kept in one file and
    reused, so two journeys can never drift apart on what they ask.
    """
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        return data
    expanded: list[Any] = []
    sections = dict(data.get("sections") or {})
    for raw in data["questions"]:
        spec = raw.get("include") if isinstance(raw, dict) else None
        if spec is None:
            expanded.append(raw)
            continue
        source = yaml_data.load((folder / spec["from"]).read_text(encoding="utf-8"))
        wanted_ids = spec.get("questions")
        picked = [
            question
            for question in source["questions"]
            if (wanted_ids is not None and question["id"] in wanted_ids)
            or (wanted_ids is None and question["section"] == spec.get("section"))
        ]
        if not picked:
            raise QuestionnaireError(f"include of {spec} found no questions")
        for question in picked:
            sections.setdefault(question["section"], source["sections"][question["section"]])
        expanded.extend(picked)
    return {**data, "sections": sections, "questions": expanded}


def load(path: Path) -> Questionnaire:
    data = _expand_includes(yaml_data.load(path.read_text(encoding="utf-8")), path.parent)
    issues = check(data, path.name)
    if issues:
        raise QuestionnaireError("; ".join(issues))
    return Questionnaire(
        id=data["id"],
        version=str(data["version"]),
        title=data["title"],
        sections=dict(data["sections"]),
        questions=tuple(_question(raw) for raw in data["questions"]),
        sources=tuple(data.get("sources", [])),
        review=data["review"],
    )


def check(data: Any, where: str) -> list[str]:  # noqa: PLR0912 - one check per rule of the schema
    """Every schema problem in a questionnaire file."""
    if not isinstance(data, dict):
        return [f"{where}: not a mapping"]
    issues: list[str] = []
    for key in ("id", "version", "title", "sections", "questions", "review"):
        if key not in data:
            issues.append(f"{where}: missing '{key}'")
    if issues:
        return issues
    seen: set[str] = set()
    sections = data["sections"]
    first_non_red_flag = None
    for index, raw in enumerate(data["questions"]):
        label = f"{where}: question {raw.get('id', index)}"
        if raw.get("id") in seen:
            issues.append(f"{label}: duplicate id")
        seen.add(raw.get("id"))
        if raw.get("type") not in TYPES:
            issues.append(f"{label}: unknown type {raw.get('type')!r}")
        if raw.get("section") not in sections:
            issues.append(f"{label}: unknown section {raw.get('section')!r}")
        if raw.get("type") != "instrument" and not raw.get("text"):
            issues.append(f"{label}: needs text")
        if raw.get("type") in CHOICE_TYPES:
            values = [str(option.get("value")) for option in raw.get("options", [])]
            if len(values) < 2 or len(set(values)) != len(values):
                issues.append(f"{label}: needs at least two options with different values")
        if raw.get("type") == "number" and (raw.get("min") is None or raw.get("max") is None):
            issues.append(f"{label}: a number needs min and max")
        if raw.get("type") == "text" and not raw.get("max_length"):
            issues.append(f"{label}: free text needs max_length")
        if raw.get("type") == "instrument" and not raw.get("instrument"):
            issues.append(f"{label}: needs the instrument id")
        if raw.get("red_flag"):
            if raw["red_flag"] not in RED_FLAGS:
                issues.append(f"{label}: unknown red flag {raw['red_flag']!r}")
            if raw.get("show_if") or raw.get("optional"):
                issues.append(f"{label}: red-flag questions are always asked and always required")
            if first_non_red_flag is not None:
                issues.append(f"{label}: red-flag questions must come before every other question")
        elif first_non_red_flag is None:
            first_non_red_flag = index
        if raw.get("show_if") is not None:
            issues.extend(conditions.problems(raw["show_if"], label))
            for source, key in conditions.referenced(raw["show_if"]):
                if source == "answer" and key not in seen:
                    issues.append(f"{label}: show_if refers to '{key}', which is not an earlier question")
    return issues


def self_referral() -> Questionnaire:
    return load(QUESTIONNAIRES / "self-referral.yaml")


def green_card() -> Questionnaire:
    return load(QUESTIONNAIRES / "green-card.yaml")
