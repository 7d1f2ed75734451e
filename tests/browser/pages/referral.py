"""The self-referral as a patient does it: reading each question and choosing by its label."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from tests.browser.screen import Screen

# What an action returns (often the Screen, for chaining) is not used.
Action = Callable[[Screen], object]


def choose(label: str) -> Action:
    return lambda screen: screen.choose(label)


def tick(*labels: str) -> Action:
    def act(screen: Screen) -> None:
        for label in labels:
            screen.choose(label)

    return act


def fill(**fields: str) -> Action:
    def act(screen: Screen) -> None:
        for label, value in fields.items():
            screen.fill(label.replace("_", " "), value)

    return act


def birthday(born: date) -> Action:
    return fill(Day=str(born.day), Month=str(born.month), Year=str(born.year))


def nothing(screen: Screen) -> None:
    """An optional question left blank."""


def first_psfs_row(screen: Screen) -> None:
    """One activity that is hard to do, and how well it can be done now."""
    screen.page.get_by_label("What is the activity?").first.fill("Bending to put on socks")
    screen.page.get_by_label("How well can you do it now, from 0 to 10?").first.fill("5")


LOW_BACK_PAIN: dict[str, Action] = {
    "rf-cauda-equina": choose("No"),
    "rf-neck-vascular": choose("No"),
    "rf-injury": choose("No"),
    "rf-infection": choose("No"),
    "rf-cancer": choose("No"),
    "rf-calf": choose("No"),
    "date-of-birth": birthday(date(1979, 2, 14)),
    "gp-practice": lambda s: s.select("Which GP practice are you registered with?", "Elm Tree Surgery, Southmoor"),
    "pregnancy": choose("This does not apply to me"),
    "recent-treatment": choose("No"),
    "other-team": choose("No"),
    "neurological-condition": choose("No"),
    "widespread-pain": choose("No, it is mainly in one area"),
    "body-area": choose("Lower back"),
    "leg-pain": choose("No"),
    "new-weakness": choose("No"),
    "onset": choose("After doing something, like lifting or sport"),
    "duration": choose("Less than 6 weeks"),
    "pain-now": choose("4"),
    "pain-worst": choose("6"),
    "pain-vas": fill(**{"Rate your pain over the last week on a scale of 0 to 100": "40"}),
    "sleep": choose("Some nights"),
    "work": choose("Work is harder but I can do it"),
    "daily-activities": choose("A little"),
    "psfs": first_psfs_row,
    "start-back": lambda s: s.choose(
        "Disagree (placeholder)"
        if s.page.get_by_label("Disagree (placeholder)").count()
        else "Not at all (placeholder)"
    ),
    "msk-hq": lambda s: s.page.get_by_role("radio").first.check(),
    "tried": tick("Painkillers from a pharmacy"),
    "health-conditions": nothing,
    "advice-first": choose("No, I would like an appointment"),
    "appointment-type": tick("Phone call", "Video call"),
    "times": tick("Weekday mornings"),
    "interpreter": choose("No"),
    "accessibility-needs": nothing,
    "name": fill(First_name="Priya", Last_name="Shah"),
    "postcode": fill(**{"What is your postcode?": "LS6 2AB"}),
    "phone": fill(**{"What is your mobile phone number?": "07700 900123"}),
    "email": fill(**{"What is your email address? (optional)": "priya@example.com"}),
    "nhs-number": nothing,
    "consent": tick("I agree to my information being shared with the MSK team and my GP to arrange my care"),
}


class SelfReferral:
    def __init__(self, screen: Screen):
        self.screen = screen

    def start(self) -> None:
        self.screen.goto("/self-referral", "start")
        self.screen.click_button("Start now", "first-question")

    def current_question(self) -> str | None:
        url = self.screen.page.url
        if "/self-referral/q/" not in url:
            return None
        return url.split("/self-referral/q/", 1)[1].split("/", 1)[0].split("?", 1)[0]

    def answer_until_done(self, answers: dict[str, Action], *, stop_before: str | None = None) -> None:
        for _ in range(80):
            question = self.current_question()
            if question is None or question == stop_before:
                return
            answers[question](self.screen)
            self.screen.click_button("Continue", question)
        raise AssertionError("the questionnaire did not end")
