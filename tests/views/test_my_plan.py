"""The patient's plan pages: today's exercises, the quick log, advice, history, PDF and the account panel."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from patient_app import clock
from patient_app.content.library import library
from patient_app.models import ExerciseLog, Patient, PatientPlan
from tests.conftest import sign_in_patient
from tests.support.pages import PageClient
from tests.support.plans import log, make_plan
from tests.support.soup import attr

# low-back-pain, weeks 1 and 2
STAGE_ONE = ["knee-rolls", "pelvic-tilts", "knee-to-chest", "walking"]
# The light grey of the floor in every drawing, as WeasyPrint writes a stroke colour (#aeb7bd).
DRAWING_STROKE = "0.682353 0.717647 0.741176 RG"


@pytest.fixture
def plan(db: Session, patient: Patient) -> PatientPlan:
    return make_plan(db, patient)


@pytest.fixture
def me(client: PageClient, patient: Patient) -> PageClient:
    sign_in_patient(client, patient)
    return client


def log_url(plan: PatientPlan, exercise_id: str = "knee-rolls") -> str:
    return f"/my-plan/{plan.id}/exercises/{exercise_id}/log"


def logs_in(db: Session, plan: PatientPlan) -> list[ExerciseLog]:
    db.expire_all()
    return list(db.exec(select(ExerciseLog).where(ExerciseLog.plan_id == plan.id)))


def test_without_a_plan(me: PageClient) -> None:
    page = me.get("/my-plan")
    assert page.h1 == "Today’s exercises"
    assert "You do not have an exercise plan yet." in page.text()
    assert me.raw.get("/my-plan.pdf").status_code == 404
    assert "You do not have an exercise plan yet." in me.get("/my-plan/history").text()


def test_todays_exercises(me: PageClient, plan: PatientPlan) -> None:
    page = me.get("/my-plan")
    assert page.h1 == "Today’s exercises"
    assert "Exercises for low back pain: weeks 1 and 2" in page.text(".nhsuk-lede-text")
    sections = page.select(".app-plan-exercise")
    assert [section["id"] for section in sections] == [f"exercise-{e}" for e in STAGE_ONE]
    knee_rolls = library().exercises["knee-rolls"]
    first = sections[0]
    assert first.select_one("h2").get_text(strip=True) == "Knee rolls"  # type: ignore[union-attr]
    assert first.select_one(".app-illustration img")["alt"] == knee_rolls.illustration_description  # type: ignore[index]
    assert [li.get_text(strip=True) for li in first.select("ol li")] == list(knee_rolls.steps)
    assert "Repeat 10 times. Do this 3 times a day." in first.get_text(" ", strip=True)
    form = first.select_one("form.app-plan-log")
    assert form is not None
    assert form["action"] == log_url(plan)
    assert {field["name"] for field in form.select("input[type=radio]")} == {
        "knee-rolls-outcome",
        "knee-rolls-difficulty",
    }
    assert form.select_one('input[name="knee-rolls-pain"]') is not None


def test_timer_is_an_enhancement_hidden_until_the_script_runs(me: PageClient, plan: PatientPlan) -> None:
    page = me.get("/my-plan")
    timer = page.one("#exercise-knee-rolls [data-exercise-timer]")
    assert timer.has_attr("hidden")
    assert (timer["data-reps"], timer["data-sets"], timer["data-hold"]) == ("10", "1", "")
    assert json.loads(str(timer["data-text"]))["startHold"] == "Start hold {n} of {total}"
    assert any("exercise-timer.js" in str(script.get("src")) for script in page.select("script"))


def test_log_an_exercise(me: PageClient, db: Session, plan: PatientPlan) -> None:
    response = me.post(
        log_url(plan),
        {"knee-rolls-outcome": "done", "knee-rolls-pain": "3", "knee-rolls-difficulty": "about-right"},
        csrf_from="/my-plan",
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/my-plan#exercise-knee-rolls"
    [row] = logs_in(db, plan)
    assert (row.exercise_id, row.outcome, row.pain_during, row.difficulty) == ("knee-rolls", "done", 3, "about-right")
    assert row.logged_on == clock.london_today()
    page = me.get("/my-plan")
    assert "Saved: Knee rolls, done." in page.text(".nhsuk-notification-banner")
    assert "You logged this as done today, with pain 3 out of 10." in page.text("#exercise-knee-rolls")


def test_not_today_needs_no_pain_score(me: PageClient, db: Session, plan: PatientPlan) -> None:
    response = me.post(log_url(plan, "walking"), {"walking-outcome": "not-today"}, csrf_from="/my-plan")
    assert response.status_code == 302
    [row] = logs_in(db, plan)
    assert (row.outcome, row.pain_during, row.difficulty) == ("not-today", None, None)


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, ["Select if you did this exercise today"]),
        (
            {"knee-rolls-outcome": "done"},
            ["Enter your pain during the exercise, from 0 to 10", "Select how the exercise felt"],
        ),
        (
            {"knee-rolls-outcome": "partly", "knee-rolls-pain": "11", "knee-rolls-difficulty": "too-easy"},
            ["Pain during the exercise must be a number from 0 to 10"],
        ),
        (
            {"knee-rolls-outcome": "done", "knee-rolls-pain": "-1", "knee-rolls-difficulty": "about-right"},
            ["Pain during the exercise must be a number from 0 to 10"],
        ),
        (
            {"knee-rolls-outcome": "done", "knee-rolls-pain": "2", "knee-rolls-difficulty": "impossible"},
            ["Select how the exercise felt"],
        ),
        ({"knee-rolls-outcome": "skipped"}, ["Select if you did this exercise today"]),
    ],
)
def test_bad_logs_are_refused_with_nhs_errors(
    me: PageClient, db: Session, plan: PatientPlan, data: dict[str, str], errors: list[str]
) -> None:
    page = me.submit(log_url(plan), data, csrf_from="/my-plan")
    assert page.title.startswith("Error: How did Knee rolls go today?")
    assert page.errors() == errors
    for link in page.select(".nhsuk-error-summary a"):
        assert page.select(str(link["href"])), f"the error links to {link['href']}, which is not on the page"
    assert logs_in(db, plan) == []


def test_the_log_page_on_its_own(me: PageClient, plan: PatientPlan) -> None:
    page = me.get(log_url(plan, "walking"))
    assert page.h1 == "How did Walking go today?"
    assert page.one("main form")["action"] == log_url(plan, "walking")


def test_another_patients_plan_is_404(
    client: PageClient, db: Session, plan: PatientPlan, other_patient: Patient
) -> None:
    sign_in_patient(client, other_patient)
    client.get(log_url(plan), status=404)
    response = client.post(
        log_url(plan),
        {"knee-rolls-outcome": "done", "knee-rolls-pain": "3", "knee-rolls-difficulty": "about-right"},
        csrf_from="/my-plan",
    )
    assert response.status_code == 404
    assert client.post(f"/my-plan/{plan.id}/next-stage", {}, csrf_from="/my-plan").status_code == 404
    assert logs_in(db, plan) == []


def test_an_exercise_not_in_the_plan_or_an_old_plan_is_404(me: PageClient, db: Session, plan: PatientPlan) -> None:
    me.get(log_url(plan, "bridging"), status=404)  # in the library, not in this stage
    plan.active = False
    db.add(plan)
    db.commit()
    me.get(log_url(plan), status=404)


def test_rising_pain_says_ease_off_with_safety_advice(me: PageClient, db: Session, plan: PatientPlan) -> None:
    today = clock.london_today()
    log(db, plan, "knee-rolls", today - timedelta(days=1), pain=1)
    log(db, plan, "knee-rolls", today, pain=5)
    page = me.get("/my-plan")
    callout = page.one("#ease-off")
    assert "Ease off for now" in callout.get_text(" ", strip=True)
    assert "gone up from 1 to 5 out of 10" in callout.get_text(" ", strip=True)
    assert page.one(".nhsuk-card--care--urgent h2").get_text(" ", strip=True).startswith("Urgent advice:")
    # Easier versions are offered while easing off (walking's easier version is marching on the spot).
    assert page.select('#exercise-walking a[href="/exercises/marching-on-the-spot"]')
    assert page.select("form[action$='/next-stage']") == []


def test_easy_days_suggest_the_next_stage_and_the_patient_can_move_on(
    me: PageClient, db: Session, plan: PatientPlan
) -> None:
    today = clock.london_today()
    for days_ago in (1, 0):
        for exercise in STAGE_ONE:
            log(db, plan, exercise, today - timedelta(days=days_ago), pain=1, difficulty="too-easy")
    page = me.get("/my-plan")
    assert "These exercises seem easy for you now" in page.text()
    # Knee rolls' harder version is offered on its own too.
    assert page.select('#exercise-knee-rolls a[href="/exercises/knee-to-chest"]')
    response = me.post(f"/my-plan/{plan.id}/next-stage", {}, csrf_from="/my-plan")
    assert response.status_code == 302
    db.refresh(plan)
    assert plan.stage_id == "weeks-3-6"
    moved = me.get("/my-plan")
    assert "You have moved on to Weeks 3 to 6." in moved.text(".nhsuk-notification-banner")
    assert "bridging" in [
        attr(section, "id").removeprefix("exercise-") for section in moved.select(".app-plan-exercise")
    ]


def test_moving_on_without_the_suggestion_changes_nothing(me: PageClient, db: Session, plan: PatientPlan) -> None:
    response = me.post(f"/my-plan/{plan.id}/next-stage", {}, csrf_from="/my-plan")
    assert response.status_code == 302
    db.refresh(plan)
    assert plan.stage_id == "weeks-1-2"


def test_history_by_week(me: PageClient, db: Session, plan: PatientPlan) -> None:
    today = clock.london_today()
    log(db, plan, "knee-rolls", today)
    log(db, plan, "walking", today, outcome="partly")
    page = me.get("/my-plan/history")
    [row] = page.select("tbody tr")
    cells = [cell.get_text(strip=True) for cell in row.select("th, td")]
    assert cells[1:5] == ["1", "1", "1", "0"]


def test_plan_pdf_has_the_exercises_their_dosage_and_drawings(me: PageClient, plan: PatientPlan) -> None:
    response = me.raw.get("/my-plan.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Your exercise plan" in text
    for exercise in STAGE_ONE:
        assert library().exercises[exercise].title in text
    assert "Repeat 10 times. Do this 3 times a day." in text
    drawn = "".join(page.get_contents().get_data().decode("latin1") for page in reader.pages)  # type: ignore[union-attr]
    assert DRAWING_STROKE in drawn


def test_a_clinicians_note_is_shown(me: PageClient, db: Session, plan: PatientPlan) -> None:
    plan.note = "Do these <b>slowly</b>."
    db.add(plan)
    db.commit()
    inset = me.get("/my-plan").one(".nhsuk-inset-text")
    assert "A note from your physiotherapist" in inset.get_text(" ", strip=True)
    assert "Do these <b>slowly</b>." in inset.get_text(" ", strip=True)  # escaped, shown as typed


def test_account_page_links_to_the_plan(me: PageClient, db: Session, patient: Patient) -> None:
    assert me.get("/account").select('main a[href="/my-plan"]') == []
    make_plan(db, patient)
    page = me.get("/account")
    assert page.one('main a[href="/my-plan"]').get_text(strip=True) == "See today’s exercises"
    assert "Exercises for low back pain" in page.text()


def test_download_my_data_includes_the_plan_and_logs(me: PageClient, db: Session, plan: PatientPlan) -> None:
    log(db, plan, "knee-rolls", clock.london_today(), pain=4)
    data = me.raw.get("/account/data.json").get_json()
    [exported] = data["exercise_plans"]
    assert exported["plan"] == "low-back-pain"
    assert exported["logs"] == [
        {
            "date": clock.london_today().isoformat(),
            "exercise": "knee-rolls",
            "did_it": "done",
            "pain_during": 4,
            "how_it_felt": "about-right",
        }
    ]
