"""Checks across content files: links, illustrations, review dates, safe SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

from patient_app import clock
from patient_app.content import authoring_checks
from patient_app.content.library import Exercise, Leaflet, Library, Plan, Problem

LINK = re.compile(r"\]\((leaflet|exercise):([a-z0-9-]+)\)")
SVG_NS = "{http://www.w3.org/2000/svg}"
# Anything that could run, fetch or restyle inside the page is refused.
FORBIDDEN_SVG = re.compile(r"<script|<style|\bstyle=|\bon[a-z]+=|href=|<image|<foreignObject|<text", re.IGNORECASE)


def cross_check(library: Library, *, today: date | None = None) -> None:
    _check_leaflets(library)
    _check_exercises(library)
    _check_plans(library)
    _check_reviews(library, today or clock.london_today())
    authoring_checks.check_ids(library)
    authoring_checks.check_leaflet_bodies(library)
    authoring_checks.check_exercise_links(library)
    authoring_checks.check_unused_illustrations(library)
    authoring_checks.check_plan_items(library)
    authoring_checks.check_assignments(library)
    # Plans share ids with the leaflet for their condition on purpose; leaflets
    # and exercises share one search index, so their ids must differ.
    for shared_id in sorted(set(library.leaflets) & set(library.exercises)):
        library.problems.append(Problem(shared_id, "the same id is used by a leaflet and an exercise"))


def _check_leaflets(library: Library) -> None:
    problems, leaflets, exercises = library.problems, library.leaflets, library.exercises
    for leaflet in leaflets.values():
        where = f"leaflets/{leaflet.id}.md"
        for other in leaflet.related_leaflets:
            if other not in leaflets:
                problems.append(Problem(where, f"related leaflet '{other}' does not exist"))
        for exercise_id in leaflet.related_exercises:
            if exercise_id not in exercises:
                problems.append(Problem(where, f"related exercise '{exercise_id}' does not exist"))
        for kind, target in LINK.findall(leaflet.body):
            if target not in (leaflets if kind == "leaflet" else exercises):
                problems.append(Problem(where, f"link to {kind} '{target}' is broken"))


def _check_exercises(library: Library) -> None:
    problems, exercises = library.problems, library.exercises
    for exercise in exercises.values():
        where = f"exercises/{exercise.id}.yaml"
        for direction in ("easier", "harder"):
            target = getattr(exercise, direction)
            if target is not None and target not in exercises:
                problems.append(Problem(where, f"{direction} exercise '{target}' does not exist"))
        _check_illustration(library, exercise.id, exercise.illustration_file, exercise.title, problems)


def _check_plans(library: Library) -> None:
    problems, exercises = library.problems, library.exercises
    for plan in library.plans.values():
        where = f"plans/{plan.id}.yaml"
        stage_ids = [stage.id for stage in plan.stages]
        if len(set(stage_ids)) != len(stage_ids):
            problems.append(Problem(where, "stage ids must be unique"))
        for stage in plan.stages:
            for item in stage.items:
                if item.exercise not in exercises:
                    problems.append(Problem(where, f"stage '{stage.id}' uses unknown exercise '{item.exercise}'"))


def _check_reviews(library: Library, today: date) -> None:
    reviewed: list[tuple[str, Leaflet | Exercise | Plan]] = [
        *(("leaflets", item) for item in library.leaflets.values()),
        *(("exercises", item) for item in library.exercises.values()),
        *(("plans", item) for item in library.plans.values()),
    ]
    if library.assignments.review is not None:
        reviewed_assignments = library.assignments.review
        if reviewed_assignments.next_review_due < today:
            library.problems.append(
                Problem(
                    "plans/assignments.yaml", f"review was due on {reviewed_assignments.next_review_due}", warning=True
                )
            )
    for folder, record in reviewed:
        if record.review.next_review_due < today:
            library.problems.append(
                Problem(f"{folder}/{record.id}", f"review was due on {record.review.next_review_due}", warning=True)
            )


def _check_illustration(library: Library, exercise_id: str, file: str, title: str, problems: list[Problem]) -> None:
    where = f"exercises/{exercise_id}.yaml"
    path = library.root / "exercises" / "illustrations" / file
    if not file or not path.exists():
        problems.append(Problem(where, f"illustration '{file}' is missing"))
        return
    source = path.read_text(encoding="utf-8")
    if FORBIDDEN_SVG.search(source):
        problems.append(Problem(where, f"illustration '{file}' has text, styles, scripts or links"))
    try:
        # Our own files from the repository, parsed by the content check before they are served.
        root = ET.fromstring(source)  # noqa: S314  # nosec B314
    except ET.ParseError as exc:
        problems.append(Problem(where, f"illustration '{file}' is not valid SVG: {exc}"))
        return
    if root.tag != f"{SVG_NS}svg" or root.get("viewBox") != "0 0 480 240" or root.get("role") != "img":
        problems.append(Problem(where, f"illustration '{file}' needs viewBox '0 0 480 240' and role 'img'"))
    svg_title = root.find(f"{SVG_NS}title")
    if svg_title is None or (svg_title.text or "").strip() != title:
        problems.append(Problem(where, f"illustration '{file}' needs a <title> matching '{title}'"))
