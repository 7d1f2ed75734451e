"""Test data for green cards: a card on a referral, and walking the re-access questions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from patient_app import clock
from patient_app.greencard import cards
from patient_app.models import GreenCard, Referral
from tests.support.pages import PageClient

RETURNING_KNEE: dict[str, dict[str, Any]] = {
    "rf-cauda-equina": {"answer": "no"},
    "rf-neck-vascular": {"answer": "no"},
    "rf-injury": {"answer": "no"},
    "rf-infection": {"answer": "no"},
    "rf-cancer": {"answer": "no"},
    "rf-calf": {"answer": "no"},
    "what-changed": {"answer": ["flare-up", "worse"]},
    "change-detail": {"answer": "It flared up after a long walk last week."},
    "pain-now": {"answer": "6"},
    "cannot-do": {"answer": "Climb the stairs without holding on."},
    "would-like": {"answer": "appointment"},
    "times": {"answer": ["mornings"]},
    "phone": {"answer": "07700 900982"},
    "email": {"answer": "jo@example.com"},
}


def make_card(
    db: Session,
    referral: Referral,
    *,
    issued_on: date | None = None,
    valid_until: date | None = None,
    condition: str = "Left knee pain",
) -> GreenCard:
    issued_on = issued_on or clock.london_today() - timedelta(days=7)
    card = cards.issue(
        db,
        referral=referral,
        body_area="knee",
        side="left",
        condition=condition,
        valid_until=valid_until or cards.add_months(issued_on, 6),
        issued_by="Chris Clinician",
        note_for_patient="Keep up the step-ups.",
        issued_on=issued_on,
    )
    return cards.save(db, card)


def begin(client: PageClient) -> str:
    """From a card already chosen or found: say it is the same problem, land on the first question."""
    response = client.post("/use-green-card/same-problem", {"answer": "yes"})
    assert response.status_code == 302, response.status_code
    return str(response.headers["Location"])


def walk(client: PageClient, overrides: dict[str, dict[str, Any]] | None = None, *, location: str) -> str:
    answers = {**RETURNING_KNEE, **(overrides or {})}
    for _ in range(40):
        if "/use-green-card/q/" not in location:
            return location
        slug = location.split("/use-green-card/q/", 1)[1].split("?", 1)[0]
        response = client.post(location, dict(answers[slug]))
        assert response.status_code == 302, f"{slug}: {response.status_code} {response.get_data(as_text=True)[-2000:]}"
        location = str(response.headers["Location"])
    raise AssertionError("the questions did not end")


def find(client: PageClient, code: str, born: date) -> Any:
    return client.post(
        "/use-green-card/find",
        {
            "code": code,
            "date_of_birth[day]": str(born.day),
            "date_of_birth[month]": str(born.month),
            "date_of_birth[year]": str(born.year),
        },
    )
