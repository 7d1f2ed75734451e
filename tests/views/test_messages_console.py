"""The navigator console: inbox filters, thread view (audited), reply, notes, assign, escalate, close."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from patient_app import clock
from patient_app.access import Role
from patient_app.clock import LONDON
from patient_app.codes import grouped
from patient_app.messages import canned, staff_actions
from patient_app.models import AuditEvent, Message, MessageNote, MessageThread, Patient, StaffRole
from patient_app.settings import Settings
from tests.conftest import sign_in_patient, sign_in_staff
from tests.support.factories import StaffLogin, make_patient, make_staff
from tests.support.messages import start_thread
from tests.support.pages import PageClient
from tests.support.progress import make_referral
from tests.support.soup import attr


def inbox_names(page: object) -> list[str]:
    return [a.get_text(strip=True) for a in page.select("table a")]  # type: ignore[attr-defined]


def test_inbox_filters_counts_and_time_left(
    client: PageClient, db: Session, navigator: StaffLogin, patient: Patient, other_patient: Patient
) -> None:
    late = start_thread(db, patient, "Is my appointment booked?")
    urgent = start_thread(db, other_patient, "I have chest pain")
    staff_actions.assign(db, thread=urgent, to=navigator.record)
    third = make_patient(db, given_name="Alex")
    recent = start_thread(db, third, "Can I swap my appointment?")
    now = clock.now()
    late.due_by, urgent.due_by = now - timedelta(minutes=61), now - timedelta(minutes=90)
    recent.due_by = now + timedelta(hours=23, minutes=30)
    db.add_all([late, urgent, recent])
    db.commit()
    sign_in_staff(client, navigator)
    page = client.get("/staff/messages/")
    assert page.h1 == "Messages"
    filters = [li.get_text(" ", strip=True) for li in page.select("nav[aria-label='Message filters'] li")]
    assert filters == [
        "Needs a reply (3)",
        "Unassigned (2)",
        "Assigned to me (1)",
        "Urgent (1)",
        "Overdue (2)",
        "Waiting on patient (0)",
        "Escalated to a clinician (0)",
        "Closed (0)",
    ]
    # Urgent first, then by the promise that runs out soonest.
    assert inbox_names(page) == [other_patient.full_name, patient.full_name, third.full_name]
    cells = [row.select("td")[-1].get_text(strip=True) for row in page.select("tbody tr")]
    assert cells == ["Overdue by 1 hour", "Overdue by 1 hour", "23 hours left"]
    page = client.get("/staff/messages/?view=mine")
    assert inbox_names(page) == [other_patient.full_name]
    page = client.get("/staff/messages/?view=unassigned&sort=recent")
    assert inbox_names(page) == [third.full_name, patient.full_name]
    client.get("/staff/messages/?view=nonsense", status=404)


def test_inbox_is_paginated(client: PageClient, db: Session, navigator: StaffLogin) -> None:
    people = [make_patient(db) for _ in range(26)]
    for person in people:
        start_thread(db, person)
    sign_in_staff(client, navigator)
    first = client.get("/staff/messages/")
    assert len(first.select("tbody tr")) == 25
    second = client.get(attr(first.one("a.nhsuk-pagination__link--next, .nhsuk-pagination-item--next a"), "href"))
    assert len(second.select("tbody tr")) == 1


def test_staff_without_a_messages_role_and_patients_are_refused(
    client: PageClient, db: Session, patient: Patient
) -> None:
    thread = start_thread(db, patient)
    nobody = make_staff(db, Role.NAVIGATOR)
    for role in db.exec(select(StaffRole).where(StaffRole.staff_id == nobody.record.id)):
        db.delete(role)  # an account whose roles were all taken away
    db.commit()
    sign_in_staff(client, nobody)
    client.get("/staff/messages/", status=403)
    client.get(f"/staff/messages/{thread.id}", status=403)
    other = PageClient(client.raw.application.test_client())
    sign_in_patient(other, patient)
    other.get("/staff/messages/", status=403)


def test_opening_a_thread_is_audited_and_shows_patient_context(
    client: PageClient, db: Session, navigator: StaffLogin, patient: Patient
) -> None:
    referral = make_referral(db, patient)
    thread = start_thread(db, patient)
    assert thread.referral_id == referral.id
    sign_in_staff(client, navigator)
    page = client.get(f"/staff/messages/{thread.id}")
    assert page.h1 == f"My referral or appointment – {patient.full_name}"
    assert grouped(referral.reference) in page.text()
    views = db.exec(
        select(AuditEvent).where(
            AuditEvent.action == "staff.viewed_message_thread", AuditEvent.patient_id == patient.id
        )
    ).all()
    assert len(views) == 1
    assert views[0].actor_id == str(navigator.record.id)
    db.refresh(thread)
    assert thread.staff_read_at is not None


def test_reply_with_a_canned_reply_emails_without_clinical_detail(
    client: PageClient, db: Session, navigator: StaffLogin, patient: Patient, settings: Settings
) -> None:
    thread = start_thread(db, patient, "My back hurts when I do the bridge exercise")
    reply = canned.save(db, reply=None, title="Booked", text="Hello {first_name}, this is {staff_name}. It is booked.")
    sign_in_staff(client, navigator)
    page = client.get(f"/staff/messages/{thread.id}?canned={reply.id}")
    assert page.one("textarea#reply").get_text() == "Hello Sam, this is Nina Navigator. It is booked."
    response = client.post(
        f"/staff/messages/{thread.id}/reply",
        {"reply": "Hello Sam, this is Nina Navigator. It is booked."},
        csrf_from=f"/staff/messages/{thread.id}",
    )
    assert response.status_code == 302
    db.refresh(thread)
    assert thread.status == "waiting"
    assert thread.due_by is None
    assert thread.assigned_to_id == navigator.record.id
    sent = db.exec(select(Message).where(Message.author_kind == "navigator")).one()
    assert sent.author_name == "Nina Navigator"
    mails = sorted(settings.mailbox_path.glob("*.json"))
    assert len(mails) == 1
    body = mails[0].read_text()
    assert patient.email in body
    assert "bridge" not in body
    assert "booked" not in body.lower()
    assert "back" not in body.lower()


def test_empty_reply_is_refused_on_the_thread_page(
    client: PageClient, db: Session, navigator: StaffLogin, patient: Patient
) -> None:
    thread = start_thread(db, patient)
    sign_in_staff(client, navigator)
    page = client.submit(f"/staff/messages/{thread.id}/reply", {"reply": ""}, csrf_from=f"/staff/messages/{thread.id}")
    assert page.errors() == ["Enter a reply"]
    assert page.title.startswith("Error:")


def test_notes_are_for_staff_only(
    client: PageClient, other_client: PageClient, db: Session, navigator: StaffLogin, patient: Patient
) -> None:
    thread = start_thread(db, patient)
    sign_in_staff(client, navigator)
    client.post(
        f"/staff/messages/{thread.id}/notes",
        {"note": "Called GP surgery, waiting to hear"},
        csrf_from=f"/staff/messages/{thread.id}",
    )
    page = client.get(f"/staff/messages/{thread.id}")
    assert "Called GP surgery, waiting to hear" in page.text()
    assert db.exec(select(MessageNote)).one().staff_id == navigator.record.id
    sign_in_patient(other_client, patient)
    patient_page = other_client.get(f"/messages/{thread.id}")
    assert "Called GP surgery" not in patient_page.text()


def test_assign_to_self_and_to_a_colleague(
    client: PageClient, db: Session, navigator: StaffLogin, clinician: StaffLogin, patient: Patient
) -> None:
    thread = start_thread(db, patient)
    sign_in_staff(client, navigator)
    response = client.post(
        f"/staff/messages/{thread.id}/assign", {"to_me": "1"}, csrf_from=f"/staff/messages/{thread.id}"
    )
    assert response.status_code == 302
    db.refresh(thread)
    assert thread.assigned_to_id == navigator.record.id
    client.post(
        f"/staff/messages/{thread.id}/assign",
        {"assignee": str(clinician.record.id)},
        csrf_from=f"/staff/messages/{thread.id}",
    )
    db.refresh(thread)
    assert thread.assigned_to_id == clinician.record.id
    page = client.submit(
        f"/staff/messages/{thread.id}/assign", {"assignee": ""}, csrf_from=f"/staff/messages/{thread.id}"
    )
    assert page.errors() == ["Select who to assign this conversation to"]


def test_escalation_goes_to_the_clinicians_queue_and_clinician_reply_is_marked(  # noqa: PLR0917 - pytest fixtures
    client: PageClient,
    other_client: PageClient,
    db: Session,
    navigator: StaffLogin,
    clinician: StaffLogin,
    patient: Patient,
) -> None:
    thread = start_thread(db, patient, "This exercise hurts, should I stop?")
    sign_in_staff(client, navigator)
    page = client.submit(f"/staff/messages/{thread.id}/escalate", {"reason": ""})
    assert page.errors() == ["Enter why a clinician needs to answer"]
    client.post(f"/staff/messages/{thread.id}/escalate", {"reason": "Pain with exercise: needs a physio's view"})
    db.refresh(thread)
    assert thread.escalated
    assert thread.escalated_by_id == navigator.record.id

    sign_in_staff(other_client, clinician)
    queue = other_client.get("/staff/messages/")  # a clinician lands on the escalated queue
    assert "Escalated to a clinician (1)" in queue.text()
    assert inbox_names(queue) == [patient.full_name]
    page = other_client.get(f"/staff/messages/{thread.id}")
    assert "Pain with exercise: needs a physio's view" in page.text()
    other_client.post(
        f"/staff/messages/{thread.id}/reply",
        {"reply": "Stop that one for now; try the easier version."},
        csrf_from=f"/staff/messages/{thread.id}",
    )
    message = db.exec(select(Message).where(Message.author_kind == "clinician")).one()
    assert message.author_name == "Chris Clinician"
    assert inbox_names(other_client.get("/staff/messages/?view=escalated")) == []
    sign_in_patient(client, patient)
    assert "Chris Clinician, clinician" in client.get(f"/messages/{thread.id}").text()


def test_escalating_after_a_reply_puts_the_thread_back_in_the_clinicians_queue(  # noqa: PLR0917 - pytest fixtures
    client: PageClient,
    other_client: PageClient,
    db: Session,
    navigator: StaffLogin,
    clinician: StaffLogin,
    patient: Patient,
) -> None:
    thread = start_thread(db, patient, "My knee is swelling up after the exercises.")
    sign_in_staff(client, navigator)
    client.post(
        f"/staff/messages/{thread.id}/reply",
        {"reply": "Thanks for telling us. Rest it today and we will check with the team."},
        csrf_from=f"/staff/messages/{thread.id}",
    )
    db.refresh(thread)
    assert thread.status == "waiting"
    client.post(f"/staff/messages/{thread.id}/escalate", {"reason": "Swelling after exercise: needs a physio"})
    db.refresh(thread)
    assert thread.status == "open"
    assert thread.due_by is not None
    assert thread.due_by > clock.now()

    page = client.get(f"/staff/messages/{thread.id}")
    banner = page.one(".nhsuk-inset-text")
    assert [tag.get_text() for tag in banner.select("strong")] == ["Escalated to a clinician"]
    assert [p.get_text() for p in banner.select("p.app-message__text")] == ["Swelling after exercise: needs a physio"]
    assert "<p>" not in banner.get_text()
    assert "Needs a reply" in page.text(".nhsuk-summary-list")

    sign_in_staff(other_client, clinician)
    queue = other_client.get("/staff/messages/?view=escalated")
    assert "Escalated to a clinician (1)" in queue.text()
    assert inbox_names(queue) == [patient.full_name]


def test_the_escalation_reason_is_escaped(
    client: PageClient, db: Session, navigator: StaffLogin, patient: Patient
) -> None:
    thread = start_thread(db, patient)
    sign_in_staff(client, navigator)
    client.post(f"/staff/messages/{thread.id}/escalate", {"reason": "<b>Swelling</b> after exercise"})
    banner = client.get(f"/staff/messages/{thread.id}").one(".nhsuk-inset-text")
    assert banner.select("b") == []
    assert [p.get_text() for p in banner.select("p.app-message__text")] == ["<b>Swelling</b> after exercise"]


def test_close_and_reopen(client: PageClient, db: Session, navigator: StaffLogin, patient: Patient) -> None:
    thread = start_thread(db, patient)
    sign_in_staff(client, navigator)
    client.post(f"/staff/messages/{thread.id}/close", {}, csrf_from=f"/staff/messages/{thread.id}")
    db.refresh(thread)
    assert thread.status == "closed"
    assert inbox_names(client.get("/staff/messages/?view=closed")) == [patient.full_name]
    client.post(f"/staff/messages/{thread.id}/reopen", {}, csrf_from=f"/staff/messages/{thread.id}")
    db.refresh(thread)
    assert thread.status == "open"
    assert thread.due_by is not None


def test_admin_manages_canned_replies_and_navigators_cannot(
    client: PageClient, other_client: PageClient, db: Session, admin: StaffLogin, navigator: StaffLogin
) -> None:
    sign_in_staff(client, admin)
    page = client.submit("/staff/messages/canned-replies/new", {"title": "Hello", "text": "Hi {frist_name}"})
    assert page.errors() == ["Use only these placeholders: {first_name}, {last_name}, {staff_name}"]
    assert page.value("title") == "Hello"
    client.post("/staff/messages/canned-replies/new", {"title": "Hello", "text": "Hi {first_name}"})
    listing = client.get("/staff/messages/canned-replies")
    assert "Hi {first_name}" in listing.text()
    reply = canned.all_replies(db)[0]
    client.post(f"/staff/messages/canned-replies/{reply.id}", {"title": "Greeting", "text": "Hello {first_name}"})
    db.refresh(reply)
    assert (reply.title, reply.text) == ("Greeting", "Hello {first_name}")
    sign_in_staff(other_client, navigator)
    other_client.get("/staff/messages/canned-replies", status=403)
    client.post(f"/staff/messages/canned-replies/{reply.id}/delete", {}, csrf_from="/staff/messages/canned-replies")
    assert canned.all_replies(db) == []


def test_promise_runs_from_the_first_unanswered_message(db: Session, patient: Patient) -> None:
    clock.freeze(datetime(2026, 12, 7, 9, 0, tzinfo=LONDON))
    thread = start_thread(db, patient)
    first_due = thread.due_by
    clock.freeze(datetime(2026, 12, 8, 9, 0, tzinfo=LONDON) + timedelta(hours=1))
    from patient_app.messages import threads  # noqa: PLC0415

    threads.reply(db, patient=patient, thread=thread, text="Any news?", promise_days=1)
    assert thread.due_by == first_due
    assert db.exec(select(MessageThread)).one().due_by == first_due


def test_author_kind_follows_the_clinician_role() -> None:
    assert staff_actions.author_kind(frozenset({Role.CLINICIAN, Role.NAVIGATOR})) == "clinician"
    assert staff_actions.author_kind(frozenset({Role.NAVIGATOR})) == "navigator"
    assert staff_actions.author_kind(frozenset({Role.ADMIN})) == "navigator"
