"""When the plan suggests moving on or easing off, and adherence by week."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask import Flask
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from patient_app import clock
from patient_app.content.library import Dosage, library
from patient_app.models import ExerciseLog, Patient, PatientPlan
from patient_app.plans import assignment, logs
from patient_app.plans.exercises import PlannedExercise, next_stage, planned_exercises
from patient_app.plans.progress import Advice, plan_advice, ready_for_harder, weekly_adherence
from tests.support.plans import log, make_plan

# low-back-pain: "too easy" on 2 days with pain at most 3 moves on; pain 7, or 3 above the start, eases off.
RULES = library().plans["low-back-pain"].progression
MONDAY = date(2026, 11, 2)
THE_SUNDAY_BEFORE = datetime.combine(MONDAY - timedelta(days=1), time(9, 0), tzinfo=UTC)  # the plan starts


@pytest.fixture
def plan(app: Flask, db: Session, patient: Patient) -> PatientPlan:
    clock.freeze(THE_SUNDAY_BEFORE)
    return make_plan(db, patient)


def advice(db: Session, plan: PatientPlan) -> Advice | None:
    return plan_advice(plan, logs.logs_for(db, plan=plan), RULES, following=next_stage(plan, library()))


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def test_the_rules_under_test_are_the_ones_in_the_content() -> None:
    assert (RULES.progress_after_too_easy, RULES.progress_max_pain) == (2, 3)
    assert (RULES.ease_off_pain_at, RULES.ease_off_pain_rise) == (7, 3)


def test_nothing_to_say_without_logs(db: Session, plan: PatientPlan) -> None:
    assert advice(db, plan) is None


def test_too_easy_on_two_days_with_little_pain_suggests_the_next_stage(db: Session, plan: PatientPlan) -> None:
    for n in (0, 1):
        log(db, plan, "knee-rolls", day(n), pain=2, difficulty="too-easy")
        log(db, plan, "pelvic-tilts", day(n), pain=1, difficulty="too-easy")
    found = advice(db, plan)
    assert found is not None
    assert (found.kind, found.reason) == ("progress", "too-easy")
    assert found.next_stage is not None
    assert found.next_stage.id == "weeks-3-6"


def test_one_easy_day_is_not_enough(db: Session, plan: PatientPlan) -> None:
    log(db, plan, "knee-rolls", day(0), difficulty="about-right")
    log(db, plan, "knee-rolls", day(1), difficulty="too-easy")
    assert advice(db, plan) is None


def test_easy_but_painful_does_not_move_on(db: Session, plan: PatientPlan) -> None:
    for n in (0, 1):
        log(db, plan, "knee-rolls", day(n), pain=4, difficulty="too-easy")
    assert advice(db, plan) is None


def test_a_day_with_one_exercise_about_right_is_not_an_easy_day(db: Session, plan: PatientPlan) -> None:
    log(db, plan, "knee-rolls", day(0), difficulty="too-easy")
    log(db, plan, "knee-rolls", day(1), difficulty="too-easy")
    log(db, plan, "pelvic-tilts", day(1), difficulty="about-right")
    assert advice(db, plan) is None


def test_high_pain_means_ease_off_even_when_it_felt_easy(db: Session, plan: PatientPlan) -> None:
    log(db, plan, "knee-rolls", day(0), pain=2, difficulty="too-easy")
    log(db, plan, "knee-rolls", day(1), pain=2, difficulty="too-easy")
    log(db, plan, "pelvic-tilts", day(1), pain=7, difficulty="too-easy")
    found = advice(db, plan)
    assert found is not None
    assert (found.kind, found.reason, found.latest_pain) == ("ease-off", "pain-high", 7)


def test_pain_rising_from_the_start_of_the_stage_means_ease_off(db: Session, plan: PatientPlan) -> None:
    log(db, plan, "knee-rolls", day(0), pain=1)
    log(db, plan, "knee-rolls", day(1), pain=3)
    assert advice(db, plan) is None  # up 2: within the plan's limit of 3
    log(db, plan, "knee-rolls", day(2), pain=4)
    found = advice(db, plan)
    assert found is not None
    assert (found.kind, found.reason, found.first_pain, found.latest_pain) == ("ease-off", "pain-rose", 1, 4)


def test_not_today_logs_and_earlier_stages_do_not_count(db: Session, plan: PatientPlan) -> None:
    log(db, plan, "knee-rolls", day(0), pain=6)
    clock.freeze(datetime(2026, 11, 3, 9, 0, tzinfo=UTC))
    assert assignment.move_to_next_stage(db, plan=plan, content=library())
    db.commit()
    log(db, plan, "bridging", day(2), outcome="not-today", pain=None, difficulty=None)
    log(db, plan, "bridging", day(3), pain=1, difficulty="too-easy")
    assert advice(db, plan) is None  # the earlier pain of 6 is not this stage's start
    log(db, plan, "bridging", day(4), pain=1, difficulty="too-easy")
    found = advice(db, plan)
    assert found is not None
    assert found.next_stage is not None
    assert (found.kind, found.next_stage.id) == ("progress", "weeks-7-12")


def test_in_the_last_stage_easy_logs_still_say_so_with_no_next_stage(db: Session, patient: Patient) -> None:
    clock.freeze(THE_SUNDAY_BEFORE)
    plan = make_plan(db, patient, stage=2)
    for n in (0, 1):
        log(db, plan, "bridging", day(n), pain=0, difficulty="too-easy")
    found = advice(db, plan)
    assert found is not None
    assert (found.kind, found.next_stage) == ("progress", None)
    assert not assignment.move_to_next_stage(db, plan=plan, content=library())


def test_one_exercise_ready_for_its_harder_version(db: Session, plan: PatientPlan) -> None:
    log(db, plan, "knee-rolls", day(0), pain=1, difficulty="too-easy")
    log(db, plan, "pelvic-tilts", day(0), pain=1, difficulty="about-right")
    assert not ready_for_harder(plan, logs.logs_for(db, plan=plan), RULES, "knee-rolls")
    log(db, plan, "knee-rolls", day(1), pain=2, difficulty="too-easy")
    found = logs.logs_for(db, plan=plan)
    assert ready_for_harder(plan, found, RULES, "knee-rolls")
    assert not ready_for_harder(plan, found, RULES, "pelvic-tilts")


def test_logging_again_on_the_same_day_replaces_the_log(db: Session, plan: PatientPlan) -> None:
    log(db, plan, "knee-rolls", day(0), pain=5, difficulty="too-hard")
    log(db, plan, "knee-rolls", day(0), pain=2, difficulty="about-right")
    [only] = logs.logs_for(db, plan=plan)
    assert (only.pain_during, only.difficulty) == (2, "about-right")


@pytest.mark.parametrize(
    "entry",
    [
        logs.LogEntry("done", 11, "about-right"),
        logs.LogEntry("done", -1, "about-right"),
        logs.LogEntry("done", None, "about-right"),
        logs.LogEntry("partly", 3, "very-hard"),
        logs.LogEntry("skipped", None, None),
    ],
)
def test_out_of_range_logs_are_refused(db: Session, plan: PatientPlan, entry: logs.LogEntry) -> None:
    with pytest.raises(logs.InvalidLog):
        logs.record(db, plan=plan, exercise_id="knee-rolls", entry=entry, day=day(0))


def test_not_today_keeps_no_pain_or_difficulty(db: Session, plan: PatientPlan) -> None:
    row = logs.record(db, plan=plan, exercise_id="knee-rolls", entry=logs.LogEntry("not-today", 9, "too-hard"))
    assert (row.outcome, row.pain_during, row.difficulty) == ("not-today", None, None)


def test_weekly_adherence(db: Session, plan: PatientPlan) -> None:
    planned = planned_exercises(plan, library())  # knee rolls, pelvic tilts, knee to chest, walking: all daily
    assert len(planned) == 4
    start, today = date(2026, 11, 4), date(2026, 11, 10)  # a Wednesday, and the Tuesday after
    log(db, plan, "knee-rolls", date(2026, 11, 4))
    log(db, plan, "pelvic-tilts", date(2026, 11, 4), outcome="partly")
    log(db, plan, "walking", date(2026, 11, 5), outcome="not-today", pain=None, difficulty=None)
    log(db, plan, "walking", date(2026, 11, 9))
    this_week, first_week = weekly_adherence(logs.logs_for(db, plan=plan), planned, start=start, today=today)
    assert first_week.starts == date(2026, 11, 2)
    assert (first_week.days_active, first_week.done, first_week.partly, first_week.not_today) == (1, 1, 1, 1)
    assert first_week.planned == 4 * 5  # Wednesday to Sunday
    assert first_week.percent == round(100 * 1.5 / 20)
    assert (this_week.starts, this_week.done, this_week.planned) == (date(2026, 11, 9), 1, 4 * 2)


def test_weekly_sessions_for_exercises_done_some_days_a_week() -> None:
    bridging = library().exercises["bridging"]
    planned = [PlannedExercise(bridging, Dosage(1, 10, None, None, 3))]
    [week] = weekly_adherence([], planned, start=date(2026, 11, 2), today=date(2026, 11, 8))
    assert (week.planned, week.percent) == (3, 0)
    [short] = weekly_adherence([], planned, start=date(2026, 11, 2), today=date(2026, 11, 3))
    assert short.planned == 1  # 3 a week, pro rata over 2 days, rounded up


@pytest.mark.parametrize(("pain", "outcome"), [(11, "done"), (-1, "done"), (3, "skipped")])
def test_the_database_refuses_out_of_range_logs_too(db: Session, plan: PatientPlan, pain: int, outcome: str) -> None:
    db.add(
        ExerciseLog(
            plan_id=plan.id,
            patient_id=plan.patient_id,
            exercise_id="knee-rolls",
            stage_id=plan.stage_id,
            logged_on=day(0),
            outcome=outcome,
            pain_during=pain,
            difficulty="about-right",
        )
    )
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()
