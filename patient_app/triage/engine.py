"""Evaluating the rule set: answers in, disposition, service, priority and reasons out.

Pure and deterministic: the same answers and rule set always give the same result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from patient_app.questionnaires import conditions
from patient_app.triage.rules import EARLY_STAGES, SEVERITY, Rule, RuleSet

PRIORITY = {
    "emergency": "stat",
    "urgent-same-day": "asap",
    "redirect": "routine",
    "urgent-msk": "urgent",
    "routine-msk": "routine",
    "self-management": "routine",
}


@dataclass(frozen=True)
class Reason:
    rule: str
    description: str
    evidence: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "description": self.description, "evidence": self.evidence}


@dataclass(frozen=True)
class Outcome:
    disposition: str
    service: str | None
    priority: str
    reasons: tuple[Reason, ...]
    ruleset_version: str
    advice: str | None = None
    redirect: str | None = None
    fired: tuple[str, ...] = field(default=())


def derive_facts(answers: Mapping[str, Any], *, today: date, min_age: int) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    raw = answers.get("date-of-birth")
    if isinstance(raw, str):
        born = date.fromisoformat(raw)
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        facts["age"] = age
        facts["under-minimum-age"] = age < min_age
        # Pain of 3 months or more in someone 45 or younger began before 45 (NICE NG65).
        facts["back-pain-onset-before-45"] = age <= 45
    return facts


def _fires(rule: Rule, context: conditions.Facts) -> bool:
    return conditions.evaluate(rule.when, context)


def _reason(rule: Rule, context: conditions.Facts) -> Reason:
    evidence = {f"{source}:{key}": context.lookup(source, key) for source, key in conditions.referenced(rule.when)}
    return Reason(rule.id, rule.description, {key: value for key, value in evidence.items() if value is not None})


def evaluate(
    rules: RuleSet,
    answers: Mapping[str, Any],
    *,
    facts: Mapping[str, Any],
    scores: Mapping[str, Any],
    stages: frozenset[str] | None = None,
) -> Outcome | None:
    """The outcome of every fired rule (limited to `stages` if given), or None if none fired."""
    context = conditions.Facts(answers=answers, facts=facts, scores=scores)
    fired = [rule for rule in rules.rules if (stages is None or rule.stage in stages) and _fires(rule, context)]
    if not fired:
        return None
    # The default rule decides only when nothing more specific fired; otherwise a
    # routine default would always outrank self-management.
    pool = [rule for rule in fired if rule.stage != "default"] or fired
    disposition = min((rule.disposition for rule in pool), key=SEVERITY.index)
    deciding = [rule for rule in pool if rule.disposition == disposition]
    service = next((rule.service for rule in deciding if rule.service), None)
    if service is None and disposition in ("urgent-msk", "routine-msk", "self-management"):
        service = "physiotherapy"
    # The deciding rules come first, so the first reason explains the outcome.
    ordered = deciding + [rule for rule in fired if rule not in deciding]
    return Outcome(
        disposition=disposition,
        service=service if disposition not in ("emergency", "urgent-same-day", "redirect") else None,
        priority=PRIORITY[disposition],
        reasons=tuple(_reason(rule, context) for rule in ordered),
        ruleset_version=rules.version,
        advice=next((rule.advice for rule in deciding if rule.advice), None),
        redirect=next((rule.redirect for rule in deciding if rule.redirect), None),
        fired=tuple(rule.id for rule in fired),
    )


# Facts are worked out from answers; to change a fact, change the answer it comes from.
FACT_SOURCES = {
    "age": "date-of-birth",
    "under-minimum-age": "date-of-birth",
    "back-pain-onset-before-45": "date-of-birth",
}


def answers_behind(rules: RuleSet, outcome: Outcome) -> set[str]:
    """The answers that led to a redirect, so a patient who mistyped one can change it.

    Never for red flags: once emergency advice has been shown, that stands.
    """
    if outcome.advice is not None or outcome.redirect is None:
        return set()
    found: set[str] = set()
    for rule in rules.rules:
        if rule.id in outcome.fired:
            for source, key in conditions.referenced(rule.when):
                found.add(FACT_SOURCES.get(key, key) if source == "fact" else key)
    return found


def early_outcome(rules: RuleSet, answers: Mapping[str, Any], *, facts: Mapping[str, Any]) -> Outcome | None:
    """A red flag or an eligibility redirect, checked after every page: these end the questionnaire."""
    return evaluate(rules, answers, facts=facts, scores={}, stages=EARLY_STAGES)


def triage(
    rules: RuleSet, answers: Mapping[str, Any], *, facts: Mapping[str, Any], scores: Mapping[str, Any]
) -> Outcome:
    outcome = evaluate(rules, answers, facts=facts, scores=scores)
    if outcome is None:
        # No rule fired at all (the default rule needs a body area): never silently routine.
        raise ValueError("no triage rule fired: the answers are incomplete")
    return outcome
