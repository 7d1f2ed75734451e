"""Staff give and cancel green cards; the patient sees their card, its PDFs and the reminder."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlmodel import Session, select

from patient_app import clock, codes, mail
from patient_app.greencard import cards
from patient_app.models import AuditEvent, GreenCard, Patient
from tests.conftest import sign_in_patient, sign_in_staff
from tests.support.factories import StaffLogin, make_patient
from tests.support.green_cards import make_card
from tests.support.pages import PageClient
from tests.support.progress import make_referral
from tests.support.soup import attr


def test_a_clinician_gives_a_green_card_from_the_patients_record(
    client: PageClient, db: Session, patient: Patient, clinician: StaffLogin
) -> None:
    referral = make_referral(db, patient)
    sign_in_staff(client, clinician)
    record = client.get(f"/staff/patients/{patient.id}")
    link = record.one(f"a[href='/staff/referrals/{referral.id}/green-card']")
    assert link is not None
    form = client.get(attr(link, "href"))
    assert form.h1 == f"Give a green card to {patient.given_name} {patient.family_name}"
    # The body area and default validity come filled in.
    assert form.one("select[name=validity] option[selected]")["value"] == "6"
    assert form.one("select[name=body_area] option[selected]")["value"] == "knee"
    response = client.post(
        attr(link, "href"),
        {"condition": "Left knee pain", "body_area": "knee", "side": "left", "validity": "6", "note": "Keep going."},
    )
    card = db.exec(select(GreenCard)).one()
    assert response.headers["Location"] == f"/staff/green-cards/{card.id}"
    today = clock.london_today()
    assert (card.issued_on, card.valid_until) == (today, cards.add_months(today, 6))
    assert (card.patient_id, card.issued_by, card.side) == (patient.id, "Chris Clinician", "left")
    assert codes.is_valid(card.code)
    detail = client.get(response.headers["Location"])
    assert detail.h1 == "Green card: Left knee pain"
    assert "Active" in detail.text(".nhsuk-summary-list")
    # A second card for the same referral is not possible: the form goes to the card.
    assert client.raw.get(attr(link, "href")).headers["Location"] == f"/staff/green-cards/{card.id}"
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "green_card.issued")).one().patient_id == patient.id


def test_the_issue_form_shows_its_errors(
    client: PageClient, db: Session, patient: Patient, clinician: StaffLogin
) -> None:
    referral = make_referral(db, patient)
    sign_in_staff(client, clinician)
    page = client.submit(f"/staff/referrals/{referral.id}/green-card", {"validity": "99", "body_area": "knee"})
    assert page.errors() == ["Enter the condition", "Select the side", "Select how long the card lasts"]
    assert db.exec(select(GreenCard)).all() == []


def test_navigators_cannot_give_or_cancel_cards(
    client: PageClient, db: Session, patient: Patient, navigator: StaffLogin
) -> None:
    card = make_card(db, make_referral(db, patient))
    sign_in_staff(client, navigator)
    assert client.raw.get(f"/staff/referrals/{make_referral(db, patient).id}/green-card").status_code == 403
    assert client.raw.get(f"/staff/green-cards/{card.id}/revoke").status_code == 403
    page = client.get(f"/staff/green-cards/{card.id}")
    assert page.select(f"a[href='/staff/green-cards/{card.id}/revoke']") == []


def test_cancelling_a_card_needs_a_reason_and_is_audited(
    client: PageClient, db: Session, patient: Patient, admin: StaffLogin
) -> None:
    card = make_card(db, make_referral(db, patient))
    sign_in_staff(client, admin)
    url = f"/staff/green-cards/{card.id}/revoke"
    assert client.submit(url, {"reason": ""}).errors() == ["Enter why you are cancelling the card"]
    response = client.post(url, {"reason": "Referred on to orthopaedics"})
    assert response.headers["Location"] == f"/staff/green-cards/{card.id}"
    db.refresh(card)
    assert (card.status, card.revoke_reason, card.revoked_by) == (
        "revoked",
        "Referred on to orthopaedics",
        admin.record.id,
    )
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "green_card.revoked")).one()
    assert (event.actor_id, event.detail["reason"]) == (str(admin.record.id), "Referred on to orthopaedics")
    assert "Cancelled on" in client.get(f"/staff/green-cards/{card.id}").text("main")
    patient_view = PageClient(client.raw.application.test_client())
    sign_in_patient(patient_view, patient)
    assert "You can come straight back" not in patient_view.get("/account").text("main")
    assert "This green card has been cancelled" in patient_view.get(f"/my-green-card/{card.id}").text("main")


def test_staff_print_the_letter_for_a_patient_without_an_account(
    client: PageClient, db: Session, clinician: StaffLogin
) -> None:
    guest_referral = make_referral(db, make_patient(db, given_name="Gus"))
    guest_referral.patient_id = None
    db.add(guest_referral)
    db.commit()
    card = make_card(db, guest_referral)
    assert card.patient_id is None
    sign_in_staff(client, clinician)
    response = client.raw.get(f"/staff/green-cards/{card.id}/letter.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "staff.printed_green_card")).one()


def test_the_patient_sees_their_card_and_downloads_it(client: PageClient, db: Session, patient: Patient) -> None:
    card = make_card(db, make_referral(db, patient))
    sign_in_patient(client, patient)
    account = client.get("/account")
    assert "You can come straight back to us about your Left knee pain" in account.text("main")
    index = client.get("/my-green-card/")
    link = index.one(f"a[href='/my-green-card/{card.id}']")
    page = client.get(attr(link, "href"))
    assert page.h1 == "Your green card"
    main = page.text("main")
    assert page.text(".app-reference") == codes.grouped(card.code)
    assert "Keep up the step-ups." in main
    for pdf in ("card.pdf", "letter.pdf"):
        response = client.raw.get(f"/my-green-card/{card.id}/{pdf}")
        assert response.status_code == 200
        assert response.data.startswith(b"%PDF")


def test_an_ended_card_says_so(client: PageClient, db: Session, patient: Patient) -> None:
    today = clock.london_today()
    card = make_card(
        db, make_referral(db, patient), issued_on=today - timedelta(days=100), valid_until=today - timedelta(days=1)
    )
    sign_in_patient(client, patient)
    assert "Your green card has ended." in client.get("/account").text("main")
    page = client.get(f"/my-green-card/{card.id}")
    assert "This green card has ended" in page.text("main")
    assert page.select("main a[href='/use-green-card/choose']") == []


def test_a_patient_without_a_card(client: PageClient, patient: Patient) -> None:
    sign_in_patient(client, patient)
    assert "Your green card" not in client.get("/account").text("main")
    assert "You do not have a green card." in client.get("/my-green-card/").text("main")


def test_reminders_go_once_and_carry_no_clinical_detail(app: Flask, db: Session, patient: Patient) -> None:
    today = clock.london_today()
    soon = make_card(
        db, make_referral(db, patient), issued_on=today - timedelta(days=170), valid_until=today + timedelta(days=10)
    )
    make_card(
        db, make_referral(db, patient), issued_on=today - timedelta(days=10), valid_until=today + timedelta(days=60)
    )
    runner = app.test_cli_runner()
    result = runner.invoke(args=["greencard", "remind", "--days", "14"])
    assert "Reminded 1 green card(s)" in result.output, result.output
    again = runner.invoke(args=["greencard", "remind", "--days", "14"])
    assert "Reminded 0 green card(s)" in again.output
    db.refresh(soon)
    assert soon.reminder_sent_at is not None
    sent = mail.mailbox(app.extensions["settings"])
    assert len(sent) == 1
    assert sent[0]["to"] == patient.email
    assert "knee" not in (sent[0]["subject"] + sent[0]["body"]).lower()
    client = PageClient(app.test_client())
    sign_in_patient(client, patient)
    assert f"ends on {soon.valid_until:%-d %B %Y}" in client.get("/account").text("main")


def test_the_services_own_default_validity_is_offered(
    app: Flask, client: PageClient, db: Session, patient: Patient, clinician: StaffLogin
) -> None:
    app.extensions["settings"] = app.extensions["settings"].with_overrides(green_card_default_months=4)
    referral = make_referral(db, patient)
    sign_in_staff(client, clinician)
    form = client.get(f"/staff/referrals/{referral.id}/green-card")
    assert form.one("select[name=validity] option[selected]").text == "4 months"
    client.post(
        f"/staff/referrals/{referral.id}/green-card",
        {"condition": "Right shoulder pain", "body_area": "shoulder", "side": "right", "validity": "4"},
    )
    card = db.exec(select(GreenCard)).one()
    assert card.valid_until == cards.add_months(card.issued_on, 4)
