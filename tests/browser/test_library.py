"""Leaflets and the exercise plan on a 360 px phone: search, PDF, logging, the timer, and offline."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader
from sqlmodel import Session

from patient_app.models import Patient
from tests.browser.pages.library import ClinicianPlan, Library, MyPlan, sign_in
from tests.browser.screen import Screen
from tests.support.factories import StaffLogin
from tests.support.plans import make_plan


def fits_the_phone(screen: Screen) -> bool:
    return bool(screen.page.evaluate("() => document.documentElement.scrollWidth <= 360"))


def test_open_a_leaflet_from_search_and_download_its_pdf(screen: Screen) -> None:
    library = Library(screen).search("sciatica")
    assert "Sciatica" in library.results()
    library.open("Sciatica")
    assert screen.heading() == "Sciatica"
    expect(screen.page.locator(".nhsuk-card--care--emergency")).to_be_visible()
    assert fits_the_phone(screen)
    pdf = Path(library.download_pdf())
    assert pdf.stat().st_size > 1000
    first_page = PdfReader(pdf).pages[0].extract_text().splitlines()
    assert "Sciatica" in first_page[:3]  # the title, under the NHS header

    # Printed from the browser: the advice and its care cards, without the site's furniture.
    screen.page.emulate_media(media="print")
    expect(screen.page.get_by_role("link", name="Download this leaflet as a PDF")).to_be_hidden()
    expect(screen.page.locator(".nhsuk-header")).to_be_hidden()
    expect(screen.page.locator(".app-contents")).to_be_hidden()
    expect(screen.page.locator(".nhsuk-card--care--emergency")).to_be_visible()


def test_open_todays_plan_and_log_an_exercise(screen: Screen, db: Session, patient: Patient) -> None:
    make_plan(db, patient)
    sign_in(screen, patient)
    plan = MyPlan(screen).open()
    assert screen.heading() == "Today’s exercises"
    assert plan.titles() == ["Knee rolls", "Pelvic tilts", "Knee to chest", "Walking"]
    assert plan.drawings_loaded()
    assert fits_the_phone(screen)
    plan.log("knee-rolls", "Knee rolls", did="Done", pain=3, felt="About right")
    expect(screen.page.locator(".nhsuk-notification-banner")).to_contain_text("Saved: Knee rolls, done.")
    assert plan.logged("knee-rolls").startswith("You logged this as done today, with pain 3 out of 10.")


def test_the_rep_counter_and_hold_timer(screen: Screen, db: Session, patient: Patient) -> None:
    make_plan(db, patient, template_id="heel-pain")  # calf stretch: hold 30 seconds, 3 times
    sign_in(screen, patient)
    screen.page.clock.install()
    plan = MyPlan(screen).open()
    calf = plan.exercise("calf-stretch")
    calf.get_by_role("button", name="Start hold 1 of 3").click()
    expect(calf.get_by_role("status")).to_have_text("Hold 1 of 3: hold for 30 seconds")
    screen.page.clock.run_for(30_000)
    expect(calf.get_by_role("status")).to_have_text("Hold 1 of 3 done. Rest for 5 seconds.")
    screen.page.clock.run_for(5_000)
    expect(calf.get_by_role("button", name="Start hold 2 of 3")).to_be_enabled()
    scrunches = plan.exercise("towel-scrunches")
    scrunches.get_by_role("button", name="Count a repetition").click()
    expect(scrunches.get_by_role("status")).to_contain_text("1 of")
    screen.check("timers")


def test_a_leaflet_and_the_plan_open_offline_once_visited(screen: Screen, db: Session, patient: Patient) -> None:
    make_plan(db, patient)
    screen.goto("/", "home")
    screen.page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    screen.page.reload()  # now controlled by the service worker
    screen.check("home-controlled")
    sign_in(screen, patient)
    screen.goto("/leaflets/low-back-pain", "leaflet-online")
    plan = MyPlan(screen).open()
    assert plan.drawings_loaded()

    screen.page.context.set_offline(True)
    screen.goto("/leaflets/low-back-pain", "leaflet-offline")
    assert screen.heading() == "Low back pain"
    expect(screen.page.locator(".nhsuk-card--care--emergency")).to_be_visible()
    plan.open()
    assert screen.heading() == "Today’s exercises"
    assert plan.titles()[0] == "Knee rolls"
    assert plan.drawings_loaded()
    # The page's own styles came from the cache too (the NHS header is styled, not a bare list).
    assert (
        screen.page.evaluate("() => getComputedStyle(document.querySelector('.nhsuk-header')).backgroundColor")
        != "rgba(0, 0, 0, 0)"
    )


def test_browse_exercises_and_a_helpful_404_on_a_phone(screen: Screen) -> None:
    screen.goto("/exercises", "exercises")
    screen.click_link("Knee", "exercises-knee")
    assert screen.page.get_by_role("link", name="Heel slides").is_visible()
    screen.click_link("Heel slides", "exercise")
    assert screen.heading() == "Heel slides"
    assert MyPlan(screen).drawings_loaded()
    assert fits_the_phone(screen)
    screen.goto("/leaflets/knee-pian", "not-found")
    assert screen.heading() == "We cannot find that page"
    screen.click_button("Search", "search-from-404")
    assert "Knee pain" in Library(screen).results()


def test_log_an_exercise_with_javascript_off(screen_no_js: Screen, db: Session, patient: Patient) -> None:
    screen = screen_no_js
    make_plan(db, patient)
    sign_in(screen, patient)
    plan = MyPlan(screen).open()
    expect(plan.exercise("knee-rolls").locator("[data-exercise-timer]")).to_be_hidden()
    plan.log("walking", "Walking", did="Not today")
    assert plan.logged("walking").startswith("You logged this as not done today.")


def test_a_clinician_gives_a_plan_with_their_own_dosage(
    desktop: Screen, db: Session, patient: Patient, clinician: StaffLogin
) -> None:
    console = ClinicianPlan(desktop).sign_in(clinician).open_record(patient)
    console.choose(
        "Exercises for knee pain: Weeks 1 and 2", ["Thigh tightening (static quads)", "Heel slides"], "Start gently."
    )
    assert desktop.heading() == f"Dosage for {patient.full_name}"
    console.set_dosage("static-quads", sets=2, amount=8, times=3).save_dosage()
    section = desktop.page.locator("section", has_text="Exercise plan")
    expect(section).to_contain_text("Start gently.")
    expect(section).to_contain_text("Repeat 8 times. Do 2 sets, with a short rest between them. Do this 3 times a day.")
