"""The triage scenario table, rule coverage, and the red-flag safety property."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from patient_app.questionnaires.definition import self_referral
from patient_app.triage import engine, rules

TODAY = date(2026, 11, 23)
SCENARIOS = yaml.safe_load((Path(__file__).parent / "scenarios.yaml").read_text())
QUESTIONNAIRE = self_referral()
RULES = rules.load(questionnaire=QUESTIONNAIRE)
RED_FLAG_QUESTIONS = [q.id for q in QUESTIONNAIRE.red_flag_questions]

# A routine knee problem in a 50-year-old: every scenario changes only what it is about.
BASE: dict[str, Any] = {
    **dict.fromkeys(RED_FLAG_QUESTIONS, "no"),
    "date-of-birth": "1976-06-01",
    "gp-practice": "Y90001",
    "pregnancy": "no",
    "recent-treatment": "no",
    "other-team": "no",
    "neurological-condition": "no",
    "widespread-pain": "no",
    "body-area": "knee",
    "side": "left",
    "new-weakness": "no",
    "onset": "gradual",
    "duration": "6-to-12-weeks",
    "pain-now": 4,
    "pain-worst": 6,
    "pain-vas": 45,
    "sleep": "some-nights",
    "work": "harder",
    "daily-activities": "a-little",
    "tried": ["exercises"],
    "advice-first": "no",
}


def _birthday(spec: str) -> str:
    _, years, *when = spec.split(":")
    born = TODAY.replace(year=TODAY.year - int(years))
    if when == ["tomorrow"]:
        born += timedelta(days=1)
    return born.isoformat()


def _answers(overrides: dict[str, Any]) -> dict[str, Any]:
    answers = {**BASE, **overrides}
    if str(answers["date-of-birth"]).startswith("AGE:"):
        answers["date-of-birth"] = _birthday(answers["date-of-birth"])
    return answers


def _triage(overrides: dict[str, Any], scores: dict[str, Any] | None = None) -> engine.Outcome:
    answers = _answers(overrides)
    facts = engine.derive_facts(answers, today=TODAY, min_age=16)
    return engine.triage(RULES, answers, facts=facts, scores=scores or {})


def test_there_are_at_least_60_scenarios() -> None:
    assert len(SCENARIOS) >= 60


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_scenario(scenario: dict[str, Any]) -> None:
    outcome = _triage(scenario["answers"], scenario.get("scores"))
    expect = scenario["expect"]
    assert outcome.disposition == expect["disposition"]
    if "service" in expect:
        assert outcome.service == expect["service"]
    for rule_id in expect.get("fired", []):
        assert rule_id in outcome.fired
    assert outcome.reasons[0].rule in outcome.fired
    assert outcome.ruleset_version == RULES.version


def test_every_rule_is_exercised_by_a_scenario() -> None:
    fired: set[str] = set()
    for scenario in SCENARIOS:
        fired.update(_triage(scenario["answers"], scenario.get("scores")).fired)
    assert {rule.id for rule in RULES.rules} - fired == set()


def test_the_deciding_rule_explains_which_answers_fired_it() -> None:
    outcome = _triage({"rf-cauda-equina": "not-sure"})
    assert outcome.reasons[0].rule == "RF-CES-01"
    assert outcome.reasons[0].evidence == {"answer:rf-cauda-equina": "not-sure"}
    assert outcome.advice == "cauda-equina"
    assert outcome.priority == "stat"


def test_triage_is_deterministic() -> None:
    first = _triage({"body-area": "lower-back", "leg-pain": "yes", "pain-worst": 9})
    assert all(_triage({"body-area": "lower-back", "leg-pain": "yes", "pain-worst": 9}) == first for _ in range(5))


answer_values = {
    question.id: [option.value for option in question.options]
    for question in QUESTIONNAIRE.questions
    if question.type in ("single", "multiple") and not question.red_flag
}


@settings(max_examples=400, deadline=None)
@given(
    flags=st.dictionaries(st.sampled_from(RED_FLAG_QUESTIONS), st.sampled_from(["yes", "no", "not-sure"]), min_size=1),
    others=st.fixed_dictionaries(
        {},
        optional={
            key: st.sampled_from(values)
            if key not in ("tried", "inflammatory", "appointment-type", "times")
            else st.lists(st.sampled_from(values), min_size=1, unique=True)
            for key, values in answer_values.items()
        },
    ),
    pain=st.integers(0, 10),
    group=st.sampled_from(["low", "medium", "high"]),
)
def test_a_red_flag_never_ends_in_a_routine_referral(
    flags: dict[str, str], others: dict[str, Any], pain: int, group: str
) -> None:
    outcome = _triage({**others, **flags, "pain-worst": pain}, {"start-back": {"group": group}})
    if any(value in ("yes", "not-sure") for value in flags.values()):
        assert outcome.disposition in ("emergency", "urgent-same-day")
        assert outcome.advice is not None
    else:
        assert outcome.disposition not in ("emergency", "urgent-same-day")


def test_early_outcome_stops_at_red_flags_and_redirects_only() -> None:
    answers = _answers({"rf-infection": "yes"})
    early = engine.early_outcome(RULES, answers, facts=engine.derive_facts(answers, today=TODAY, min_age=16))
    assert early is not None
    assert early.disposition == "urgent-same-day"
    routine = _answers({"new-weakness": "yes"})
    assert engine.early_outcome(RULES, routine, facts=engine.derive_facts(routine, today=TODAY, min_age=16)) is None


def test_incomplete_answers_are_never_silently_routine() -> None:
    with pytest.raises(ValueError, match="no triage rule fired"):
        engine.triage(RULES, {}, facts={}, scores={})


def test_the_minimum_age_is_a_setting() -> None:
    answers = _answers({"date-of-birth": "AGE:17"})
    older_service = engine.triage(
        RULES, answers, facts=engine.derive_facts(answers, today=TODAY, min_age=18), scores={}
    )
    assert older_service.disposition == "redirect"
