"""Everything "Today's exercises" (and the staff summary) shows about a plan, gathered in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from patient_app.clock import LONDON
from patient_app.content.library import Exercise, Library, Plan, Stage
from patient_app.models import ExerciseLog, PatientPlan
from patient_app.plans import logs
from patient_app.plans.exercises import PlannedExercise, next_stage, planned_exercises, stage_of, template_of
from patient_app.plans.progress import Advice, Week, plan_advice, ready_for_harder, weekly_adherence


@dataclass(frozen=True)
class TodayItem:
    planned: PlannedExercise
    logged_today: ExerciseLog | None
    easier: Exercise | None  # offered while the plan says to ease off
    harder: Exercise | None  # offered once this exercise has been too easy for a while

    @property
    def exercise(self) -> Exercise:
        return self.planned.exercise


@dataclass(frozen=True)
class PlanView:
    plan: PatientPlan
    template: Plan | None
    stage: Stage | None
    items: list[TodayItem]
    advice: Advice | None
    weeks: list[Week]

    @property
    def custom(self) -> bool:
        return self.plan.exercises is not None

    @property
    def this_week(self) -> Week | None:
        return self.weeks[0] if self.weeks else None


def plan_view(db: Session, *, plan: PatientPlan, content: Library, today: date) -> PlanView:
    template = template_of(plan, content)
    all_logs = logs.logs_for(db, plan=plan)
    advice = None
    if template is not None:
        advice = plan_advice(plan, all_logs, template.progression, following=next_stage(plan, content))
    easing_off = advice is not None and advice.kind == "ease-off"
    todays = {log.exercise_id: log for log in all_logs if log.logged_on == today}
    items = []
    for planned in planned_exercises(plan, content):
        exercise = planned.exercise
        harder = None
        if (
            template is not None
            and not easing_off
            and ready_for_harder(plan, all_logs, template.progression, exercise.id)
        ):
            harder = content.exercises.get(exercise.harder or "")
        easier = content.exercises.get(exercise.easier or "") if easing_off else None
        items.append(TodayItem(planned, todays.get(exercise.id), easier, harder))
    start = plan.assigned_at.astimezone(LONDON).date()
    weeks = weekly_adherence(all_logs, [item.planned for item in items], start=min(start, today), today=today)
    return PlanView(plan, template, stage_of(plan, content), items, advice, weeks)
