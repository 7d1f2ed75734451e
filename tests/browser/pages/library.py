"""Page objects for the library and the patient's plan, used as a person would: labels, links and buttons."""

from __future__ import annotations

from playwright.sync_api import Locator, expect

from patient_app.models import Patient
from tests.browser.screen import Screen
from tests.support.factories import PATIENT_PASSWORD, StaffLogin


def sign_in(screen: Screen, patient: Patient) -> None:
    screen.goto("/sign-in", "sign-in")
    screen.fill("Email address", patient.email).fill("Password", PATIENT_PASSWORD)
    screen.click_button("Sign in", "signed-in")


class Library:
    def __init__(self, screen: Screen):
        self.screen = screen

    def search(self, words: str) -> Library:
        self.screen.goto("/leaflets", "leaflets")
        self.screen.fill("Search advice and exercises", words)
        self.screen.click_button("Search", "search-results")
        return self

    def results(self) -> list[str]:
        return [text.strip() for text in self.screen.page.locator(".app-content-list h3").all_inner_texts()]

    def open(self, title: str) -> Library:
        self.screen.click_link(title, "leaflet")
        return self

    def download_pdf(self) -> str:
        """Downloads the leaflet's PDF and returns where the browser saved it."""
        with self.screen.page.expect_download() as download:
            self.screen.page.get_by_role("link", name="Download this leaflet as a PDF").click()
        path = download.value.path()
        assert path is not None, f"download failed: {download.value.failure()}"
        return str(path)


class MyPlan:
    def __init__(self, screen: Screen):
        self.screen = screen

    def open(self) -> MyPlan:
        self.screen.goto("/my-plan", "my-plan")
        return self

    def exercise(self, exercise_id: str) -> Locator:
        return self.screen.page.locator(f"#exercise-{exercise_id}")

    def titles(self) -> list[str]:
        return [text.strip() for text in self.screen.page.locator(".app-plan-exercise h2").all_inner_texts()]

    def log(
        self, exercise_id: str, title: str, *, did: str, pain: int | None = None, felt: str | None = None
    ) -> MyPlan:
        section = self.exercise(exercise_id)
        section.get_by_label(did, exact=True).check()
        if pain is not None:
            section.get_by_label("Pain during the exercise", exact=True).fill(str(pain))
        if felt is not None:
            section.get_by_label(felt, exact=True).check()
        section.get_by_role("button", name=f"Save how {title} went").click()
        self.screen.check("logged")
        return self

    def logged(self, exercise_id: str) -> str:
        return self.exercise(exercise_id).locator(".app-plan-logged").inner_text().strip()

    def drawings_loaded(self) -> bool:
        images = self.screen.page.locator(".app-illustration img")
        expect(images.first).to_be_visible()
        return bool(
            self.screen.page.evaluate(
                "() => [...document.querySelectorAll('.app-illustration img')]"
                ".every((img) => img.complete && img.naturalWidth > 0)"
            )
        )


class ClinicianPlan:
    """A clinician giving a patient a plan from the console (desktop)."""

    def __init__(self, screen: Screen):
        self.screen = screen

    def sign_in(self, staff: StaffLogin) -> ClinicianPlan:
        self.screen.goto("/staff/sign-in", "staff-sign-in")
        self.screen.fill("Email address", staff.record.email).fill("Password", staff.password)
        self.screen.click_button("Continue", "staff-code")
        self.screen.fill("Enter your security code", staff.code())
        self.screen.click_button("Sign in", "console")
        return self

    def open_record(self, patient: Patient) -> ClinicianPlan:
        self.screen.goto(f"/staff/patients/{patient.id}", "record")
        return self

    def choose(self, plan_and_stage: str, exercises: list[str], note: str) -> ClinicianPlan:
        self.screen.click_link("Give an exercise plan", "plan-form")
        self.screen.select("Plan and stage", plan_and_stage)
        for title in exercises:
            self.screen.choose(title)
        self.screen.fill("Note for the patient (optional)", note)
        self.screen.click_button("Save plan", "dosage")
        return self

    def set_dosage(self, exercise_id: str, *, sets: int, amount: int, times: int) -> ClinicianPlan:
        fieldset = self.screen.page.locator("fieldset", has=self.screen.page.locator(f"#{exercise_id}-sets"))
        fieldset.locator(f"#{exercise_id}-sets").fill(str(sets))
        fieldset.locator(f"#{exercise_id}-amount").fill(str(amount))
        fieldset.locator(f"#{exercise_id}-times").fill(str(times))
        return self

    def save_dosage(self) -> ClinicianPlan:
        self.screen.click_button("Save dosage", "record-with-plan")
        return self
