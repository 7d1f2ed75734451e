"""Using a green card through the page-checking client: finding it, the checks, the questions, sending."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from sqlmodel import Session, col, select

from patient_app import clock, codes
from patient_app.models import AuditEvent, GreenCard, OutboxEvent, Patient, RedFlagAlert, Referral, ReferralEvent
from tests.conftest import sign_in_patient
from tests.support.green_cards import begin, find, make_card, walk
from tests.support.pages import PageClient
from tests.support.progress import make_referral


def _card(db: Session, patient: Patient, **kwargs: object) -> GreenCard:
    return make_card(db, make_referral(db, patient), **kwargs)  # type: ignore[arg-type]


def test_a_signed_in_patient_uses_their_card_and_it_reaches_the_hub(
    client: PageClient, db: Session, patient: Patient
) -> None:
    card = _card(db, patient)
    sign_in_patient(client, patient)
    page = client.get("/use-green-card/choose")
    assert page.h1 == "Which green card do you want to use?"
    response = client.post("/use-green-card/choose", {"card": str(card.id)})
    assert response.headers["Location"] == "/use-green-card/checked"
    assert client.raw.get("/use-green-card/checked").headers["Location"] == "/use-green-card/same-problem"
    assert client.get("/use-green-card/same-problem").h1 == "Is this about the same problem?"
    first = begin(client)
    # The emergency screen comes first, always.
    assert first.endswith("/use-green-card/q/rf-cauda-equina")
    assert client.get(first).h1 == "Have you had any of these in the last few weeks?"
    end = walk(client, location=first)
    assert end == "/use-green-card/check-answers"
    check = client.get(end)
    assert "Left knee pain" in check.text("main")
    response = client.post(end, {})
    assert response.headers["Location"] == "/use-green-card/sent"
    sent = client.get("/use-green-card/sent")
    assert sent.h1 == "We have your request to come back"
    request_made = db.exec(select(Referral).where(Referral.kind == "re-access")).one()
    assert codes.grouped(request_made.reference) in sent.text("main")
    assert "within 14 days" in sent.text("main")
    assert (request_made.green_card_id, request_made.original_referral_id) == (card.id, card.referral_id)
    assert (request_made.priority, request_made.patient_id) == ("urgent", patient.id)
    event = db.exec(select(OutboxEvent).where(OutboxEvent.event_type == "green_card.reaccess_submitted")).one()
    assert event.priority == 0
    # The original referral's timeline shows the return.
    lines = db.exec(select(ReferralEvent).where(ReferralEvent.referral_id == card.referral_id)).all()
    assert "green_card.reaccess_submitted" in [line.event_type for line in lines]
    timeline = client.get(f"/my-referrals/{card.referral_id}")
    assert "You used your green card to come back to us." in timeline.text("main")


def test_sending_twice_makes_one_request(client: PageClient, db: Session, patient: Patient) -> None:
    _card(db, patient)
    sign_in_patient(client, patient)
    client.post("/use-green-card/choose", {"card": str(_only_card(db).id)})
    walk(client, location=begin(client))
    token_page = "/use-green-card/check-answers"
    first = client.post(token_page, {})
    # A second tap (or the back button and send again) finds the request already made.
    second = client.post(token_page, {}, csrf_from="/use-green-card/sent")
    assert first.headers["Location"] == second.headers["Location"] == "/use-green-card/sent"
    assert len(db.exec(select(Referral).where(Referral.kind == "re-access")).all()) == 1
    assert len(db.exec(select(OutboxEvent)).all()) == 1


def _only_card(db: Session) -> GreenCard:
    return db.exec(select(GreenCard)).one()


def test_one_open_request_per_card(client: PageClient, db: Session, patient: Patient) -> None:
    card = _card(db, patient)
    sign_in_patient(client, patient)
    client.post("/use-green-card/choose", {"card": str(card.id)})
    walk(client, location=begin(client))
    client.post("/use-green-card/check-answers", {})
    response = client.post("/use-green-card/choose", {"card": str(card.id)})
    assert client.raw.get(response.headers["Location"]).headers["Location"] == "/use-green-card/cannot-use/open-request"
    page = client.get("/use-green-card/cannot-use/open-request")
    assert page.h1 == "You have already asked to come back"
    # Once the team has finished with it, the card can be used again.
    request_made = db.exec(select(Referral).where(Referral.kind == "re-access")).one()
    request_made.status = "discharged"
    db.add(request_made)
    db.commit()
    assert client.raw.get("/use-green-card/checked").headers["Location"] == "/use-green-card/same-problem"


def test_a_red_flag_on_return_goes_to_the_emergency_page(client: PageClient, db: Session, patient: Patient) -> None:
    card = _card(db, patient)
    sign_in_patient(client, patient)
    client.post("/use-green-card/choose", {"card": str(card.id)})
    end = walk(client, {"rf-calf": {"answer": "not-sure"}}, location=begin(client))
    assert end == "/get-help/dvt"
    assert client.get(end).h1 == "Get your leg checked today"
    alert = db.exec(select(RedFlagAlert)).one()
    assert alert.advice == "dvt"
    assert db.exec(select(Referral).where(Referral.kind == "re-access")).all() == []
    # The questions stay closed: every later page goes back to the emergency advice.
    assert client.raw.get("/use-green-card/q/what-changed").headers["Location"] == "/get-help/dvt"
    response = client.post("/use-green-card/check-answers", {}, csrf_from="/use-green-card/find")
    assert response.headers["Location"] == "/get-help/dvt"
    assert db.exec(select(Referral).where(Referral.kind == "re-access")).all() == []


def test_the_emergency_questions_cannot_be_skipped(client: PageClient, db: Session, patient: Patient) -> None:
    card = _card(db, patient)
    sign_in_patient(client, patient)
    client.post("/use-green-card/choose", {"card": str(card.id)})
    first = begin(client)
    response = client.raw.get("/use-green-card/q/pain-now")
    assert response.headers["Location"] == first
    assert client.raw.get("/use-green-card/check-answers").headers["Location"] == first


def test_a_different_problem_is_sent_to_self_referral(client: PageClient, db: Session, patient: Patient) -> None:
    card = _card(db, patient)
    sign_in_patient(client, patient)
    client.post("/use-green-card/choose", {"card": str(card.id)})
    response = client.post("/use-green-card/same-problem", {"answer": "no"})
    assert response.headers["Location"] == "/use-green-card/cannot-use/different-problem"
    page = client.get("/use-green-card/cannot-use/different-problem")
    assert page.h1 == "Refer yourself for a different problem"
    assert page.one("main a[href='/self-referral']") is not None


def test_same_problem_needs_an_answer(client: PageClient, db: Session, patient: Patient) -> None:
    card = _card(db, patient)
    sign_in_patient(client, patient)
    client.post("/use-green-card/choose", {"card": str(card.id)})
    page = client.submit("/use-green-card/same-problem", {})
    assert page.errors() == ["Select yes if it is about the same problem"]


def test_a_forged_card_id_is_refused(client: PageClient, db: Session, patient: Patient, other_patient: Patient) -> None:
    _card(db, patient)
    theirs = _card(db, other_patient)
    sign_in_patient(client, patient)
    page = client.submit("/use-green-card/choose", {"card": str(theirs.id)})
    assert page.errors() == ["Select a green card"]
    page = client.submit("/use-green-card/choose", {"card": "not-a-uuid"})
    assert page.errors() == ["Select a green card"]
    # Nothing about the other card reached this browser.
    assert client.raw.get("/use-green-card/checked").headers["Location"] == "/use-green-card/"


def test_someone_elses_card_pages_are_not_found(
    client: PageClient, db: Session, patient: Patient, other_patient: Patient
) -> None:
    theirs = _card(db, other_patient)
    sign_in_patient(client, patient)
    for url in (
        f"/my-green-card/{theirs.id}",
        f"/my-green-card/{theirs.id}/card.pdf",
        f"/my-green-card/{theirs.id}/letter.pdf",
    ):
        assert client.raw.get(url).status_code == 404


def test_a_guest_uses_a_card_with_code_and_date_of_birth(client: PageClient, db: Session, patient: Patient) -> None:
    card = _card(db, patient)
    page = client.get("/use-green-card/find")
    assert page.h1 == "Enter your green card details"
    response = find(client, codes.grouped(card.code).lower(), patient.date_of_birth)
    assert response.headers["Location"] == "/use-green-card/checked"
    walk(client, location=begin(client))
    client.post("/use-green-card/check-answers", {})
    request_made = db.exec(select(Referral).where(Referral.kind == "re-access")).one()
    assert request_made.original_referral_id == card.referral_id
    tried = db.exec(select(AuditEvent).where(AuditEvent.action == "green_card.code_tried")).one()
    assert tried.detail["matched"] == "True"


def test_wrong_code_and_wrong_date_of_birth_get_the_same_answer(
    client: PageClient, db: Session, patient: Patient
) -> None:
    card = _card(db, patient)
    other_code = codes.new_code()
    wrong_code = find(client, other_code, patient.date_of_birth)
    wrong_birth = find(client, card.code, patient.date_of_birth - timedelta(days=1))
    assert wrong_code.status_code == wrong_birth.status_code == 200
    page_a = client.submit("/use-green-card/find", _form(other_code, patient.date_of_birth))
    page_b = client.submit("/use-green-card/find", _form(card.code, date(1950, 1, 1)))
    assert (
        page_a.errors()
        == page_b.errors()
        == ["The code and date of birth do not match a green card. Check them and try again"]
    )
    misses = db.exec(select(AuditEvent).where(AuditEvent.action == "green_card.code_tried")).all()
    assert [event.detail["matched"] for event in misses] == ["False"] * 4
    assert client.raw.get("/use-green-card/checked").headers["Location"] == "/use-green-card/"


def _form(code: str, born: date) -> dict[str, str]:
    return {
        "code": code,
        "date_of_birth[day]": str(born.day),
        "date_of_birth[month]": str(born.month),
        "date_of_birth[year]": str(born.year),
    }


def test_a_mistyped_code_is_caught_by_its_check_character(client: PageClient) -> None:
    code = codes.new_code()
    typo = code[:3] + ("A" if code[3] != "A" else "C") + code[4:]
    page = client.submit("/use-green-card/find", _form(typo, date(1975, 4, 3)))
    assert page.field_error("code") is not None
    assert "Check your green card code" in page.errors()[0]
    page = client.submit("/use-green-card/find", {})
    assert page.errors() == ["Enter your green card code", "Enter your date of birth"]


def test_guessing_codes_is_throttled(app: Flask, client: PageClient, patient: Patient, db: Session) -> None:
    card = _card(db, patient)
    statuses = [find(client, card.code, date(1950, 1, day)).status_code for day in range(1, 8)]
    # Five tries per card code in 15 minutes, then "too many requests", even with the right date of birth.
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429, 429]
    assert find(client, card.code, patient.date_of_birth).status_code == 429


def test_guessing_many_codes_from_one_address_is_throttled(client: PageClient) -> None:
    statuses = [find(client, codes.new_code(), date(1950, 1, 1)).status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


def test_an_expired_card_is_refused_kindly(client: PageClient, db: Session, patient: Patient) -> None:
    today = clock.london_today()
    card = _card(db, patient, issued_on=today - timedelta(days=200), valid_until=today - timedelta(days=1))
    find(client, card.code, patient.date_of_birth)
    response = client.raw.get("/use-green-card/checked")
    assert response.headers["Location"] == "/use-green-card/cannot-use/expired"
    page = client.get("/use-green-card/cannot-use/expired")
    assert page.h1 == "Your green card has ended"
    assert page.one("main a[href='/self-referral']") is not None
    # Typing a question address does not get round the check.
    assert client.raw.get("/use-green-card/same-problem").headers["Location"] == "/use-green-card/checked"


def test_a_card_that_ends_while_answering_cannot_be_sent(client: PageClient, db: Session, patient: Patient) -> None:
    today = clock.london_today()
    card = _card(db, patient, issued_on=today - timedelta(days=60), valid_until=today)
    find(client, card.code, patient.date_of_birth)
    walk(client, location=begin(client))
    clock.freeze(clock.now() + timedelta(days=1))
    response = client.post("/use-green-card/check-answers", {}, csrf_from="/use-green-card/find")
    assert response.headers["Location"] == "/use-green-card/checked"
    assert client.raw.get("/use-green-card/checked").headers["Location"] == "/use-green-card/cannot-use/expired"
    assert db.exec(select(Referral).where(Referral.kind == "re-access")).all() == []


def test_a_revoked_card_sends_the_patient_to_the_team(client: PageClient, db: Session, patient: Patient) -> None:
    card = _card(db, patient)
    card.status = "revoked"
    db.add(card)
    db.commit()
    find(client, card.code, patient.date_of_birth)
    assert client.raw.get("/use-green-card/checked").headers["Location"] == "/use-green-card/cannot-use/revoked"
    page = client.get("/use-green-card/cannot-use/revoked")
    assert page.h1 == "You cannot use this green card"
    assert "Call us on" in page.text("main")


def test_the_start_page_offers_the_right_way_in(client: PageClient, db: Session, patient: Patient) -> None:
    page = client.get("/use-green-card/")
    assert page.h1 == "Use your green card"
    assert page.one("main a.nhsuk-button")["href"] == "/use-green-card/find"
    _card(db, patient)
    sign_in_patient(client, patient)
    page = client.get("/use-green-card/")
    assert page.one("main a.nhsuk-button")["href"] == "/use-green-card/choose"


def test_reaccess_records_nothing_for_patients_without_a_card(
    client: PageClient, db: Session, patient: Patient
) -> None:
    sign_in_patient(client, patient)
    assert client.raw.get("/use-green-card/choose").headers["Location"] == "/use-green-card/find"
    assert client.raw.get("/use-green-card/q/rf-calf").headers["Location"] == "/use-green-card/"
    assert client.raw.get("/use-green-card/sent").status_code == 404
    assert db.exec(select(Referral).where(col(Referral.kind) == "re-access")).all() == []
