"""Leaflets, exercises and plans, loaded from content/ and checked against the schema.

The schema is docs/content-schema.md. Loading collects every problem it finds
(with the file it is in) instead of stopping at the first, so `content check`
can list them all for the writer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from patient_app import yaml_data
from patient_app.content.assignments import ASSIGNMENTS_FILE, Assignments, load_assignments
from patient_app.settings import PROJECT_ROOT

BODY_AREAS = {
    "neck": "Neck",
    "shoulder": "Shoulder",
    "elbow": "Elbow",
    "wrist-hand": "Wrist and hand",
    "back": "Back",
    "hip": "Hip",
    "knee": "Knee",
    "ankle-foot": "Ankle and foot",
    "general": "General fitness and mobility",
}
CONTENT_ROOT = PROJECT_ROOT / "content"


@dataclass(frozen=True)
class Review:
    author: str
    clinical_reviewer: str
    last_reviewed: date
    next_review_due: date

    @property
    def awaiting_clinical_review(self) -> bool:
        return not self.clinical_reviewer.strip()


@dataclass(frozen=True)
class Leaflet:
    id: str
    title: str
    summary: str
    body_areas: tuple[str, ...]
    conditions: tuple[str, ...]
    reading_time_minutes: int
    related_leaflets: tuple[str, ...]
    related_exercises: tuple[str, ...]
    sources: tuple[str, ...]
    review: Review
    body: str
    digest: str


@dataclass(frozen=True)
class Dosage:
    sets: int
    reps: int | None
    hold_seconds: int | None
    per_day: int | None
    per_week: int | None


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    summary: str
    body_areas: tuple[str, ...]
    equipment: tuple[str, ...]
    steps: tuple[str, ...]
    dosage: Dosage
    feel: str
    stop_if: tuple[str, ...]
    easier: str | None
    harder: str | None
    illustration_file: str
    illustration_description: str
    sources: tuple[str, ...]
    review: Review


@dataclass(frozen=True)
class PlanItem:
    exercise: str
    sets: int | None = None
    reps: int | None = None
    hold_seconds: int | None = None


@dataclass(frozen=True)
class Stage:
    id: str
    title: str
    weeks: int
    items: tuple[PlanItem, ...]


@dataclass(frozen=True)
class Progression:
    progress_after_too_easy: int
    progress_max_pain: int
    ease_off_pain_at: int
    ease_off_pain_rise: int


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    summary: str
    body_areas: tuple[str, ...]
    for_conditions: tuple[str, ...]
    stages: tuple[Stage, ...]
    progression: Progression
    sources: tuple[str, ...]
    review: Review


@dataclass
class Problem:
    path: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{'warning' if self.warning else 'error'}: {self.path}: {self.message}"


@dataclass
class Library:
    leaflets: dict[str, Leaflet] = field(default_factory=dict)
    exercises: dict[str, Exercise] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    assignments: Assignments = field(default_factory=Assignments)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    def illustration_path(self, exercise: Exercise) -> Path:
        return self.root / "exercises" / "illustrations" / exercise.illustration_file

    root: Path = CONTENT_ROOT


class _Reader:
    """Pulls typed fields out of a mapping, recording problems instead of raising."""

    def __init__(self, data: Any, path: str, problems: list[Problem]):
        self.data = data if isinstance(data, dict) else {}
        self.path = path
        self.problems = problems
        if not isinstance(data, dict):
            self.fail("is not a mapping of fields")

    def fail(self, message: str) -> None:
        self.problems.append(Problem(self.path, message))

    def text(self, key: str, *, optional: bool = False) -> str:
        value = self.data.get(key)
        if value is None and optional:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(f"'{key}' must be non-empty text")
            return ""
        return value.strip()

    def integer(self, key: str, *, optional: bool = False, minimum: int = 0) -> int | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            self.fail(f"'{key}' must be a whole number of at least {minimum}")
            return None
        return value

    def texts(self, key: str, *, allow_empty: bool = True) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            self.fail(f"'{key}' must be a list of text")
            return ()
        if not value and not allow_empty:
            self.fail(f"'{key}' must not be empty")
        return tuple(item.strip() for item in value)

    def body_areas(self) -> tuple[str, ...]:
        areas = self.texts("body_areas", allow_empty=False)
        for area in areas:
            if area not in BODY_AREAS:
                self.fail(f"unknown body area '{area}' (use one of {', '.join(BODY_AREAS)})")
        return areas

    def review(self) -> Review:
        raw = _Reader(self.data.get("review"), self.path + " (review)", self.problems)
        reviewer = raw.data.get("clinical_reviewer", None)
        if not isinstance(reviewer, str):
            raw.fail("'clinical_reviewer' must be text (empty while awaiting clinical review)")
            reviewer = ""
        last, due = raw.data.get("last_reviewed"), raw.data.get("next_review_due")
        if not isinstance(last, date) or not isinstance(due, date):
            raw.fail("'last_reviewed' and 'next_review_due' must be dates (YYYY-MM-DD)")
            last = due = date.min
        elif due <= last:
            raw.fail("'next_review_due' must be after 'last_reviewed'")
        return Review(raw.text("author"), reviewer, last, due)


def _check_ids(path: str, declared: Any, expected: str, problems: list[Problem]) -> None:
    if declared != expected:
        problems.append(Problem(path, f"id '{declared}' must match the file name '{expected}'"))


def load_leaflet(path: Path, problems: list[Problem]) -> Leaflet | None:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n") or text.count("\n---\n") < 1:
        problems.append(Problem(path.name, "must start with YAML front matter between '---' lines"))
        return None
    _, front, body = text.split("---\n", 2)
    try:
        meta = yaml_data.load(front)
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, f"front matter is not valid YAML: {exc}"))
        return None
    r = _Reader(meta, path.name, problems)
    _check_ids(path.name, r.data.get("id"), path.stem, problems)
    if "\n# " in "\n" + body:
        r.fail("use '##' and '###' headings in the body; the title is the page's only '#' heading")
    return Leaflet(
        id=path.stem,
        title=r.text("title"),
        summary=r.text("summary"),
        body_areas=r.body_areas(),
        conditions=r.texts("conditions"),
        reading_time_minutes=r.integer("reading_time_minutes", minimum=1) or 1,
        related_leaflets=r.texts("related_leaflets"),
        related_exercises=r.texts("related_exercises"),
        sources=r.texts("sources", allow_empty=False),
        review=r.review(),
        body=body.strip(),
        digest=hashlib.sha256(text.encode()).hexdigest()[:16],
    )


def _dosage(raw: Any, path: str, problems: list[Problem]) -> Dosage:
    r = _Reader(raw, path + " (dosage)", problems)
    reps, hold = r.integer("reps", optional=True, minimum=1), r.integer("hold_seconds", optional=True, minimum=1)
    per_day, per_week = r.integer("per_day", optional=True, minimum=1), r.integer("per_week", optional=True, minimum=1)
    if (reps is None) == (hold is None):
        r.fail("give exactly one of 'reps' and 'hold_seconds'")
    if (per_day is None) == (per_week is None):
        r.fail("give exactly one of 'per_day' and 'per_week'")
    return Dosage(r.integer("sets", minimum=1) or 1, reps, hold, per_day, per_week)


def load_exercise(path: Path, problems: list[Problem]) -> Exercise | None:
    try:
        data = yaml_data.load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, f"not valid YAML: {exc}"))
        return None
    r = _Reader(data, path.name, problems)
    _check_ids(path.name, r.data.get("id"), path.stem, problems)
    illustration = _Reader(r.data.get("illustration"), path.name + " (illustration)", problems)
    return Exercise(
        id=path.stem,
        title=r.text("title"),
        summary=r.text("summary"),
        body_areas=r.body_areas(),
        equipment=r.texts("equipment"),
        steps=r.texts("steps", allow_empty=False),
        dosage=_dosage(r.data.get("dosage"), path.name, problems),
        feel=r.text("feel"),
        stop_if=r.texts("stop_if", allow_empty=False),
        easier=r.data.get("easier") or None,
        harder=r.data.get("harder") or None,
        illustration_file=illustration.text("file"),
        illustration_description=illustration.text("description"),
        sources=r.texts("sources", allow_empty=False),
        review=r.review(),
    )


def load_plan(path: Path, problems: list[Problem]) -> Plan | None:
    try:
        data = yaml_data.load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.append(Problem(path.name, f"not valid YAML: {exc}"))
        return None
    r = _Reader(data, path.name, problems)
    _check_ids(path.name, r.data.get("id"), path.stem, problems)
    stages = []
    listed = r.data.get("stages")
    raw_stages: list[Any] = listed if isinstance(listed, list) else []
    if not raw_stages:
        r.fail("'stages' must list at least one stage")
    for raw_stage in raw_stages:
        s = _Reader(raw_stage, f"{path.name} (stage)", problems)
        items = []
        raw_items = s.data.get("exercises")
        for raw_item in raw_items if isinstance(raw_items, list) else []:
            i = _Reader(raw_item, f"{path.name} (stage {s.data.get('id')})", problems)
            items.append(
                PlanItem(
                    exercise=i.text("exercise"),
                    sets=i.integer("sets", optional=True, minimum=1),
                    reps=i.integer("reps", optional=True, minimum=1),
                    hold_seconds=i.integer("hold_seconds", optional=True, minimum=1),
                )
            )
        if not items:
            s.fail("a stage needs at least one exercise")
        stages.append(Stage(s.text("id"), s.text("title"), s.integer("weeks", minimum=1) or 1, tuple(items)))
    p = _Reader(r.data.get("progression"), path.name + " (progression)", problems)
    progression = Progression(
        progress_after_too_easy=p.integer("progress_after_too_easy", minimum=1) or 2,
        progress_max_pain=p.integer("progress_max_pain") or 0,
        ease_off_pain_at=p.integer("ease_off_pain_at", minimum=1) or 7,
        ease_off_pain_rise=p.integer("ease_off_pain_rise", minimum=1) or 3,
    )
    return Plan(
        id=path.stem,
        title=r.text("title"),
        summary=r.text("summary"),
        body_areas=r.body_areas(),
        for_conditions=r.texts("for_conditions"),
        stages=tuple(stages),
        progression=progression,
        sources=r.texts("sources", allow_empty=False),
        review=r.review(),
    )


def load(root: Path = CONTENT_ROOT) -> Library:
    library = Library(root=root)
    problems = library.problems
    for path in sorted((root / "leaflets").glob("*.md")):
        if leaflet := load_leaflet(path, problems):
            library.leaflets[leaflet.id] = leaflet
    for path in sorted((root / "exercises").glob("*.yaml")):
        if exercise := load_exercise(path, problems):
            library.exercises[exercise.id] = exercise
    for path in sorted((root / "plans").glob("*.yaml")):
        if path.name == ASSIGNMENTS_FILE:
            continue  # not a plan: which plan each body area gets
        if plan := load_plan(path, problems):
            library.plans[plan.id] = plan
    library.assignments = load_assignments(root / "plans" / ASSIGNMENTS_FILE, problems)
    from patient_app.content.checks import cross_check  # noqa: PLC0415 - checks import the dataclasses above

    cross_check(library)
    return library


@lru_cache(maxsize=1)
def library() -> Library:
    """The content the app serves: loaded once per process."""
    return load()
