"""Goals and pain scores in a real browser at 360 px, keyboard only for the scores; axe on every page."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlmodel import Session

from patient_app.models import Patient
from patient_app.progress import goals
from tests.browser.pages.progress import ProgressPages
from tests.browser.screen import Screen
from tests.support.progress import add_pain, make_referral


def test_set_a_goal_and_record_three_pain_scores_with_the_keyboard(screen: Screen, patient: Patient) -> None:
    journey = ProgressPages(screen)
    journey.sign_in(patient)
    journey.open()
    assert screen.heading() == "My progress"
    journey.set_goal("Walk to the shops and back without stopping by June", "Very important")
    assert screen.heading() == "Walk to the shops and back without stopping by June"

    journey.record_pain_by_typing(60)
    journey.record_pain_with_slider_keys(45)
    journey.record_pain_with_step_buttons(3)

    assert screen.heading() == "My progress"
    expect(journey.pain_chart()).to_be_visible()
    assert screen.page.locator("figure svg circle").count() == 3
    assert journey.pain_summary().startswith(
        "Your pain is 50% lower than your first score — that is a meaningful improvement."
    )
    width = screen.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360


def test_pain_score_without_javascript(screen_no_js: Screen, patient: Patient) -> None:
    journey = ProgressPages(screen_no_js)
    journey.sign_in(patient)
    screen_no_js.goto("/my-progress/pain/vas", "vas-no-js")
    assert screen_no_js.page.get_by_role("slider").count() == 0
    screen_no_js.fill("What is your pain score?", "101")
    screen_no_js.click_button("Save pain score", "vas-error")
    assert screen_no_js.errors() == ["Pain score must be a whole number from 0 to 100"]
    screen_no_js.fill("What is your pain score?", "35")
    screen_no_js.click_button("Save pain score", "saved")
    assert screen_no_js.heading() == "My progress"
    expect(screen_no_js.page.get_by_role("img", name="Your pain scores from 0 to 100")).to_be_visible()


def test_every_progress_page_passes_axe(screen: Screen, patient: Patient, db: Session) -> None:
    """The pages the journey test does not reach, each scanned once (Screen runs axe on each)."""
    make_referral(db, patient)
    goal = goals.set_goal(db, patient=patient, text="Walk to the shops", importance="very")
    entry = add_pain(db, patient, 40)
    ProgressPages(screen).sign_in(patient)
    for path in (
        "/my-progress/pain/nrs",
        "/my-progress/pain",
        f"/my-progress/pain/{entry.id}/treatment",
        f"/my-progress/goals/{goal.id}/check-in",
        f"/my-progress/goals/{goal.id}/status",
        "/my-progress/activities",
        "/my-progress/reminders",
        "/my-progress/outcomes",
        "/my-progress/outcomes/set-goals",
        "/feedback",
    ):
        screen.goto(path, path.strip("/").replace("/", "-")[:40])
    screen.click_button("Send feedback", "feedback-error")
    assert screen.errors() == ["Select how your experience of our service was"]
