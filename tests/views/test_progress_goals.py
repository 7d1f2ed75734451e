"""Goals: setting them (with PSFS suggestions), the limit, check-ins, closing, and other people's goals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import Flask
from sqlmodel import Session, select

from patient_app import clock
from patient_app.models import Goal, GoalCheckIn, OutboxEvent, Patient
from patient_app.progress import goals
from tests.conftest import sign_in_patient
from tests.support.pages import PageClient
from tests.support.progress import make_referral

NOW = datetime(2026, 3, 27, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen(app: Flask) -> None:
    clock.freeze(NOW)


def _goals(db: Session, patient: Patient) -> list[Goal]:
    db.expire_all()
    return list(db.exec(select(Goal).where(Goal.patient_id == patient.id)))


def test_set_a_goal_in_own_words(patient_client: PageClient, db: Session, patient: Patient) -> None:
    page = patient_client.get("/my-progress/goals/new")
    assert page.h1 == "Set a goal"
    assert "walk to the shops and back without stopping by June" in page.text()
    response = patient_client.post(
        "/my-progress/goals/new",
        {
            "text": "  Walk the dog  around the park  ",
            "target_date[day]": "30",
            "target_date[month]": "6",
            "target_date[year]": "2026",
            "importance": "very",
        },
        status=302,
    )
    [goal] = _goals(db, patient)
    assert (goal.text, goal.target_date, goal.importance, goal.status) == (
        "Walk the dog around the park",
        date(2026, 6, 30),
        "very",
        "active",
    )
    page = patient_client.follow(response)
    assert page.h1 == "Walk the dog around the park"
    event = db.exec(select(OutboxEvent).where(OutboxEvent.aggregate_id == str(goal.id))).one()
    assert event.event_type == "goal.changed"


def test_target_date_is_optional(patient_client: PageClient, db: Session, patient: Patient) -> None:
    patient_client.post("/my-progress/goals/new", {"text": "Garden for an hour", "importance": "quite"}, status=302)
    assert _goals(db, patient)[0].target_date is None


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"text": "   ", "importance": "very"}, ["Enter your goal"]),
        ({"text": "Swim", "importance": ""}, ["Select how important this goal is to you"]),
        ({"text": "x" * 301, "importance": "very"}, ["What is your goal? must be 300 characters or fewer"]),
        (
            {
                "text": "Swim",
                "importance": "very",
                "target_date[day]": "1",
                "target_date[month]": "1",
                "target_date[year]": "2026",
            },
            ["Target date must be today or in the future"],
        ),
        (
            {
                "text": "Swim",
                "importance": "very",
                "target_date[day]": "31",
                "target_date[month]": "2",
                "target_date[year]": "2027",
            },
            ["Target date must be a real date"],
        ),
    ],
)
def test_bad_goals_are_refused(
    patient_client: PageClient, db: Session, patient: Patient, data: dict[str, str], errors: list[str]
) -> None:
    page = patient_client.submit("/my-progress/goals/new", data)
    assert page.errors() == errors
    assert _goals(db, patient) == []


def test_referral_activities_are_suggested_until_used(
    patient_client: PageClient, db: Session, patient: Patient
) -> None:
    make_referral(db, patient)
    page = patient_client.get("/my-progress/goals/new")
    links = [a.get_text(" ", strip=True) for a in page.select("main ul.nhsuk-list a")]
    assert links == ["Climbing stairs – use this as a goal", "Walking to the shops – use this as a goal"]
    prefilled = patient_client.get("/my-progress/goals/new?activity=0")
    assert prefilled.one("textarea[name=text]").get_text() == "Climbing stairs"
    patient_client.post(
        "/my-progress/goals/new?activity=0",
        {"text": "Climb the stairs at home without the rail", "importance": "very"},
        status=302,
    )
    assert _goals(db, patient)[0].from_activity == "Climbing stairs"
    page = patient_client.get("/my-progress/goals/new")
    links = [a.get_text(" ", strip=True) for a in page.select("main ul.nhsuk-list a")]
    assert links == ["Walking to the shops – use this as a goal"]


def test_no_more_than_five_active_goals(patient_client: PageClient, db: Session, patient: Patient) -> None:
    for n in range(goals.ACTIVE_LIMIT):
        goals.set_goal(db, patient=patient, text=f"Goal {n}", importance="quite")
    page = patient_client.get("/my-progress/goals/new")
    assert page.h1 == "You have 5 goals already"
    patient_client.post("/my-progress/goals/new", {"text": "One more", "importance": "very"}, csrf_from="/my-progress")
    assert len(_goals(db, patient)) == goals.ACTIVE_LIMIT
    first = _goals(db, patient)[0]
    patient_client.post(f"/my-progress/goals/{first.id}/status", {"status": "achieved"}, status=302)
    assert patient_client.get("/my-progress/goals/new").h1 == "Set a goal"
    # Reopening would make 6 active goals once a new one is set.
    db.expire_all()
    goals.set_goal(db, patient=patient, text="A new one", importance="quite")
    page = patient_client.submit(f"/my-progress/goals/{first.id}/status", {"status": "active"})
    assert page.errors() == ["You already have 5 goals you are working on. Close one first."]


def test_check_ins_and_bad_input(patient_client: PageClient, db: Session, patient: Patient) -> None:
    goal = goals.set_goal(db, patient=patient, text="Walk to the shops", importance="very")
    url = f"/my-progress/goals/{goal.id}/check-in"
    page = patient_client.get(url)
    assert page.h1 == "How close are you to reaching your goal?"
    assert page.value("checked_on[day]") == "27"
    bad = patient_client.submit(
        url, {"score": "11", "checked_on[day]": "28", "checked_on[month]": "3", "checked_on[year]": "2026"}
    )
    assert bad.errors() == [
        "How close you are must be a whole number from 0 to 10",
        "Date of this check-in must be today or in the past",
    ]
    assert db.exec(select(GoalCheckIn)).all() == []
    for day, score in (("20", "3"), ("27", "6")):
        patient_client.post(
            url,
            {
                "score": score,
                "note": "Better",
                "checked_on[day]": day,
                "checked_on[month]": "3",
                "checked_on[year]": "2026",
            },
            status=302,
        )
    page = patient_client.get(f"/my-progress/goals/{goal.id}")
    assert [li.get_text(" ", strip=True) for li in page.select("main ul.nhsuk-list--border li")] == [
        "27 March 2026: 6 out of 10 Better",
        "20 March 2026: 3 out of 10 Better",
    ]
    assert len(page.select("figure svg circle")) == 2
    overview = patient_client.get("/my-progress")
    chart = overview.one("#goal-progress-title").find_parent("svg")
    assert chart is not None
    assert "6 of 10" in chart.get_text(" ")


def test_mark_a_goal_no_longer_relevant(patient_client: PageClient, db: Session, patient: Patient) -> None:
    goal = goals.set_goal(db, patient=patient, text="Run 5k", importance="little")
    assert patient_client.submit(f"/my-progress/goals/{goal.id}/status", {"status": "nope"}).errors() == [
        "Select how this goal is going"
    ]
    patient_client.post(f"/my-progress/goals/{goal.id}/status", {"status": "not-relevant"}, status=302)
    [stored] = _goals(db, patient)
    assert stored.status == "not-relevant"
    assert stored.closed_at == NOW
    page = patient_client.get(f"/my-progress/goals/{goal.id}")
    assert "No longer relevant" in page.text()
    assert not page.select('a[href$="/check-in"]')


def test_another_patients_goal_is_not_found(
    client: PageClient, db: Session, patient: Patient, other_patient: Patient
) -> None:
    theirs = goals.set_goal(db, patient=other_patient, text="Their goal", importance="very")
    sign_in_patient(client, patient)
    for path in ("", "/check-in", "/status"):
        client.get(f"/my-progress/goals/{theirs.id}{path}", status=404)
    response = client.post(f"/my-progress/goals/{theirs.id}/status", {"status": "achieved"}, csrf_from="/my-progress")
    assert response.status_code == 404
    response = client.post(
        f"/my-progress/goals/{theirs.id}/check-in",
        {"score": "5", "checked_on[day]": "27", "checked_on[month]": "3", "checked_on[year]": "2026"},
        csrf_from="/my-progress",
    )
    assert response.status_code == 404
    db.refresh(theirs)
    assert theirs.status == "active"
    assert db.exec(select(GoalCheckIn)).all() == []


def test_goal_text_is_escaped(patient_client: PageClient, db: Session, patient: Patient) -> None:
    patient_client.post("/my-progress/goals/new", {"text": "<script>alert(1)</script>", "importance": "very"})
    page = patient_client.get("/my-progress")
    assert "<script>alert(1)</script>" in page.text()
    assert not [s for s in page.select("script") if "alert" in s.get_text()]
