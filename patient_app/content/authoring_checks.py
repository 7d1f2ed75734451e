"""Checks for mistakes a writer can make: block syntax, link targets, ids, dosage overrides, assignments.

Each check appends `Problem`s; `checks.cross_check` runs them all.
"""

from __future__ import annotations

import re
from collections import Counter

from patient_app.content import blocks
from patient_app.content.library import BODY_AREAS, Library, Problem

# Ids become URLs and HTML ids, so they stay lower-case words joined by hyphens.
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]*)\)")
ALLOWED_LINK = re.compile(r"^(leaflet:[a-z0-9-]+|exercise:[a-z0-9-]+|https://\S+|mailto:\S+|tel:[0-9 +]+)$")
# Raw HTML would bypass the NHS components and the escaping the pages rely on.
RAW_HTML = re.compile(r"<\s*/?\s*[A-Za-z!]")


def check_ids(library: Library) -> None:
    kinds = (("leaflets", library.leaflets), ("exercises", library.exercises), ("plans", library.plans))
    for folder, items in kinds:
        for item_id in items:
            if not ID_PATTERN.match(item_id):
                library.problems.append(
                    Problem(f"{folder}/{item_id}", "ids must be lower-case letters and numbers joined by hyphens")
                )


def check_leaflet_bodies(library: Library) -> None:
    for leaflet in library.leaflets.values():
        where = f"leaflets/{leaflet.id}.md"
        _segments, found = blocks.split(leaflet.body)
        library.problems.extend(Problem(where, message) for message in found)
        if RAW_HTML.search(leaflet.body):
            library.problems.append(Problem(where, "the body must not contain HTML: use Markdown and ':::' blocks"))
        for target in MARKDOWN_LINK.findall(leaflet.body):
            if not ALLOWED_LINK.match(target):
                library.problems.append(
                    Problem(where, f"link '{target}' is broken: use leaflet:<id>, exercise:<id> or https://...")
                )
        for name, values in (
            ("related_leaflets", leaflet.related_leaflets),
            ("related_exercises", leaflet.related_exercises),
        ):
            for repeated in sorted(item for item, count in Counter(values).items() if count > 1):
                library.problems.append(Problem(where, f"'{repeated}' is listed twice in {name}", warning=True))
        if leaflet.id in leaflet.related_leaflets:
            library.problems.append(Problem(where, "a leaflet cannot be related to itself"))


def check_exercise_links(library: Library) -> None:
    for exercise in library.exercises.values():
        for direction in ("easier", "harder"):
            if getattr(exercise, direction) == exercise.id:
                library.problems.append(
                    Problem(f"exercises/{exercise.id}.yaml", f"the {direction} version cannot be the exercise itself")
                )


def check_unused_illustrations(library: Library) -> None:
    folder = library.root / "exercises" / "illustrations"
    used = {exercise.illustration_file for exercise in library.exercises.values()}
    for path in sorted(folder.glob("*.svg")):
        if path.name not in used:
            library.problems.append(
                Problem(f"exercises/illustrations/{path.name}", "no exercise uses this drawing", warning=True)
            )


def check_plan_items(library: Library) -> None:
    for plan in library.plans.values():
        where = f"plans/{plan.id}.yaml"
        for stage in plan.stages:
            counts = Counter(item.exercise for item in stage.items)
            for repeated in sorted(name for name, count in counts.items() if count > 1):
                library.problems.append(Problem(where, f"stage '{stage.id}' lists '{repeated}' twice"))
            for item in stage.items:
                exercise = library.exercises.get(item.exercise)
                if exercise is None:
                    continue  # reported by checks._check_plans
                held = exercise.dosage.hold_seconds is not None
                if item.reps is not None and held:
                    library.problems.append(
                        Problem(where, f"stage '{stage.id}' gives reps for '{item.exercise}', which is a hold")
                    )
                if item.hold_seconds is not None and not held:
                    library.problems.append(
                        Problem(where, f"stage '{stage.id}' gives hold_seconds for '{item.exercise}', which uses reps")
                    )


def check_assignments(library: Library) -> None:
    where = "plans/assignments.yaml"
    for area, plan_id in library.assignments.body_areas.items():
        if area not in BODY_AREAS:
            library.problems.append(Problem(where, f"unknown body area '{area}'"))
            continue
        plan = library.plans.get(plan_id)
        if plan is None:
            library.problems.append(Problem(where, f"body area '{area}' names plan '{plan_id}', which does not exist"))
        elif area not in plan.body_areas:
            library.problems.append(
                Problem(where, f"plan '{plan_id}' is for {', '.join(plan.body_areas)}, not '{area}'", warning=True)
            )
    if library.assignments.body_areas:
        for area in BODY_AREAS:
            if area != "general" and area not in library.assignments.body_areas:
                library.problems.append(
                    Problem(where, f"no plan for body area '{area}': those patients get none", warning=True)
                )
