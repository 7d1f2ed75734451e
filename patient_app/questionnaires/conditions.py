"""A small condition language shared by questionnaires (`show_if`) and triage rules (`when`).

    {answer: body-area, in: [lower-back, upper-back]}
    {answer: interpreter, eq: "yes"}
    {answer: pain-worst, gte: 8}            # also gt, lt, lte
    {answer: inflammatory, count_gte: 4}    # how many options were ticked
    {answer: tried, contains: physio}       # a multiple-choice answer includes a value
    {fact: age, lt: 16}                     # derived facts (age, ...)
    {score: start-back.group, eq: high}     # instrument scores
    {all: [...]}, {any: [...]}, {not: {...}}

Conditions on answers that were not given are false (a hidden question never
fires a rule), except `not`, which is the plain negation of its condition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

COMPARISONS = ("in", "eq", "gte", "gt", "lte", "lt", "contains", "count_gte")
SOURCES = ("answer", "fact", "score")


@dataclass(frozen=True)
class Facts:
    """What a condition can look at."""

    answers: Mapping[str, Any]
    facts: Mapping[str, Any] = field(default_factory=dict)
    scores: Mapping[str, Any] = field(default_factory=dict)

    def lookup(self, source: str, key: str) -> Any:
        if source == "answer":
            return self.answers.get(key)
        if source == "fact":
            return self.facts.get(key)
        value: Any = self.scores
        for part in key.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        return value


def evaluate(condition: Mapping[str, Any], context: Facts) -> bool:
    if "all" in condition:
        return all(evaluate(part, context) for part in condition["all"])
    if "any" in condition:
        return any(evaluate(part, context) for part in condition["any"])
    if "not" in condition:
        return not evaluate(condition["not"], context)
    source = next(name for name in SOURCES if name in condition)
    value = context.lookup(source, condition[source])
    if value is None:
        return False
    return _compare(condition, value)


def _compare(condition: Mapping[str, Any], value: Any) -> bool:  # noqa: PLR0911 - one branch per operator
    if "in" in condition:
        return value in condition["in"]
    if "eq" in condition:
        return bool(value == condition["eq"])
    if "contains" in condition:
        return isinstance(value, list) and condition["contains"] in value
    if "count_gte" in condition:
        chosen = [item for item in value if item != "none"] if isinstance(value, list) else []
        return len(chosen) >= condition["count_gte"]
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    for name, check in (("gte", value.__ge__), ("gt", value.__gt__), ("lte", value.__le__), ("lt", value.__lt__)):
        if name in condition:
            return bool(check(condition[name]))
    return False


def referenced(condition: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every (source, key) a condition reads: used to explain which answers fired a rule."""
    for group in ("all", "any"):
        if group in condition:
            return [item for part in condition[group] for item in referenced(part)]
    if "not" in condition:
        return referenced(condition["not"])
    source = next(name for name in SOURCES if name in condition)
    return [(source, condition[source])]


def problems(condition: Any, where: str) -> list[str]:  # noqa: PLR0911 - one return per kind of mistake
    """Why a condition is malformed (empty when it is fine)."""
    if not isinstance(condition, Mapping):
        return [f"{where}: a condition must be a mapping"]
    for group in ("all", "any"):
        if group in condition:
            parts = condition[group]
            if not isinstance(parts, list) or not parts:
                return [f"{where}: '{group}' needs a non-empty list"]
            return [issue for part in parts for issue in problems(part, where)]
    if "not" in condition:
        return problems(condition["not"], where)
    sources = [name for name in SOURCES if name in condition]
    operators = [name for name in COMPARISONS if name in condition]
    if len(sources) != 1 or len(operators) != 1 or len(condition) != 2:
        return [f"{where}: a test needs one of {SOURCES} and one of {COMPARISONS}, got {dict(condition)}"]
    if operators[0] == "in" and not isinstance(condition["in"], list):
        return [f"{where}: 'in' needs a list"]
    return []
