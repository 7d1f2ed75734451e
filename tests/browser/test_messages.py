"""A patient messages the team from a phone; a navigator answers from the console with a canned reply."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlmodel import Session

from patient_app.messages import canned
from patient_app.models import Patient
from tests.browser.pages.messages import NavigatorConsole, PatientMessages
from tests.browser.screen import Screen
from tests.support.factories import StaffLogin
from tests.support.messages import start_thread


def test_patient_sends_navigator_replies_with_canned_reply_and_badge_clears(
    screen: Screen, desktop: Screen, patient: Patient, navigator: StaffLogin, db: Session
) -> None:
    canned.save(db, reply=None, title="Appointment booked", text="Hello {first_name}, your appointment is booked.")
    phone = PatientMessages(screen).sign_in(patient).open()
    expect(screen.page.get_by_text("Messages are not for emergencies").first).to_be_visible()
    phone.send_new("My referral or appointment", "Is my appointment booked yet?")
    assert screen.heading() == "My referral or appointment"
    expect(screen.page.get_by_text("We aim to reply by")).to_be_visible()
    assert screen.page.evaluate("() => document.documentElement.scrollWidth") <= 360

    console = NavigatorConsole(desktop).sign_in(navigator).open_inbox()
    console.open_thread(patient.full_name)
    expect(desktop.page.get_by_label("Reply to the patient")).to_have_value("")
    console.reply_with_canned("Appointment booked")
    expect(desktop.page.get_by_text("Hello Sam, your appointment is booked.")).to_be_visible()

    phone.open()
    expect(phone.badge()).to_have_text("1 new")
    screen.click_link("My referral or appointment", "reply-read")
    expect(screen.page.get_by_text("Hello Sam, your appointment is booked.")).to_be_visible()
    expect(screen.page.get_by_text("Read by the team at")).to_be_visible()
    expect(phone.badge()).to_have_count(0)


def test_red_flag_message_without_javascript_shows_emergency_advice(screen_no_js: Screen, patient: Patient) -> None:
    phone = PatientMessages(screen_no_js).sign_in(patient).open()
    screen_no_js.click_button("Start a new conversation", "topic")
    screen_no_js.click_button("Continue", "topic-error")
    assert screen_no_js.errors() == ["Select what your message is about"]
    screen_no_js.choose("Something else")
    screen_no_js.click_button("Continue", "message")
    screen_no_js.fill("Your message", "Both my legs feel weak and I can't control my bladder")
    screen_no_js.click_button("Send message", "get-help-now")
    assert screen_no_js.heading() == "Your message may be about something urgent"
    expect(screen_no_js.page.get_by_role("heading", name="Call 999 or go to A&E now if you have:")).to_be_visible()
    assert phone.badge().count() == 0


def test_a_navigator_escalates_after_replying_and_a_clinician_finds_it_in_their_queue(
    desktop: Screen, patient: Patient, navigator: StaffLogin, clinician: StaffLogin, db: Session
) -> None:
    start_thread(db, patient, "My knee swells up after the exercises.")
    console = NavigatorConsole(desktop).sign_in(navigator).open_inbox()
    console.open_thread(patient.full_name)
    console.reply("Thank you. Rest it today; we will ask a physiotherapist.")
    console.escalate("Swelling after exercise: needs a physiotherapist")
    banner = desktop.page.locator(".nhsuk-inset-text")
    expect(banner.get_by_text("Escalated to a clinician", exact=True)).to_be_visible()
    expect(banner).not_to_contain_text("<p>")
    expect(desktop.page.get_by_text("Needs a reply", exact=True)).to_be_visible()
    console.sign_out()

    NavigatorConsole(desktop).sign_in(clinician).open_inbox()
    expect(desktop.page.get_by_text("Escalated to a clinician (1)")).to_be_visible()
    desktop.click_link(patient.full_name, "escalated-thread")
    expect(desktop.page.get_by_text("Swelling after exercise: needs a physiotherapist")).to_be_visible()
    assert desktop.page.evaluate("() => document.documentElement.scrollWidth") <= 1280
