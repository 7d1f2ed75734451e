"""Green cards in Chromium at 360 px, axe-checked on every page: given by a clinician, used by patients and guests."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from playwright.sync_api import Browser
from sqlmodel import Session, select

from patient_app import clock, codes
from patient_app.models import GreenCard, Patient, RedFlagAlert, Referral
from tests.browser.conftest import LiveServer
from tests.browser.pages.green_card import RETURNING, GreenCardPages
from tests.browser.pages.referral import choose
from tests.browser.screen import Screen
from tests.support.factories import StaffLogin
from tests.support.green_cards import make_card
from tests.support.progress import make_referral


def _db(app: Flask) -> Session:
    return Session(app.extensions["db_engine"], expire_on_commit=False)


def _second_phone(browser: Browser, live_server: LiveServer, first: Screen) -> Screen:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 640}, locale="en-GB")
    return Screen(context.new_page(), first.artifacts.with_name(first.artifacts.name + "-patient"))


def test_a_clinician_gives_a_card_and_the_patient_uses_it_from_the_app(
    screen: Screen, browser: Browser, live_server: LiveServer, patient: Patient, clinician: StaffLogin
) -> None:
    app = live_server.app
    with _db(app) as db:
        referral = make_referral(db, patient)
    staff = GreenCardPages(screen)
    staff.staff_sign_in(clinician)
    screen.goto(f"/staff/patients/{patient.id}", "record")
    screen.click_link(f"Give a green card for referral {codes.grouped(referral.reference)}", "issue")
    screen.fill("Condition", "Left knee pain")
    screen.choose("Left")
    screen.select("How long the card lasts", "6 months")
    screen.fill("Note for the patient (optional)", "Keep doing the step-ups every day.")
    screen.click_button("Give green card", "issued")
    assert screen.heading() == "Green card: Left knee pain"

    phone = _second_phone(browser, live_server, screen)
    try:
        journey = GreenCardPages(phone)
        journey.patient_sign_in(patient)
        phone.click_link("See your green card and how to use it", "my-cards")
        phone.click_link("Left knee pain", "card")
        assert phone.heading() == "Your green card"
        assert "Keep doing the step-ups every day." in phone.page.locator("main").inner_text()
        phone.click_button("Use your green card", "choose")  # a link styled and announced as a button
        phone.page.get_by_role("radio").first.check()
        phone.click_button("Continue", "same-problem")
        assert phone.heading() == "Is this about the same problem?"
        phone.choose("Yes")
        phone.click_button("Continue", "first-question")
        assert phone.heading() == "Have you had any of these in the last few weeks?"
        journey.answer_until_done(RETURNING)
        assert phone.heading() == "Check your answers before you send them"
        phone.click_button("Confirm and send", "sent")
        assert phone.heading().startswith("We have your request to come back")
        reference = phone.page.locator(".app-reference").inner_text().replace(" ", "")
        phone.click_link("See what has happened so far", "timeline")
        assert "You used your green card to come back to us." in phone.page.locator("main").inner_text()
        phone.assert_every_page_was_checked()
    finally:
        phone.page.context.close()
    with _db(app) as db:
        request_made = db.exec(select(Referral).where(Referral.kind == "re-access")).one()
    assert request_made.reference == reference
    assert request_made.original_referral_id == referral.id


def test_a_guest_uses_a_card_by_code_and_date_of_birth(screen_no_js: Screen, app: Flask, patient: Patient) -> None:
    with _db(app) as db:
        referral = make_referral(db, patient)
        referral.patient_id = None
        db.add(referral)
        db.commit()
        card = make_card(db, referral)
    journey = GreenCardPages(screen_no_js)
    journey.enter_code(codes.grouped(card.code), patient.date_of_birth)
    assert screen_no_js.heading() == "Is this about the same problem?"
    screen_no_js.choose("Yes")
    screen_no_js.click_button("Continue", "first-question")
    journey.answer_until_done(RETURNING)
    screen_no_js.click_button("Confirm and send", "sent")
    assert screen_no_js.heading().startswith("We have your request to come back")
    with _db(app) as db:
        assert db.exec(select(Referral).where(Referral.kind == "re-access")).one().green_card_id == card.id


def test_a_wrong_date_of_birth_is_refused_without_saying_which_detail_was_wrong(
    screen: Screen, app: Flask, patient: Patient
) -> None:
    with _db(app) as db:
        card = make_card(db, make_referral(db, patient))
    GreenCardPages(screen).enter_code(card.code, patient.date_of_birth - timedelta(days=1))
    assert screen.errors() == ["The code and date of birth do not match a green card. Check them and try again"]


def test_a_red_flag_on_return_goes_to_the_emergency_page(screen: Screen, app: Flask, patient: Patient) -> None:
    with _db(app) as db:
        card = make_card(db, make_referral(db, patient))
    journey = GreenCardPages(screen)
    journey.enter_code(card.code, patient.date_of_birth)
    screen.choose("Yes")
    screen.click_button("Continue", "first-question")
    journey.answer_until_done({**RETURNING, "rf-cauda-equina": choose("I'm not sure")})
    assert screen.page.url.endswith("/get-help/cauda-equina")
    assert screen.heading() == "Go to A&E now"
    with _db(app) as db:
        assert db.exec(select(RedFlagAlert)).one().advice == "cauda-equina"
        assert db.exec(select(Referral).where(Referral.kind == "re-access")).all() == []


def test_an_expired_card_is_refused_kindly(screen: Screen, app: Flask, patient: Patient) -> None:
    today = clock.london_today()
    with _db(app) as db:
        card = make_card(
            db, make_referral(db, patient), issued_on=today - timedelta(days=200), valid_until=today - timedelta(days=1)
        )
        assert db.exec(select(GreenCard)).one().id == card.id
    GreenCardPages(screen).enter_code(card.code, patient.date_of_birth)
    assert screen.heading() == "Your green card has ended"
    screen.click_button("Refer yourself", "self-referral")
    assert screen.heading() == "Refer yourself for physiotherapy and MSK care"
