"""Messages as people use them: a patient on a phone, a navigator at a desktop."""

from __future__ import annotations

from playwright.sync_api import Locator

from patient_app.models import Patient
from tests.browser.screen import Screen
from tests.support.factories import PATIENT_PASSWORD, StaffLogin


class PatientMessages:
    def __init__(self, screen: Screen):
        self.screen = screen

    def sign_in(self, patient: Patient) -> PatientMessages:
        self.screen.goto("/sign-in", "sign-in")
        self.screen.fill("Email address", patient.email).fill("Password", PATIENT_PASSWORD)
        self.screen.click_button("Sign in", "account")
        return self

    def open(self) -> PatientMessages:
        self.screen.goto("/messages/", "messages")
        return self

    def send_new(self, topic: str, text: str) -> PatientMessages:
        self.screen.click_button("Start a new conversation", "topic")  # a link styled (and announced) as a button
        self.screen.choose(topic)
        self.screen.click_button("Continue", "message")
        self.screen.fill("Your message", text)
        self.screen.click_button("Send message", "sent")
        return self

    def badge(self) -> Locator:
        return self.screen.page.locator("header .app-nav-badge")


class NavigatorConsole:
    def __init__(self, screen: Screen):
        self.screen = screen

    def sign_in(self, staff: StaffLogin) -> NavigatorConsole:
        self.screen.goto("/staff/sign-in", "staff-sign-in")
        self.screen.fill("Email address", staff.record.email).fill("Password", staff.password)
        self.screen.click_button("Continue", "staff-code")
        self.screen.fill("Enter your security code", staff.code())
        self.screen.click_button("Sign in", "console")
        return self

    def open_inbox(self) -> NavigatorConsole:
        self.screen.click_link("Messages", "inbox")
        return self

    def open_thread(self, patient_name: str) -> NavigatorConsole:
        self.screen.click_link(patient_name, "thread")
        return self

    def reply_with_canned(self, title: str) -> NavigatorConsole:
        self.screen.click_link(title, "canned-inserted")
        self.screen.click_button("Send reply", "replied")
        return self

    def reply(self, text: str) -> NavigatorConsole:
        self.screen.fill("Reply to the patient", text)
        self.screen.click_button("Send reply", "replied")
        return self

    def escalate(self, reason: str) -> NavigatorConsole:
        self.screen.click_link("Escalate to a clinician", "escalate")
        self.screen.fill("Why does a clinician need to answer?", reason)
        self.screen.click_button("Escalate", "escalated")
        return self

    def sign_out(self) -> NavigatorConsole:
        self.screen.click_button("Sign out", "signed-out")
        return self
