"""Which plan a referral gets automatically: `content/plans/assignments.yaml`.

Kept as data so a clinician can review the choice as a diff. The check refuses
dispositions that must never lead to a plan (the patient needs care elsewhere
first), whatever the file says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from patient_app import yaml_data

if TYPE_CHECKING:
    from patient_app.content.library import Problem, Review

ASSIGNMENTS_FILE = "assignments.yaml"
DISPOSITIONS = frozenset({"emergency", "urgent-same-day", "urgent-msk", "routine-msk", "self-management", "redirect"})
# A plan is never a response to these: the patient is told to get help now or elsewhere.
NEVER_ASSIGNED = frozenset({"emergency", "urgent-same-day", "redirect"})


@dataclass(frozen=True)
class Assignments:
    dispositions: frozenset[str] = frozenset()
    body_areas: dict[str, str] = field(default_factory=dict)
    review: Review | None = None

    def plan_for(self, *, disposition: str, body_area: str) -> str | None:
        if disposition in NEVER_ASSIGNED or disposition not in self.dispositions:
            return None
        return self.body_areas.get(body_area)


def load_assignments(path: Path, problems: list[Problem]) -> Assignments:
    # Imported here: library.py imports this module while it is being defined.
    from patient_app.content.library import Problem, _Reader  # noqa: PLC0415

    where = f"plans/{ASSIGNMENTS_FILE}"
    if not path.exists():
        problems.append(Problem(where, "is missing: it says which plan each body area gets"))
        return Assignments()
    try:
        data = yaml_data.load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.append(Problem(where, f"not valid YAML: {exc}"))
        return Assignments()
    r = _Reader(data, where, problems)
    dispositions = r.texts("dispositions", allow_empty=False)
    for disposition in dispositions:
        if disposition not in DISPOSITIONS:
            r.fail(f"unknown disposition '{disposition}' (use one of {', '.join(sorted(DISPOSITIONS))})")
        elif disposition in NEVER_ASSIGNED:
            r.fail(f"'{disposition}' must never get a plan automatically: the patient needs help elsewhere first")
    raw_areas: Any = r.data.get("body_areas")
    areas: dict[str, str] = {}
    if not isinstance(raw_areas, dict) or not raw_areas:
        r.fail("'body_areas' must map body areas to plan ids")
    else:
        for area, plan_id in raw_areas.items():
            if not isinstance(plan_id, str) or not plan_id.strip():
                r.fail(f"body area '{area}' must name a plan id")
                continue
            areas[str(area)] = plan_id.strip()
    return Assignments(dispositions=frozenset(dispositions) - NEVER_ASSIGNED, body_areas=areas, review=r.review())
