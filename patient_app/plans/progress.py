"""Reading the logs: when to move on, when to ease off, and how much was done each week.

The rules come from the plan template's `progression` block (content, reviewed
by clinicians). They work on days, not single logs: a patient logs several
exercises a day, and one session that felt easy is not yet a reason to move on.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from patient_app.content.library import Progression, Stage
from patient_app.models import ExerciseLog, PatientPlan
from patient_app.plans.exercises import PlannedExercise


@dataclass(frozen=True)
class Advice:
    kind: str  # "ease-off" or "progress"
    reason: str  # "pain-high", "pain-rose" or "too-easy"
    latest_pain: int
    first_pain: int
    next_stage: Stage | None = None


@dataclass(frozen=True)
class Day:
    day: date
    highest_pain: int
    all_too_easy: bool


def stage_logs(plan: PatientPlan, logs: list[ExerciseLog]) -> list[ExerciseLog]:
    """Logs in the plan's current stage, with a pain score (so not the "not today" ones), oldest first."""
    return [
        log
        for log in logs
        if log.stage_id == plan.stage_id
        and log.logged_at >= plan.stage_started_at
        and log.outcome != "not-today"
        and log.pain_during is not None
    ]


def days_of(logs: list[ExerciseLog]) -> list[Day]:
    by_day: dict[date, list[ExerciseLog]] = defaultdict(list)
    for log in logs:
        by_day[log.logged_on].append(log)
    return [
        Day(day, max(log.pain_during or 0 for log in day_logs), all(log.difficulty == "too-easy" for log in day_logs))
        for day, day_logs in sorted(by_day.items())
    ]


def plan_advice(
    plan: PatientPlan, logs: list[ExerciseLog], rules: Progression, *, following: Stage | None
) -> Advice | None:
    days = days_of(stage_logs(plan, logs))
    if not days:
        return None
    first, latest = days[0].highest_pain, days[-1].highest_pain
    # Safety first: easing off is checked before any suggestion to do more.
    if latest >= rules.ease_off_pain_at:
        return Advice("ease-off", "pain-high", latest, first)
    if len(days) > 1 and latest - first >= rules.ease_off_pain_rise:
        return Advice("ease-off", "pain-rose", latest, first)
    recent = days[-rules.progress_after_too_easy :]
    if len(recent) == rules.progress_after_too_easy and all(
        day.all_too_easy and day.highest_pain <= rules.progress_max_pain for day in recent
    ):
        return Advice("progress", "too-easy", latest, first, next_stage=following)
    return None


def ready_for_harder(plan: PatientPlan, logs: list[ExerciseLog], rules: Progression, exercise_id: str) -> bool:
    """This one exercise was "too easy" with little pain the last few times it was logged."""
    mine = [log for log in stage_logs(plan, logs) if log.exercise_id == exercise_id]
    recent = mine[-rules.progress_after_too_easy :]
    return len(recent) == rules.progress_after_too_easy and all(
        log.difficulty == "too-easy" and (log.pain_during or 0) <= rules.progress_max_pain for log in recent
    )


@dataclass(frozen=True)
class Week:
    starts: date
    days_active: int
    done: int
    partly: int
    not_today: int
    planned: int

    @property
    def percent(self) -> int:
        """Sessions done (a part-done one counts half) out of those planned, at most 100."""
        if self.planned == 0:
            return 0
        return min(100, round(100 * (self.done + 0.5 * self.partly) / self.planned))


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def planned_sessions(planned: list[PlannedExercise], days: int) -> int:
    """Log-days a plan asks for over `days` days: one per exercise per day, or its days a week, pro rata."""
    total = 0
    for item in planned:
        if item.dosage.per_week is not None:
            total += min(days, math.ceil(item.dosage.per_week * days / 7))
        else:
            total += days
    return total


def weekly_adherence(
    logs: list[ExerciseLog], planned: list[PlannedExercise], *, start: date, today: date
) -> list[Week]:
    """One row per week (Monday to Sunday) from the plan's start to today, newest first."""
    weeks: list[Week] = []
    week = monday(start)
    while week <= today:
        first, last = max(week, start), min(week + timedelta(days=6), today)
        in_week = [log for log in logs if first <= log.logged_on <= last]
        outcomes = [log.outcome for log in in_week]
        weeks.append(
            Week(
                starts=week,
                days_active=len({log.logged_on for log in in_week if log.outcome != "not-today"}),
                done=outcomes.count("done"),
                partly=outcomes.count("partly"),
                not_today=outcomes.count("not-today"),
                planned=planned_sessions(planned, (last - first).days + 1),
            )
        )
        week += timedelta(days=7)
    return list(reversed(weeks))
