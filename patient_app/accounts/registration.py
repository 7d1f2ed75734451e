"""The registration pages as data: what each asks, what it stores, what it checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from patient_app.accounts.passwords import password_problem
from patient_app.clock import london_today
from patient_app.service_area import practice
from patient_app.settings import Settings

Answers = dict[str, Any]


def age_on(date_of_birth: date, today: date) -> int:
    before_birthday = (today.month, today.day) < (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - before_birthday


@dataclass(frozen=True)
class Step:
    slug: str
    keys: tuple[str, ...]
    title: Any

    def form_data(self, answers: Answers) -> dict[str, Any]:
        data: dict[str, Any] = {key: answers.get(key) for key in self.keys if key != "password_hash"}
        if data.get("date_of_birth"):
            data["date_of_birth"] = date.fromisoformat(str(data["date_of_birth"]))
        return data

    def answers_from(self, form: Any, hasher: Callable[[str], str]) -> Answers:
        stored: Answers = {}
        for key in self.keys:
            if key == "password_hash":
                # The password itself is never stored in a draft, only its hash.
                stored[key] = hasher(form.password.data)
            elif key == "date_of_birth":
                stored[key] = form.date_of_birth.data.isoformat()
            else:
                stored[key] = getattr(form, key).data or None
        return stored

    def check(self, form: Any, answers: Answers, settings: Settings) -> tuple[str, str] | None:
        if self.slug == "date-of-birth":
            if age_on(form.date_of_birth.data, london_today()) < settings.min_age:
                return "date_of_birth", str(
                    _l(
                        "You must be %(age)d or over to use this service. "
                        "Your GP can refer you to children's services.",
                        age=settings.min_age,
                    )
                )
            if form.date_of_birth.data.year < london_today().year - 120:
                return "date_of_birth", str(_l("Date of birth must be a real date"))
        if self.slug == "email":
            problem = password_problem(
                form.password.data,
                email=form.email.data,
                names=(answers.get("given_name", ""), answers.get("family_name", "")),
            )
            if problem:
                return "password", problem
        return None


STEPS = (
    Step("name", ("given_name", "family_name"), _l("What is your name?")),
    Step("date-of-birth", ("date_of_birth",), _l("What is your date of birth?")),
    Step("email", ("email", "password_hash"), _l("Your email address and password")),
    Step("contact", ("postcode", "gp_practice", "mobile"), _l("Where you live and your GP")),
    Step("nhs-number", ("nhs_number",), _l("What is your NHS number? (optional)")),
)
REQUIRED = {"given_name", "family_name", "date_of_birth", "email", "password_hash", "postcode", "gp_practice"}


def first_incomplete_step(answers: Answers, *, before: str | None) -> str | None:
    """The first earlier page not yet answered: pages cannot be skipped by typing a URL."""
    for step in STEPS:
        if step.slug == before:
            return None
        required_here = [key for key in step.keys if key in REQUIRED]
        visited = all(key in answers for key in step.keys)
        if not visited or any(not answers.get(key) for key in required_here):
            return step.slug
    return None


def summary_rows(answers: Answers) -> list[dict[str, Any]]:
    gp = practice(answers.get("gp_practice") or "")
    nhs_number = answers.get("nhs_number")
    shown = [
        ("name", _l("Name"), f"{answers['given_name']} {answers['family_name']}"),
        (
            "date-of-birth",
            _l("Date of birth"),
            format_date(date.fromisoformat(answers["date_of_birth"]), "d MMMM yyyy"),
        ),
        ("email", _l("Email address"), answers["email"]),
        ("contact", _l("Postcode"), answers["postcode"]),
        ("contact", _l("GP practice"), gp.label if gp else ""),
        ("contact", _l("Mobile phone number"), answers.get("mobile") or _l("Not given")),
        (
            "nhs-number",
            _l("NHS number"),
            f"{nhs_number[:3]} {nhs_number[3:6]} {nhs_number[6:]}" if nhs_number else _l("Not given"),
        ),
    ]
    return [
        {
            "key": {"text": str(label)},
            "value": {"text": str(value)},
            "actions": {
                "items": [
                    {
                        "href": f"/register/{slug}?change=1",
                        "text": str(_l("Change")),
                        "visuallyHiddenText": str(label).lower(),
                    }
                ]
            },
        }
        for slug, label, value in shown
    ]
