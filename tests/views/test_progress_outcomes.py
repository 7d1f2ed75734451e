"""Outcome questions (one per page), the Friends and Family Test, and PSFS re-rating."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlmodel import Session, select

from patient_app import clock
from patient_app.models import FeedbackResponse, OutboxEvent, OutcomeSurvey, Patient, PsfsRating
from patient_app.progress import feedback
from tests.support.pages import PageClient
from tests.support.progress import discharge, make_referral

NOW = datetime(2026, 3, 27, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen(app: Flask) -> None:
    clock.freeze(NOW)


def _answer(client: PageClient, question: str, value: str) -> str:
    response = client.post(f"/my-progress/outcomes/{question}", {"answer": value}, status=302)
    return response.headers["Location"]


def test_outcome_questions_one_per_page_after_discharge(
    patient_client: PageClient, db: Session, patient: Patient
) -> None:
    referral = make_referral(db, patient, submitted_at=NOW - timedelta(days=60))
    discharge(db, referral, at=NOW - timedelta(days=1))
    overview = patient_client.get("/my-progress")
    assert overview.select('.nhsuk-inset-text a[href="/my-progress/outcomes"]')
    start = patient_client.get("/my-progress/outcomes")
    assert start.one("main a.nhsuk-button")["href"] == "/my-progress/outcomes/set-goals"
    page = patient_client.get("/my-progress/outcomes/set-goals")
    assert page.h1 == "Did you set goals for your treatment?"
    assert len(page.select("main form fieldset")) == 1
    assert patient_client.submit("/my-progress/outcomes/set-goals", {}).errors() == [
        "Select yes if you set goals for your treatment"
    ]
    assert _answer(patient_client, "set-goals", "yes") == "/my-progress/outcomes/supported"
    assert _answer(patient_client, "supported", "partly") == "/my-progress/outcomes/achieved"
    assert _answer(patient_client, "achieved", "partly") == "/my-progress/outcomes/what-would-have-helped"
    helped = patient_client.get("/my-progress/outcomes/what-would-have-helped")
    assert helped.h1 == "What would have helped you?"
    assert (
        _answer(patient_client, "what-would-have-helped", "Evening appointments") == "/my-progress/outcomes/activities"
    )
    assert _answer(patient_client, "activities", "a-little") == "/my-progress/outcomes/check"
    check = patient_client.get("/my-progress/outcomes/check")
    assert [dd.get_text(" ", strip=True) for dd in check.select(".nhsuk-summary-list__value")] == [
        "Yes",
        "Partly",
        "Some of them",
        "Evening appointments",
        "Yes, a little",
    ]
    patient_client.post("/my-progress/outcomes/check", {}, status=302)
    survey = db.exec(select(OutcomeSurvey)).one()
    assert survey.context == "discharge"
    assert survey.referral_id == referral.id
    assert survey.completed_at == NOW
    assert survey.answers == {
        "set-goals": "yes",
        "supported": "partly",
        "achieved": "partly",
        "what-would-have-helped": "Evening appointments",
        "activities": "a-little",
    }
    event = db.exec(select(OutboxEvent).where(OutboxEvent.aggregate_type == "outcome_survey")).one()
    assert event.event_type == "feedback.recorded"
    assert patient_client.get("/my-progress/outcomes/done").h1 == "Thank you for your answers"
    assert not patient_client.get("/my-progress").select('.nhsuk-inset-text a[href="/my-progress/outcomes"]')


def test_no_goals_skips_the_goal_questions_and_changing_an_answer_drops_them(
    patient_client: PageClient, db: Session
) -> None:
    _answer(patient_client, "set-goals", "yes")
    _answer(patient_client, "supported", "yes")
    response = patient_client.post("/my-progress/outcomes/set-goals?change=1", {"answer": "no"}, status=302)
    assert response.headers["Location"] == "/my-progress/outcomes/what-would-have-helped?change=1"
    survey = db.exec(select(OutcomeSurvey)).one()
    assert survey.answers == {"set-goals": "no"}
    assert survey.context == "request"
    # A question that no longer applies cannot be reached.
    assert patient_client.raw.get("/my-progress/outcomes/supported").status_code == 302


def test_unknown_question_is_404(patient_client: PageClient) -> None:
    patient_client.get("/my-progress/outcomes/favourite-colour", status=404)


def test_check_page_sends_you_back_to_what_is_missing(patient_client: PageClient) -> None:
    _answer(patient_client, "set-goals", "yes")
    response = patient_client.raw.get("/my-progress/outcomes/check")
    assert response.headers["Location"] == "/my-progress/outcomes/supported"


def test_fft_wording_and_answers_exactly(patient_client: PageClient, db: Session, patient: Patient) -> None:
    page = patient_client.get("/feedback")
    assert page.h1 == "Overall, how was your experience of our service?"
    assert [label.get_text(strip=True) for label in page.select(".nhsuk-radios__label")] == [
        "Very good",
        "Good",
        "Neither good nor poor",
        "Poor",
        "Very poor",
        "Don't know",
    ]
    assert page.select("textarea[name=comment]")
    assert patient_client.submit("/feedback", {"comment": "x"}).errors() == [
        "Select how your experience of our service was"
    ]
    response = patient_client.post("/feedback", {"rating": "good", "comment": "Quick replies"}, status=302)
    assert response.headers["Location"] == "/feedback/thanks"
    stored = db.exec(select(FeedbackResponse)).one()
    assert (stored.context, stored.context_id, stored.rating, stored.comment) == (
        "service",
        None,
        "good",
        "Quick replies",
    )


def test_fft_after_a_message_thread_once_only(patient_client: PageClient, db: Session) -> None:
    thread = uuid.uuid4()
    url = f"/feedback?context=message&thread={thread}"
    with patient_client.raw.application.test_request_context():
        from patient_app.progress.feedback_views import feedback_url  # noqa: PLC0415

        assert feedback_url(context="message", thread_id=thread) == url
    assert patient_client.get(url).select(".nhsuk-caption-l")[0].get_text(strip=True) == (
        "About your messages with the team"
    )
    patient_client.post(url, {"rating": "very-poor"}, status=302)
    assert patient_client.get(url).h1 == "You have already given feedback about this"
    stored = db.exec(select(FeedbackResponse)).one()
    assert (stored.context, stored.context_id) == ("message", str(thread))
    patient_client.get("/feedback?context=message&thread=not-a-thread", status=404)
    patient_client.get("/feedback?context=shop", status=404)


def test_fft_at_discharge_is_linked_to_the_referral(patient_client: PageClient, db: Session, patient: Patient) -> None:
    referral = make_referral(db, patient)
    discharge(db, referral)
    assert patient_client.get("/my-progress").select('a[href="/feedback?context=discharge"]')
    patient_client.post("/feedback?context=discharge", {"rating": "very-good"}, status=302)
    assert db.exec(select(FeedbackResponse)).one().context_id == str(referral.id)
    assert not patient_client.get("/my-progress").select('a[href="/feedback?context=discharge"]')


def test_fft_counts_for_the_outcome_figures(db: Session, patient: Patient, other_patient: Patient) -> None:
    for who, rating in ((patient, "very-good"), (other_patient, "good"), (patient, "poor"), (patient, "dont-know")):
        feedback.record(db, patient=who, context="service", context_id=None, rating=rating, comment=None)
    tally = feedback.counts(db)
    assert tally == {"very-good": 1, "good": 1, "neither": 0, "poor": 1, "very-poor": 0, "dont-know": 1}
    assert feedback.percent_positive(tally) == 50
    assert feedback.percent_positive(feedback.counts(db, context="message")) is None


def test_psfs_rerating_of_the_referral_activities(patient_client: PageClient, db: Session, patient: Patient) -> None:
    make_referral(db, patient)
    page = patient_client.get("/my-progress/activities")
    assert [label.get_text(strip=True) for label in page.select("main form label")] == [
        "Climbing stairs",
        "Walking to the shops",
    ]
    bad = patient_client.submit("/my-progress/activities", {"activity_0": "11", "activity_1": ""})
    assert bad.errors() == [
        "Score for Climbing stairs must be a whole number from 0 to 10",
        "Enter a score from 0 to 10 for Walking to the shops",
    ]
    assert db.exec(select(PsfsRating)).all() == []
    patient_client.post("/my-progress/activities", {"activity_0": "6", "activity_1": "6"}, status=302)
    assert sorted((r.activity, r.score) for r in db.exec(select(PsfsRating))) == [
        ("Climbing stairs", 6),
        ("Walking to the shops", 6),
    ]
    overview = patient_client.get("/my-progress")
    summary = overview.one("[data-summary=psfs]").get_text(" ", strip=True)
    # 3.5 -> 6: 2.5 points on average.
    assert summary == (
        "Your activity scores are 2.5 points better on average than when you referred yourself"
        " — that is a meaningful improvement."
    )
    assert overview.one("#psfs-title").get_text() == "Your activity scores"


def test_psfs_without_activities(patient_client: PageClient) -> None:
    page = patient_client.get("/my-progress/activities")
    assert "You did not name any activities" in page.text()
    response = patient_client.post("/my-progress/activities", {})
    assert response.status_code == 200
