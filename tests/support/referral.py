"""Walking the self-referral in the test client: form data for every page, as a patient would type it."""

from __future__ import annotations

from typing import Any

from tests.support.pages import PageClient

ROUTINE_KNEE: dict[str, dict[str, Any]] = {
    "rf-cauda-equina": {"answer": "no"},
    "rf-neck-vascular": {"answer": "no"},
    "rf-injury": {"answer": "no"},
    "rf-infection": {"answer": "no"},
    "rf-cancer": {"answer": "no"},
    "rf-calf": {"answer": "no"},
    "date-of-birth": {"answer[day]": "3", "answer[month]": "4", "answer[year]": "1975"},
    "gp-practice": {"answer": "Y90002"},
    "pregnancy": {"answer": "no"},
    "recent-treatment": {"answer": "no"},
    "other-team": {"answer": "no"},
    "neurological-condition": {"answer": "no"},
    "widespread-pain": {"answer": "no"},
    "body-area": {"answer": "knee"},
    "side": {"answer": "left"},
    "leg-pain": {"answer": "no"},
    "arm-pain": {"answer": "no"},
    "new-weakness": {"answer": "no"},
    "onset": {"answer": "gradual"},
    "duration": {"answer": "6-to-12-weeks"},
    "inflammatory": {"answer": ["none"]},
    "pain-now": {"answer": "5"},
    "pain-worst": {"answer": "7"},
    "pain-vas": {"answer": "55"},
    "sleep": {"answer": "some-nights"},
    "work": {"answer": "harder"},
    "daily-activities": {"answer": "a-little"},
    "psfs": {"activity_1": "Climbing stairs", "score_1": "4", "activity_2": "Kneeling in the garden", "score_2": "2"},
    "tried": {"answer": ["exercises", "painkillers"]},
    "health-conditions": {"answer": ""},
    "advice-first": {"answer": "no"},
    "appointment-type": {"answer": ["phone", "video"]},
    "times": {"answer": ["any"]},
    "interpreter": {"answer": "no"},
    "interpreter-language": {"answer": "Polish"},
    "accessibility-needs": {"answer": ""},
    "name": {"given_name": "Jo", "family_name": "Bloggs"},
    "postcode": {"answer": "ls1 4ap"},
    "phone": {"answer": "07700 900982"},
    "email": {"answer": "jo@example.com"},
    "nhs-number": {"answer": ""},
    "consent": {"answer": "y"},
}
LOW_RISK_ITEM = {"start-back": "disagree", "msk-hq": "3"}


def answer_for(slug: str, answers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    question, _, item = slug.partition("/")
    if item:
        chosen = answers.get(slug) or answers.get(question) or {"answer": LOW_RISK_ITEM[question]}
        if question == "start-back" and item == "9" and slug not in answers and question not in answers:
            chosen = {"answer": "slightly"}
        return dict(chosen)
    return dict(answers[question])


def start(client: PageClient) -> str:
    response = client.post("/self-referral/start", {}, csrf_from="/self-referral")
    assert response.status_code == 302
    return str(response.headers["Location"])


def walk(
    client: PageClient,
    overrides: dict[str, dict[str, Any]] | None = None,
    *,
    location: str | None = None,
    stop_before: str | None = None,
) -> str:
    """Answer page after page until we leave the questions; return where we ended up."""
    answers = {**ROUTINE_KNEE, **(overrides or {})}
    location = location or start(client)
    for _ in range(100):
        if "/self-referral/q/" not in location:
            return location
        slug = location.split("/self-referral/q/", 1)[1].split("?", 1)[0]
        if slug == stop_before:
            return location
        response = client.post(location, answer_for(slug, answers))
        assert response.status_code == 302, f"{slug}: {response.status_code} {response.get_data(as_text=True)[-3000:]}"
        location = str(response.headers["Location"])
    raise AssertionError("the questionnaire did not end")
