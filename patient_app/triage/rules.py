"""Loading and checking the versioned triage rule set."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from patient_app import yaml_data
from patient_app.questionnaires import conditions
from patient_app.questionnaires.definition import Questionnaire
from patient_app.settings import PROJECT_ROOT

RULES_PATH = PROJECT_ROOT / "content" / "triage" / "rules.yaml"
# Most urgent first: the outcome is the first of these that any fired rule gives.
SEVERITY = ("emergency", "urgent-same-day", "redirect", "urgent-msk", "routine-msk", "self-management")
STAGES = ("red-flag", "eligibility", "urgency", "stratification", "routing", "self-management", "default")
# Outcomes that end the questionnaire at once, before any more questions.
EARLY_STAGES = frozenset({"red-flag", "eligibility"})
ADVICE_PAGES = frozenset({"cauda-equina", "neck-vascular", "fracture", "infection", "cancer", "dvt"})
REDIRECTS = frozenset(
    {
        "children",
        "out-of-area",
        "pregnancy",
        "recent-treatment",
        "other-team",
        "neurological",
        "widespread",
        "inflammatory",
    }
)
FACTS = frozenset({"under-minimum-age", "back-pain-onset-before-45", "age"})


@dataclass(frozen=True)
class Rule:
    id: str
    stage: str
    description: str
    when: dict[str, Any]
    disposition: str
    service: str | None = None
    advice: str | None = None
    redirect: str | None = None


@dataclass(frozen=True)
class RuleSet:
    version: str
    questionnaire: str
    services: dict[str, str]
    rules: tuple[Rule, ...]
    review: dict[str, Any]
    sources: tuple[str, ...]


class RuleSetError(ValueError):
    pass


def load(path: Path = RULES_PATH, questionnaire: Questionnaire | None = None) -> RuleSet:
    data = yaml_data.load(path.read_text(encoding="utf-8"))
    issues = check(data, questionnaire)
    if issues:
        raise RuleSetError("; ".join(issues))
    return RuleSet(
        version=str(data["version"]),
        questionnaire=data["questionnaire"],
        services=dict(data["services"]),
        rules=tuple(
            Rule(
                id=raw["id"],
                stage=raw["stage"],
                description=raw["description"],
                when=raw["when"],
                disposition=raw["disposition"],
                service=raw.get("service"),
                advice=raw.get("advice"),
                redirect=raw.get("redirect"),
            )
            for raw in data["rules"]
        ),
        review=data["review"],
        sources=tuple(data.get("sources", [])),
    )


def check(data: Any, questionnaire: Questionnaire | None) -> list[str]:
    if not isinstance(data, dict):
        return ["rules.yaml: not a mapping"]
    issues = [f"rules.yaml: missing '{key}'" for key in ("version", "rules", "services", "review") if key not in data]
    if issues:
        return issues
    seen: set[str] = set()
    for raw in data["rules"]:
        where = f"rules.yaml: rule {raw.get('id')}"
        if raw.get("id") in seen:
            issues.append(f"{where}: duplicate id")
        seen.add(raw.get("id"))
        if raw.get("stage") not in STAGES:
            issues.append(f"{where}: unknown stage {raw.get('stage')!r}")
        if raw.get("disposition") not in SEVERITY:
            issues.append(f"{where}: unknown disposition {raw.get('disposition')!r}")
        if raw.get("service") is not None and raw["service"] not in data["services"]:
            issues.append(f"{where}: unknown service {raw['service']!r}")
        if raw.get("stage") == "red-flag":
            if raw.get("disposition") not in ("emergency", "urgent-same-day"):
                issues.append(f"{where}: a red flag must be emergency or urgent-same-day")
            if raw.get("advice") not in ADVICE_PAGES:
                issues.append(f"{where}: a red flag needs an advice page, one of {sorted(ADVICE_PAGES)}")
        if raw.get("disposition") == "redirect" and raw.get("redirect") not in REDIRECTS:
            issues.append(f"{where}: a redirect needs a redirect page, one of {sorted(REDIRECTS)}")
        issues.extend(conditions.problems(raw.get("when"), where))
        if questionnaire is not None and isinstance(raw.get("when"), dict):
            issues.extend(_check_references(raw["when"], questionnaire, where))
    return issues


def _check_references(condition: dict[str, Any], questionnaire: Questionnaire, where: str) -> list[str]:  # noqa: PLR0911 - one return per kind of reference
    """Every answer a rule reads must be a real question, and every value a real option."""
    for group in ("all", "any"):
        if group in condition:
            return [issue for part in condition[group] for issue in _check_references(part, questionnaire, where)]
    if "not" in condition:
        return _check_references(condition["not"], questionnaire, where)
    if "fact" in condition:
        return [] if condition["fact"] in FACTS else [f"{where}: unknown fact {condition['fact']!r}"]
    if "score" in condition:
        return []
    question = questionnaire.question(condition["answer"])
    if question is None:
        return [f"{where}: no question '{condition['answer']}'"]
    values = condition.get("in") or ([condition["eq"]] if "eq" in condition else [])
    if "contains" in condition:
        values = [condition["contains"]]
    known = {option.value for option in question.options}
    if question.type == "practice":
        known = {"not-listed"}
    if known:
        return [f"{where}: '{value}' is not an answer to '{question.id}'" for value in values if value not in known]
    return []
