"""Reminders, the "My progress" PDF, the staff section, download-my-data and the account panel."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlmodel import Session, select

from patient_app import clock
from patient_app.models import AuditEvent, PainEntry, Patient
from patient_app.progress import goals
from tests.conftest import sign_in_patient, sign_in_staff
from tests.support.factories import StaffLogin
from tests.support.pages import PageClient
from tests.support.progress import add_pain, make_referral

NOW = datetime(2026, 3, 27, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen(app: Flask) -> None:
    clock.freeze(NOW)


def _banner(client: PageClient, url: str = "/my-progress") -> list[str]:
    return [b.get_text(" ", strip=True) for b in client.get(url).select("#progress-reminder-title")]


def test_reminder_after_a_week_dismissible_and_not_back_the_same_day(
    patient_client: PageClient, db: Session, patient: Patient
) -> None:
    add_pain(db, patient, 40, at=NOW - timedelta(days=6))
    assert _banner(patient_client) == []
    clock.freeze(NOW + timedelta(days=1))  # 7 days since the last score: the default interval
    page = patient_client.get("/my-progress")
    assert len(page.select("#progress-reminder-title")) == 1
    assert "It is 7 days since you last checked in." in page.text()
    assert _banner(patient_client, "/account") == ["Reminder"]
    patient_client.post("/my-progress/reminders/dismiss", {}, csrf_from="/my-progress", status=302)
    assert _banner(patient_client) == []
    assert _banner(patient_client, "/account") == []
    clock.freeze(NOW + timedelta(days=4))
    assert _banner(patient_client) == []  # not nagging: put away for the interval
    clock.freeze(NOW + timedelta(days=8))
    assert _banner(patient_client) == ["Reminder"]


def test_reminder_frequency_is_the_patients_choice(patient_client: PageClient, db: Session, patient: Patient) -> None:
    add_pain(db, patient, 40, at=NOW - timedelta(days=3))
    assert _banner(patient_client) == []
    page = patient_client.get("/my-progress/reminders")
    assert page.one("input[name=days][checked]")["value"] == "7"
    patient_client.post("/my-progress/reminders", {"days": "3"}, status=302)
    assert _banner(patient_client) == ["Reminder"]
    patient_client.post("/my-progress/reminders", {"days": "0"}, status=302)
    clock.freeze(NOW + timedelta(days=60))
    assert _banner(patient_client) == []
    assert patient_client.submit("/my-progress/reminders", {"days": "1"}).errors() == [
        "Select how often we should remind you"
    ]


def test_no_reminder_for_someone_not_tracking_anything(patient_client: PageClient) -> None:
    assert _banner(patient_client) == []


def test_reminder_interval_comes_from_settings(app: Flask, db: Session, patient: Patient) -> None:
    from patient_app.progress import reminders  # noqa: PLC0415

    add_pain(db, patient, 40, at=NOW - timedelta(days=10))
    today = clock.london_today()
    assert reminders.due(db, patient_id=patient.id, today=today, default_days=14) is None
    assert reminders.due(db, patient_id=patient.id, today=today, default_days=10) is not None


def test_my_progress_pdf(patient_client: PageClient, db: Session, patient: Patient) -> None:
    make_referral(db, patient, pain_vas=80, submitted_at=NOW - timedelta(days=30))
    goals.set_goal(db, patient=patient, text="Walk to the shops and back", importance="very")
    for days, score in ((20, 60), (10, 50), (1, 40)):
        add_pain(db, patient, score, at=NOW - timedelta(days=days))
    response = patient_client.raw.get("/my-progress/my-progress.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="my-progress-2026-03-27.pdf"'
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    text = " ".join(text.split())
    assert "My progress" in text
    assert "Walk to the shops and back" in text
    assert "Your pain is 50% lower than when you referred yourself" in text
    assert "Referred" in text  # the chart's milestone label, drawn from the SVG


def test_staff_see_progress_and_a_clinician_marks_after_treatment(
    client: PageClient, db: Session, patient: Patient, clinician: StaffLogin, navigator: StaffLogin
) -> None:
    make_referral(db, patient, pain_vas=70, submitted_at=NOW - timedelta(days=40))
    goals.set_goal(db, patient=patient, text="Walk to the shops", importance="very")
    add_pain(db, patient, 60, at=NOW - timedelta(days=20))
    latest = add_pain(db, patient, 35, at=NOW - timedelta(days=1))
    sign_in_staff(client, navigator)
    page = client.get(f"/staff/patients/{patient.id}")
    assert "Goals, pain and activities" in [h.get_text(strip=True) for h in page.select("h2")]
    assert "Walk to the shops" in page.text()
    assert "Your pain is 50% lower than when you referred yourself" in page.text()
    assert not page.select("form[action$='/after-treatment']")  # navigators cannot mark
    assert "Climbing stairs" in page.text()
    client.raw.post("/staff/sign-out", data={"csrf_token": page.csrf_token()})

    sign_in_staff(client, clinician)
    page = client.get(f"/staff/patients/{patient.id}")
    action = f"/staff/patients/{patient.id}/pain/{latest.id}/after-treatment"
    assert page.select(f"form[action='{action}']")
    response = client.post(action, {}, csrf_from=f"/staff/patients/{patient.id}", status=302)
    db.expire_all()
    stored = db.get(PainEntry, latest.id)
    assert stored is not None
    assert stored.treatment_point == "after"
    assert stored.marked_by == f"staff:{clinician.record.id}"
    audit = db.exec(select(AuditEvent).where(AuditEvent.action == "staff.marked_after_treatment")).one()
    assert audit.patient_id == patient.id
    page = client.follow(response)
    assert "Pain score marked as after treatment." in page.text()


def test_staff_marking_someone_elses_score_is_404(
    client: PageClient, db: Session, patient: Patient, other_patient: Patient, clinician: StaffLogin
) -> None:
    theirs = add_pain(db, other_patient, 50)
    sign_in_staff(client, clinician)
    response = client.post(
        f"/staff/patients/{patient.id}/pain/{theirs.id}/after-treatment", {}, csrf_from="/staff/account"
    )
    assert response.status_code == 404


def test_download_my_data_includes_progress(client: PageClient, db: Session, patient: Patient) -> None:
    goal = goals.set_goal(db, patient=patient, text="Swim 10 lengths", importance="quite")
    goals.check_in(db, patient=patient, goal=goal, score=4, note=None, on=clock.london_today())
    add_pain(db, patient, 40)
    sign_in_patient(client, patient)
    response = client.raw.get("/account/data.json")
    assert response.status_code == 200
    data = json.loads(response.data)["goals_pain_and_feedback"]
    assert data["goals"][0]["goal"] == "Swim 10 lengths"
    assert data["goals"][0]["check_ins"][0]["score_out_of_10"] == 4
    assert data["pain_scores"][0]["score"] == 40
    pdf = client.raw.get("/account/data.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Swim 10 lengths" in text


def test_account_panel(patient_client: PageClient, db: Session, patient: Patient) -> None:
    goals.set_goal(db, patient=patient, text="Swim", importance="quite")
    add_pain(db, patient, 40, at=NOW - timedelta(hours=1))
    page = patient_client.get("/account")
    assert "You are working on 1 goal." in page.text()
    assert "Your latest pain score was 40 out of 100, on 27 March 2026." in page.text()
    assert page.select('a[href="/my-progress"]')
