"""Recording pain scores: the VAS and NRS pages, bad input, treatment points and the summary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlmodel import Session, select

from patient_app import clock
from patient_app.models import OutboxEvent, PainEntry, Patient
from tests.conftest import sign_in_patient
from tests.support.pages import PageClient
from tests.support.progress import add_pain, discharge, make_referral

NOW = datetime(2026, 3, 27, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen(app: Flask) -> None:
    clock.freeze(NOW)  # after the app fixture, which unpins the clock


def _today() -> dict[str, str]:
    return {"recorded_on[day]": "27", "recorded_on[month]": "3", "recorded_on[year]": "2026"}


def _entries(db: Session, patient: Patient) -> list[PainEntry]:
    db.expire_all()
    return list(db.exec(select(PainEntry).where(PainEntry.patient_id == patient.id)))


def test_vas_page_has_no_default_and_works_as_a_plain_number_box(patient_client: PageClient) -> None:
    page = patient_client.get("/my-progress/pain/vas")
    assert page.h1 == "What is your pain score?"
    box = page.one("[data-vas] input[name=score]")
    assert box.get("value") in (None, "")  # no default value: anchoring
    assert box["inputmode"] == "numeric"
    assert "0 (no pain) to 100 (the worst pain imaginable)" in page.text()
    script = page.one('script[src*="js/vas.js"]')
    assert script.get("nonce")


def test_a_vas_score_is_saved_with_its_outbox_event(patient_client: PageClient, db: Session, patient: Patient) -> None:
    response = patient_client.post("/my-progress/pain/vas", {"score": "45", **_today()})
    assert response.status_code == 302
    [entry] = _entries(db, patient)
    assert (entry.scale, entry.score, entry.recorded_at) == ("vas", 45, NOW)
    event = db.exec(select(OutboxEvent).where(OutboxEvent.aggregate_id == str(entry.id))).one()
    assert event.event_type == "observation.recorded"
    page = patient_client.follow(response)
    assert "Your pain score has been saved." in page.text()


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ("", "Enter your pain score, from 0 to 100"),
        ("101", "Pain score must be a whole number from 0 to 100"),
        ("-1", "Pain score must be a whole number from 0 to 100"),
        ("45.5", "Pain score must be a whole number from 0 to 100"),
        ("forty", "Pain score must be a whole number from 0 to 100"),
    ],
)
def test_bad_vas_scores_are_refused(
    patient_client: PageClient, db: Session, patient: Patient, score: str, message: str
) -> None:
    page = patient_client.submit("/my-progress/pain/vas", {"score": score, **_today()})
    assert page.errors() == [message]
    assert page.title.startswith("Error: What is your pain score?")
    assert page.value("score") == (score or None)
    assert _entries(db, patient) == []


@pytest.mark.parametrize("score", ["0", "100"])
def test_vas_ends_are_accepted(patient_client: PageClient, db: Session, patient: Patient, score: str) -> None:
    patient_client.post("/my-progress/pain/vas", {"score": score, **_today()}, status=302)
    assert [e.score for e in _entries(db, patient)] == [int(score)]


def test_a_future_date_is_refused(patient_client: PageClient, db: Session, patient: Patient) -> None:
    data = {"score": "30", "recorded_on[day]": "28", "recorded_on[month]": "3", "recorded_on[year]": "2026"}
    page = patient_client.submit("/my-progress/pain/vas", data)
    assert page.errors() == ["Date of this pain score must be today or in the past"]
    assert _entries(db, patient) == []


def test_a_score_for_an_earlier_day_is_placed_at_midday(
    patient_client: PageClient, db: Session, patient: Patient
) -> None:
    data = {"score": "30", "recorded_on[day]": "20", "recorded_on[month]": "3", "recorded_on[year]": "2026"}
    patient_client.post("/my-progress/pain/vas", data, status=302)
    [entry] = _entries(db, patient)
    assert entry.recorded_at == datetime(2026, 3, 20, 12, 0, tzinfo=UTC)  # GMT in March before the clocks change


def test_nrs_radios_and_the_remembered_scale(patient_client: PageClient, db: Session, patient: Patient) -> None:
    page = patient_client.get("/my-progress/pain/nrs")
    assert [radio["value"] for radio in page.select("input[name=score]")] == [str(n) for n in range(11)]
    assert "0 – no pain" in page.text()
    assert "10 – the worst pain imaginable" in page.text()
    assert patient_client.submit("/my-progress/pain/nrs", {"score": "11", **_today()}).errors() == [
        "Select your pain score, from 0 to 10"
    ]
    patient_client.post("/my-progress/pain/nrs", {"score": "6", **_today()}, status=302)
    assert [(e.scale, e.score) for e in _entries(db, patient)] == [("nrs", 6)]
    response = patient_client.raw.get("/my-progress/pain/new")
    assert response.headers["Location"] == "/my-progress/pain/nrs"


def test_overview_summary_against_the_referral(patient_client: PageClient, db: Session, patient: Patient) -> None:
    make_referral(db, patient, pain_vas=80, submitted_at=NOW - timedelta(days=40))
    add_pain(db, patient, 60, at=NOW - timedelta(days=20))
    add_pain(db, patient, 52, at=NOW - timedelta(days=1))
    page = patient_client.get("/my-progress")
    summary = page.one("[data-summary=since-start]").get_text(" ", strip=True)
    assert summary.startswith(
        "Your pain is 35% lower than when you referred yourself — that is a meaningful improvement."
    )
    svg = page.one("figure svg")
    assert svg["role"] == "img"
    title = svg.find("title")
    assert title is not None
    assert title.get_text() == "Your pain scores from 0 to 100"
    rows = [row.get_text(" ", strip=True) for row in page.select("table.app-chart__table tbody tr")]
    assert rows == [
        "15 February 2026 (when you referred yourself) 80",
        "7 March 2026 60",
        "26 March 2026 52",
    ]


def test_patient_marks_before_and_after_and_sees_the_treatment_result(
    patient_client: PageClient, db: Session, patient: Patient
) -> None:
    before = add_pain(db, patient, 70, at=NOW - timedelta(days=30))
    after = add_pain(db, patient, 35, at=NOW - timedelta(days=2))
    add_pain(db, patient, 40, at=NOW - timedelta(days=1))
    patient_client.post(f"/my-progress/pain/{before.id}/treatment", {"point": "before"}, status=302)
    patient_client.post(f"/my-progress/pain/{after.id}/treatment", {"point": "after"}, status=302)
    page = patient_client.get("/my-progress")
    text = page.one("[data-summary=treatment]").get_text(" ", strip=True)
    assert text.startswith("After your treatment your pain was 50% lower than before it — that is a meaningful")
    assert "Before treatment" in page.text()
    assert "After treatment" in page.text()
    db.expire_all()
    marked = db.exec(select(OutboxEvent).where(OutboxEvent.aggregate_id == str(after.id))).one()
    assert marked.bundle["entry"][1]["request"]["method"] == "PUT"


def test_discharge_sets_the_after_treatment_point(patient_client: PageClient, db: Session, patient: Patient) -> None:
    referral = make_referral(db, patient, pain_vas=60, submitted_at=NOW - timedelta(days=60))
    add_pain(db, patient, 50, at=NOW - timedelta(days=30))
    discharge(db, referral, at=NOW - timedelta(days=10))
    add_pain(db, patient, 45, at=NOW - timedelta(days=9))
    add_pain(db, patient, 20, at=NOW - timedelta(days=1))
    page = patient_client.get("/my-progress")
    text = page.one("[data-summary=treatment]").get_text(" ", strip=True)
    # Before: the referral (60); after: the first score after discharge (45): 25 % lower, not meaningful.
    assert text.startswith("After your treatment your pain was 25% lower than before it — a small change.")
    assert page.select("[data-summary=since-start]")  # the latest (20) against the referral, too
    assert "Discharged" in page.text()
    assert page.select('a[href="/my-progress/outcomes"]')


def test_someone_elses_pain_score_is_not_found(
    client: PageClient, db: Session, patient: Patient, other_patient: Patient
) -> None:
    theirs = add_pain(db, other_patient, 50)
    sign_in_patient(client, patient)
    client.get(f"/my-progress/pain/{theirs.id}/treatment", status=404)
    response = client.post(f"/my-progress/pain/{theirs.id}/treatment", {"point": "after"}, csrf_from="/my-progress")
    assert response.status_code == 404
    db.refresh(theirs)
    assert theirs.treatment_point is None


def test_long_history_is_shown_in_pages(patient_client: PageClient, db: Session, patient: Patient) -> None:
    for n in range(120):
        add_pain(db, patient, n % 101, at=NOW - timedelta(days=120 - n))
    first = patient_client.get("/my-progress/pain")
    assert len(first.select("main tbody tr")) == 50
    assert first.select("main tbody tr td")[1].get_text(" ", strip=True) == "18 out of 100"  # the newest: 119 % 101
    assert first.one("a.nhsuk-pagination__link--next")["href"] == "/my-progress/pain?page=2"
    last = patient_client.get("/my-progress/pain?page=3")
    assert len(last.select("main tbody tr")) == 20
    assert not last.select("a.nhsuk-pagination__link--next")
    assert len(patient_client.get("/my-progress/pain?page=99").select("main tbody tr")) == 20
