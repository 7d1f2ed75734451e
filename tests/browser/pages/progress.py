"""The progress journey as a patient takes it: goals, and pain scores entered with the keyboard only."""

from __future__ import annotations

from playwright.sync_api import Locator

from patient_app.models import Patient
from tests.browser.screen import Screen
from tests.support.factories import PATIENT_PASSWORD


class ProgressPages:
    def __init__(self, screen: Screen):
        self.screen = screen
        self.page = screen.page

    def sign_in(self, patient: Patient) -> None:
        self.screen.goto("/sign-in", "sign-in")
        self.screen.fill("Email address", patient.email).fill("Password", PATIENT_PASSWORD)
        self.screen.click_button("Sign in", "account")

    def open(self) -> None:
        self.screen.goto("/my-progress", "my-progress")

    def set_goal(self, text: str, importance: str) -> None:
        self.screen.click_button("Set a goal", "new-goal")  # a link styled (and announced) as a button
        self.screen.fill("What is your goal?", text)
        self.screen.choose(importance)
        self.screen.click_button("Save goal", "goal")

    # --- pain scores, keyboard only ------------------------------------------

    def _number_box(self) -> Locator:
        return self.page.get_by_label("What is your pain score?", exact=True)

    def _tab_to(self, name: str) -> None:
        """Press Tab until the element with this accessible text has focus."""
        for _ in range(40):
            self.page.keyboard.press("Tab")
            focused = self.page.evaluate("() => document.activeElement && document.activeElement.textContent")
            if focused and focused.strip().startswith(name):
                return
        raise AssertionError(f"could not reach {name!r} with the Tab key")

    def _submit_with_keyboard(self, key: str, name: str) -> None:
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.screen.check(name)

    def record_pain_by_typing(self, score: int) -> None:
        self.screen.goto("/my-progress/pain/vas", "vas-typing")
        self._number_box().focus()
        self.page.keyboard.type(str(score))
        self._submit_with_keyboard("Enter", "after-typing")

    def record_pain_with_slider_keys(self, score: int) -> None:
        self.screen.goto("/my-progress/pain/vas", "vas-slider")
        self._number_box().focus()
        self.page.keyboard.press("Tab")  # to the slider
        slider = self.page.get_by_role("slider", name="Pain score slider")
        assert slider.evaluate("element => element === document.activeElement")
        assert slider.get_attribute("aria-valuetext") == "Not chosen yet"
        for _ in range(score):
            self.page.keyboard.press("ArrowRight")
        assert self._number_box().input_value() == str(score)
        self._tab_to("Save pain score")
        self._submit_with_keyboard("Enter", "after-slider")

    def record_pain_with_step_buttons(self, tens: int) -> None:
        self.screen.goto("/my-progress/pain/vas", "vas-buttons")
        self._number_box().focus()
        self._tab_to("+10")
        for _ in range(tens):
            self.page.keyboard.press("Space")
        assert self._number_box().input_value() == str(10 * tens)
        self._tab_to("Save pain score")
        self._submit_with_keyboard("Enter", "after-buttons")

    # --- reading -------------------------------------------------------------

    def pain_summary(self) -> str:
        return self.page.locator("[data-summary=since-start]").inner_text().strip()

    def pain_chart(self) -> Locator:
        return self.page.get_by_role("img", name="Your pain scores from 0 to 100")
