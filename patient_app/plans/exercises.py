"""What a plan asks the patient to do now: its exercises with their dosage.

A plan follows its template's current stage, unless a clinician chose the
exercises (and their dosage) themselves.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from patient_app.content.library import Dosage, Exercise, Library, Plan, PlanItem, Stage
from patient_app.models import PatientPlan

# What a clinician may set. Wider than any template uses, narrow enough to catch a slip of the keyboard.
LIMITS = {"sets": (1, 10), "reps": (1, 50), "hold_seconds": (1, 300), "per_day": (1, 10), "per_week": (1, 7)}


class InvalidDosage(ValueError):
    pass


@dataclass(frozen=True)
class PlannedExercise:
    exercise: Exercise
    dosage: Dosage


def template_of(plan: PatientPlan, content: Library) -> Plan | None:
    return content.plans.get(plan.template_id)


def stage_of(plan: PatientPlan, content: Library) -> Stage | None:
    template = template_of(plan, content)
    if template is None:
        return None
    return next((stage for stage in template.stages if stage.id == plan.stage_id), None)


def next_stage(plan: PatientPlan, content: Library) -> Stage | None:
    """The stage after this one, for a plan that follows its template (not a clinician's own list)."""
    template = template_of(plan, content)
    if template is None or plan.exercises is not None:
        return None
    ids = [stage.id for stage in template.stages]
    if plan.stage_id not in ids or ids.index(plan.stage_id) + 1 >= len(ids):
        return None
    return template.stages[ids.index(plan.stage_id) + 1]


def with_override(dosage: Dosage, item: PlanItem) -> Dosage:
    return Dosage(
        sets=item.sets or dosage.sets,
        reps=item.reps if item.reps is not None else dosage.reps,
        hold_seconds=item.hold_seconds if item.hold_seconds is not None else dosage.hold_seconds,
        per_day=dosage.per_day,
        per_week=dosage.per_week,
    )


def stage_exercises(stage: Stage, content: Library) -> list[PlannedExercise]:
    return [
        PlannedExercise(content.exercises[item.exercise], with_override(content.exercises[item.exercise].dosage, item))
        for item in stage.items
        if item.exercise in content.exercises
    ]


def planned_exercises(plan: PatientPlan, content: Library) -> list[PlannedExercise]:
    if plan.exercises is not None:
        # An exercise taken out of the library since the clinician chose it is left out, not shown broken.
        return [
            PlannedExercise(content.exercises[chosen["exercise"]], dosage_from(chosen))
            for chosen in plan.exercises
            if chosen.get("exercise") in content.exercises
        ]
    stage = stage_of(plan, content)
    return stage_exercises(stage, content) if stage else []


def dosage_from(stored: dict[str, Any]) -> Dosage:
    return Dosage(
        sets=int(stored["sets"]),
        reps=stored.get("reps"),
        hold_seconds=stored.get("hold_seconds"),
        per_day=stored.get("per_day"),
        per_week=stored.get("per_week"),
    )


def stored_dosage(exercise_id: str, dosage: Dosage) -> dict[str, Any]:
    """A checked dosage as kept in `PatientPlan.exercises`; refuses anything out of range or ambiguous."""
    values = asdict(dosage)
    if (dosage.reps is None) == (dosage.hold_seconds is None):
        raise InvalidDosage("give reps or a hold time, not both")
    if (dosage.per_day is None) == (dosage.per_week is None):
        raise InvalidDosage("give times a day or days a week, not both")
    for name, (low, high) in LIMITS.items():
        value = values[name]
        if value is not None and not (isinstance(value, int) and low <= value <= high):
            raise InvalidDosage(f"{name} must be from {low} to {high}")
    return {"exercise": exercise_id, **values}
