"""Self-referral in Chromium at 360 px, with JavaScript on and off, axe-checked on every page."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlmodel import Session, select

from patient_app.models import RedFlagAlert, Referral
from tests.browser.pages.referral import LOW_BACK_PAIN, SelfReferral, birthday, choose
from tests.browser.screen import Screen
from tests.support import clocks


@pytest.fixture(params=["js", "no-js"])
def phone(request: pytest.FixtureRequest) -> Screen:
    return request.getfixturevalue("screen" if request.param == "js" else "screen_no_js")


def _db(app: Flask) -> Session:
    return Session(app.extensions["db_engine"])


def test_cauda_equina_reaches_the_emergency_page(phone: Screen, app: Flask) -> None:
    journey = SelfReferral(phone)
    journey.start()
    assert phone.heading() == "Have you had any of these in the last few weeks?"
    journey.answer_until_done({"rf-cauda-equina": choose("I'm not sure")})
    assert phone.page.url.endswith("/get-help/cauda-equina")
    assert phone.heading() == "Go to A&E now"
    expect(phone.role("heading", "Immediate action required: Go to A&E now or call 999")).to_be_visible()
    with _db(app) as db:
        assert db.exec(select(Referral)).all() == []
        assert db.exec(select(RedFlagAlert)).one().flag == "RF-CES-01"


def test_low_back_pain_referral_with_start_back(phone: Screen, app: Flask) -> None:
    journey = SelfReferral(phone)
    journey.start()
    journey.answer_until_done(LOW_BACK_PAIN)
    assert phone.heading() == "Check your answers before sending your referral"
    phone.click_button("Confirm and send", "confirmation")
    assert phone.heading().startswith("Referral sent")
    reference = phone.page.locator(".app-reference").inner_text().replace(" ", "")
    with _db(app) as db:
        referral = db.exec(select(Referral)).one()
    assert referral.reference == reference
    # All "disagree" and item 9 'not at all': total 0, STarT Back low.
    assert referral.scores["start-back"]["group"] == "low"
    assert referral.disposition == "self-management"


def test_a_15_year_old_is_redirected(phone: Screen) -> None:
    journey = SelfReferral(phone)
    journey.start()
    born = clocks.years_ago(15)
    journey.answer_until_done({**LOW_BACK_PAIN, "date-of-birth": birthday(born)})
    assert phone.heading() == "We cannot see children in this service"


def test_resuming_a_half_finished_guest_draft(phone: Screen, browser, live_server) -> None:  # type: ignore[no-untyped-def]
    journey = SelfReferral(phone)
    journey.start()
    journey.answer_until_done(LOW_BACK_PAIN, stop_before="pain-now")
    phone.click_link("Save and come back later", "save")
    phone.click_button("Save and get a code", "saved")
    code = phone.page.locator(".app-reference").inner_text()
    # The phone's session is gone (a new browser): carry on with the code.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 640})
    try:
        other = Screen(
            context.new_page(),
            phone.artifacts.with_name(phone.artifacts.name + "-resumed"),
            javascript=phone.javascript,
        )
        other.goto("/self-referral", "start")
        other.click_link("I have a code to carry on a saved referral", "resume")
        other.fill("Enter your resume code", code)
        other.click_button("Continue", "resumed")
        assert other.heading() == "How bad is your pain right now?"
        other.assert_every_page_was_checked()
    finally:
        context.close()


def test_emergency_advice_opens_offline(screen: Screen) -> None:
    screen.goto("/", "home")
    screen.page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    screen.page.context.set_offline(True)
    screen.goto("/get-help/cauda-equina", "offline-emergency")
    assert screen.heading() == "Go to A&E now"
