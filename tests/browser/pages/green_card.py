"""Green cards as people use them: a clinician giving one, a patient or guest coming back with it."""

from __future__ import annotations

from datetime import date

from patient_app.models import Patient
from tests.browser.pages.referral import Action, choose, fill, nothing, tick
from tests.browser.screen import Screen
from tests.support.factories import PATIENT_PASSWORD, StaffLogin

RETURNING: dict[str, Action] = {
    "rf-cauda-equina": choose("No"),
    "rf-neck-vascular": choose("No"),
    "rf-injury": choose("No"),
    "rf-infection": choose("No"),
    "rf-cancer": choose("No"),
    "rf-calf": choose("No"),
    "what-changed": tick("The pain has come back or flared up"),
    "change-detail": nothing,
    "pain-now": choose("6"),
    "cannot-do": fill(**{"What can you not do now because of this problem?": "Walk the dog for more than 10 minutes"}),
    "would-like": choose("A phone call with a physiotherapist"),
    "times": tick("Weekday mornings"),
    "phone": fill(**{"What is your mobile phone number?": "07700 900123"}),
    "email": nothing,
}


class GreenCardPages:
    def __init__(self, screen: Screen):
        self.screen = screen

    def staff_sign_in(self, staff: StaffLogin) -> None:
        self.screen.goto("/staff/sign-in", "staff-sign-in")
        self.screen.fill("Email address", staff.record.email).fill("Password", staff.password)
        self.screen.click_button("Continue", "two-factor")
        self.screen.fill("Enter your security code", staff.code())
        self.screen.click_button("Sign in", "console")

    def patient_sign_in(self, patient: Patient) -> None:
        self.screen.goto("/sign-in", "sign-in")
        self.screen.fill("Email address", patient.email).fill("Password", PATIENT_PASSWORD)
        self.screen.click_button("Sign in", "account")

    def enter_code(self, code: str, born: date) -> None:
        self.screen.goto("/use-green-card/", "use-start")
        self.screen.click_button("Start now", "find")
        self.screen.fill("Green card code", code)
        self.screen.fill("Day", str(born.day)).fill("Month", str(born.month)).fill("Year", str(born.year))
        self.screen.click_button("Continue", "after-find")

    def current_question(self) -> str | None:
        url = self.screen.page.url
        if "/use-green-card/q/" not in url:
            return None
        return url.split("/use-green-card/q/", 1)[1].split("?", 1)[0]

    def answer_until_done(self, answers: dict[str, Action]) -> None:
        for _ in range(30):
            question = self.current_question()
            if question is None:
                return
            answers[question](self.screen)
            self.screen.click_button("Continue", question)
        raise AssertionError("the questions did not end")
