"""The rule-set check refuses rules that could mis-triage."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from patient_app.questionnaires.definition import self_referral
from patient_app.triage import rules

RAW: dict[str, Any] = yaml.safe_load(rules.RULES_PATH.read_text())
QUESTIONNAIRE = self_referral()


def issues_with(change: Any) -> str:
    data = copy.deepcopy(RAW)
    change(data)
    return " | ".join(rules.check(data, QUESTIONNAIRE))


def test_the_shipped_rules_are_valid() -> None:
    assert rules.check(RAW, QUESTIONNAIRE) == []


def test_unknown_question_or_answer_is_refused() -> None:
    assert "no question 'rf-cauda'" in issues_with(
        lambda d: d["rules"][0].update(when={"answer": "rf-cauda", "eq": "yes"})
    )
    assert "'maybe' is not an answer" in issues_with(
        lambda d: d["rules"][0].update(when={"answer": "rf-cauda-equina", "in": ["yes", "maybe"]})
    )


def test_a_red_flag_cannot_be_routine_or_lack_advice() -> None:
    assert "must be emergency or urgent-same-day" in issues_with(
        lambda d: d["rules"][0].update(disposition="routine-msk")
    )
    assert "needs an advice page" in issues_with(lambda d: d["rules"][0].pop("advice"))


def test_unknown_service_disposition_stage_and_duplicates_are_refused() -> None:
    assert "unknown service 'chiropody'" in issues_with(lambda d: d["rules"][-1].update(service="chiropody"))
    assert "unknown disposition" in issues_with(lambda d: d["rules"][-1].update(disposition="later"))
    assert "unknown stage" in issues_with(lambda d: d["rules"][-1].update(stage="whenever"))
    assert "duplicate id" in issues_with(lambda d: d["rules"].append(dict(d["rules"][0])))
    assert "needs a redirect page" in issues_with(lambda d: d["rules"][6].update(redirect="elsewhere"))


def test_load_refuses_an_invalid_file(tmp_path: Path) -> None:
    broken = copy.deepcopy(RAW)
    broken["rules"][0]["when"] = {"answer": "nope", "eq": "x"}
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(broken))
    with pytest.raises(rules.RuleSetError, match="no question 'nope'"):
        rules.load(path, QUESTIONNAIRE)
