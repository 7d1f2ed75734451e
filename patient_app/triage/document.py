"""docs/clinical-safety/triage-rules.md, generated from the rule set for clinical review."""

from __future__ import annotations

import json
from typing import Any

from patient_app.questionnaires.definition import Questionnaire
from patient_app.settings import PROJECT_ROOT
from patient_app.triage.rules import SEVERITY, RuleSet

DOCUMENT = PROJECT_ROOT / "docs" / "clinical-safety" / "triage-rules.md"


def describe(condition: dict[str, Any], questionnaire: Questionnaire) -> str:
    if "all" in condition:
        return "(" + " AND ".join(describe(part, questionnaire) for part in condition["all"]) + ")"
    if "any" in condition:
        return "(" + " OR ".join(describe(part, questionnaire) for part in condition["any"]) + ")"
    if "not" in condition:
        return "NOT " + describe(condition["not"], questionnaire)
    source = next(key for key in ("answer", "fact", "score") if key in condition)
    operator, value = next((key, val) for key, val in condition.items() if key != source)
    subject = condition[source]
    if source == "answer":
        question = questionnaire.question(subject)
        subject = f"“{question.text}”" if question else subject
        if question and question.options:
            if isinstance(value, list):
                value = [question.option_label(v) for v in value]
            elif isinstance(value, str):
                value = question.option_label(value)
    words = {
        "in": "is one of",
        "eq": "is",
        "gte": "≥",
        "gt": ">",
        "lte": "≤",
        "lt": "<",
        "contains": "includes",
        "count_gte": "has at least this many ticked:",
    }
    shown = ", ".join(map(str, value)) if isinstance(value, list) else json.dumps(value, ensure_ascii=False).strip('"')
    return f"{source} {subject} {words[operator]} {shown}"


def render(rules: RuleSet, questionnaire: Questionnaire) -> str:
    lines = [
        "# Triage rules for self-referral",
        "",
        "<!-- Generated from content/triage/rules.yaml by `flask --app wsgi content triage-doc`. Do not edit. -->",
        "",
        f"Rule set version **{rules.version}**, for questionnaire **{questionnaire.id} {questionnaire.version}**.",
        f"Author: {rules.review['author']}. "
        f"Clinical reviewer: {rules.review['clinical_reviewer'] or '**awaiting clinical review**'}. "
        f"Last reviewed {rules.review['last_reviewed']}; next review due {rules.review['next_review_due']}.",
        "",
        "Every rule whose condition is true fires. The outcome is the most urgent disposition among them:",
        " > ".join(f"`{name}`" for name in SEVERITY) + ". The default rule decides only when no other rule fired.",
        '"Not sure" counts as yes for every red flag.',
        "",
        "## Sources",
        "",
        *(f"- {source}" for source in rules.sources),
        "",
        "## Services",
        "",
        *(f"- `{key}`: {name}" for key, name in rules.services.items()),
        "",
        "## Rules",
        "",
        "| id | stage | when | outcome |",
        "|---|---|---|---|",
    ]
    for rule in rules.rules:
        outcome = f"`{rule.disposition}`"
        if rule.service:
            outcome += f", service `{rule.service}`"
        if rule.advice:
            outcome += f", advice page `{rule.advice}`"
        if rule.redirect:
            outcome += f", redirect page `{rule.redirect}`"
        condition = describe(rule.when, questionnaire).replace("|", "\\|")
        lines.append(f"| {rule.id} | {rule.stage} | {rule.description}: {condition} | {outcome} |")
    lines.append("")
    return "\n".join(lines)
