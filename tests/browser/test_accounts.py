"""A new patient registers on a phone, signs out and back in; a staff member signs in with a code. axe on every page."""

from __future__ import annotations

from flask import Flask

from tests.browser.pages.accounts import AccountPages
from tests.browser.screen import Screen
from tests.support.factories import StaffLogin

EMAIL = "alex.morgan@example.com"
PASSWORD = "plum kettle orbit lantern"


def test_a_new_patient_registers_signs_out_and_signs_in_at_360px(screen: Screen, app: Flask) -> None:
    pages = AccountPages(screen, app)
    pages.register(email=EMAIL, password=PASSWORD)
    assert screen.heading() == "Check your email"
    pages.open_emailed_link(EMAIL, "account-created")
    assert screen.heading() == "Your account"
    assert screen.page.evaluate("() => document.documentElement.scrollWidth") <= 360
    pages.sign_out()
    assert screen.heading() == "You have signed out"
    pages.sign_in(EMAIL, PASSWORD)
    assert screen.heading() == "Your account"


def test_a_registration_mistake_is_shown_and_kept_without_javascript(screen_no_js: Screen, app: Flask) -> None:
    screen_no_js.goto("/register", "name")
    screen_no_js.fill("First name", "Alex").fill("Last name", "Morgan").click_button("Continue", "date-of-birth")
    screen_no_js.fill("Day", "31").fill("Month", "2").fill("Year", "1979").click_button("Continue", "error")
    assert screen_no_js.errors() == ["Date of birth must be a real date"]
    assert screen_no_js.page.get_by_label("Year", exact=True).input_value() == "1979"


def test_a_staff_member_signs_in_with_an_authenticator_code(desktop: Screen, app: Flask, clinician: StaffLogin) -> None:
    pages = AccountPages(desktop, app)
    pages.staff_sign_in(clinician)
    assert desktop.heading() == "Staff console"
    desktop.goto("/staff/account", "staff-account")
    assert desktop.heading() == "Your staff account"
