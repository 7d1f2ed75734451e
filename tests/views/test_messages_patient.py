"""Patients' messages: start, reply, read receipts, red flags, the badge, and other patients' threads."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from patient_app import clock
from patient_app.access import Role
from patient_app.clock import LONDON
from patient_app.messages import staff_actions, threads
from patient_app.models import Message, MessageThread, OutboxEvent, Patient
from tests.conftest import sign_in_patient
from tests.support.factories import StaffLogin
from tests.support.pages import PageClient

NOT_FOR_EMERGENCIES = "Messages are not for emergencies"


def start(db: Session, patient: Patient, text: str = "Is my appointment booked?") -> MessageThread:
    return threads.start(db, patient=patient, topic="referral", text=text, promise_days=1).thread


def test_start_a_conversation_one_question_per_page(patient_client: PageClient, db: Session) -> None:
    clock.freeze(datetime(2026, 12, 4, 23, 59, tzinfo=LONDON))  # a Friday night
    page = patient_client.get("/messages/")
    assert NOT_FOR_EMERGENCIES in page.text()
    page = patient_client.get("/messages/new")
    assert page.h1 == "What is your message about?"
    assert NOT_FOR_EMERGENCIES in page.text()
    page = patient_client.submit("/messages/new", {})
    assert page.errors() == ["Select what your message is about"]
    response = patient_client.post("/messages/new", {"topic": "exercises"})
    assert response.headers["Location"].endswith("/messages/new/exercises")
    page = patient_client.get("/messages/new/exercises")
    assert page.h1 == "Your message"
    assert NOT_FOR_EMERGENCIES in page.text()
    assert page.one(".nhsuk-character-count")["data-maxlength"] == "1000"
    response = patient_client.post("/messages/new/exercises", {"text": "Can I do the exercises twice a day?"})
    page = patient_client.follow(response)
    assert page.h1 == "My exercises"
    assert "Can I do the exercises twice a day?" in page.text()
    assert "We aim to reply by 5pm on Monday 7 December." in page.text()
    assert NOT_FOR_EMERGENCIES in page.text()
    thread = db.exec(select(MessageThread)).one()
    assert thread.status == "open"
    events = db.exec(select(OutboxEvent).where(OutboxEvent.event_type == "message.sent")).all()
    assert len(events) == 1
    assert events[0].bundle["entry"][1]["resource"]["resourceType"] == "Communication"


def test_empty_and_over_long_messages_are_refused_and_kept(patient_client: PageClient, db: Session) -> None:
    page = patient_client.submit("/messages/new/other", {"text": "   "})
    assert page.errors() == ["Enter your message"]
    long_text = "a" * 1001
    page = patient_client.submit("/messages/new/other", {"text": long_text})
    assert page.errors() == ["Your message must be 1000 characters or fewer"]
    assert page.one("textarea").get_text() == long_text
    assert db.exec(select(Message)).all() == []


def test_html_in_a_message_is_shown_as_text(patient_client: PageClient, db: Session, patient: Patient) -> None:
    thread = start(db, patient, "<script>alert('x')</script><b>bold</b>")
    page = patient_client.get(f"/messages/{thread.id}")
    assert page.select("main script") == []
    assert page.select("main b") == []
    assert "<script>alert('x')</script><b>bold</b>" in page.text()


def test_red_flag_words_show_emergency_advice_and_mark_urgent(patient_client: PageClient, db: Session) -> None:
    response = patient_client.post("/messages/new/other", {"text": "Since this morning I can't control my bladder"})
    page = patient_client.follow(response)
    assert page.h1 == "Your message may be about something urgent"
    assert "Call 999 or go to A&E now if you have:" in page.text()
    thread = db.exec(select(MessageThread)).one()
    assert thread.urgent is True
    assert thread.urgent_reason == "Bladder or bowel control"
    event = db.exec(select(OutboxEvent)).one()
    assert event.priority == 0  # urgent in the outbox


def test_another_patients_thread_is_404(
    client: PageClient, db: Session, patient: Patient, other_patient: Patient
) -> None:
    thread = start(db, patient)
    sign_in_patient(client, other_patient)
    client.get(f"/messages/{thread.id}", status=404)
    client.get(f"/messages/{thread.id}/get-help-now", status=404)
    response = client.raw.post(f"/messages/{thread.id}", data={"text": "hello"})
    assert response.status_code in (400, 404)
    assert len(db.exec(select(Message)).all()) == 1
    page = client.get("/messages/")
    assert page.select(f"a[href='/messages/{thread.id}']") == []


def test_reply_read_receipt_and_unread_badge(
    patient_client: PageClient, db: Session, patient: Patient, navigator: StaffLogin
) -> None:
    clock.freeze(datetime(2026, 12, 8, 9, 0, tzinfo=LONDON))
    thread = start(db, patient)
    clock.freeze(datetime(2026, 12, 8, 10, 30, tzinfo=LONDON))
    staff_actions.mark_read(db, thread=thread)
    staff_actions.reply(
        db, thread=thread, staff=navigator.record, roles=frozenset({Role.NAVIGATOR}), text="Yes, on Friday."
    )
    page = patient_client.get("/messages/")
    badge = page.one("header .app-nav-badge")
    assert badge.get_text(" ", strip=True) == "1 new"
    assert "New reply" in page.text()
    page = patient_client.get(f"/messages/{thread.id}")
    assert "Read by the team at 10:30am on 8 December" in page.text()
    assert "Nina Navigator, care navigation team" in page.text()
    assert "Yes, on Friday." in page.text()
    page = patient_client.get("/messages/")
    assert page.select("header .app-nav-badge") == []


def test_replying_to_a_closed_thread_reopens_it(patient_client: PageClient, db: Session, patient: Patient) -> None:
    thread = start(db, patient)
    staff_actions.close(db, thread=thread)
    page = patient_client.get(f"/messages/{thread.id}")
    assert "This conversation is closed. If you send a message, it will open again." in page.text()
    response = patient_client.post(f"/messages/{thread.id}", {"text": "One more question"})
    page = patient_client.follow(response)
    assert "This conversation was closed. Your message has opened it again." in page.text()
    db.refresh(thread)
    assert thread.status == "open"
    assert thread.due_by is not None


def test_reply_errors_show_on_the_thread(patient_client: PageClient, db: Session, patient: Patient) -> None:
    thread = start(db, patient)
    page = patient_client.submit(f"/messages/{thread.id}", {"text": ""})
    assert page.errors() == ["Enter your message"]
    assert page.title.startswith("Error:")


def test_download_my_data_includes_messages_but_not_staff_notes(
    patient_client: PageClient, db: Session, patient: Patient, navigator: StaffLogin
) -> None:
    thread = start(db, patient, "Is my appointment booked?")
    staff_actions.add_note(db, thread=thread, staff=navigator.record, text="Private staff note")
    response = patient_client.raw.get("/account/data.json")
    data = response.get_json()
    assert data["messages"][0]["messages"][0]["text"] == "Is my appointment booked?"
    assert "Private staff note" not in response.get_data(as_text=True)
