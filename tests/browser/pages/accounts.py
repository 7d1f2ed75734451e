"""Patient registration and staff sign-in as people do them in a browser."""

from __future__ import annotations

from flask import Flask

from tests.browser.screen import Screen
from tests.support.accounts import emails, link_in
from tests.support.factories import StaffLogin


class AccountPages:
    def __init__(self, screen: Screen, app: Flask):
        self.screen = screen
        self.app = app

    def register(self, *, email: str, password: str) -> None:
        screen = self.screen
        screen.goto("/register", "name")
        screen.fill("First name", "Alex").fill("Last name", "Morgan").click_button("Continue", "date-of-birth")
        screen.fill("Day", "9").fill("Month", "11").fill("Year", "1979").click_button("Continue", "email")
        screen.fill("Email address", email).fill("Create a password", password).click_button("Continue", "contact")
        screen.fill("Postcode", "LS1 4AP").select("GP practice", "Abbey Road Surgery, Northtown")
        screen.click_button("Continue", "nhs-number")
        screen.fill("What is your NHS number? (optional)", "485 777 3457").click_button("Continue", "check")
        screen.choose(
            "I have read the privacy notice and agree to my information being used to arrange my care"
        ).click_button("Create account", "check-email")

    def open_emailed_link(self, email: str, name: str) -> None:
        self.screen.goto(link_in(emails(self.app, email)[0]), name)

    def sign_out(self) -> None:
        self.screen.click_button("Sign out", "signed-out")

    def sign_in(self, email: str, password: str) -> None:
        self.screen.goto("/sign-in", "sign-in")
        self.screen.fill("Email address", email).fill("Password", password).click_button("Sign in", "account")

    def staff_sign_in(self, staff: StaffLogin) -> None:
        screen = self.screen
        screen.goto("/staff/sign-in", "staff-sign-in")
        screen.fill("Email address", staff.record.email).fill("Password", staff.password)
        screen.click_button("Continue", "two-factor")
        screen.fill("Enter your security code", staff.code()).click_button("Sign in", "console")
