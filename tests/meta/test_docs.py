"""Documents generated from content are current, and the hazard log points at real tests."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask

from patient_app.triage import document

ROOT = Path(__file__).resolve().parents[2]


def test_triage_rules_document_is_current(app: Flask) -> None:
    context = app.extensions["referral_context"]
    expected = document.render(context.rules, context.questionnaire)
    assert document.DOCUMENT.read_text(encoding="utf-8") == expected, (
        "run `flask --app wsgi content triage-doc` and commit the result"
    )


def test_every_test_named_in_the_hazard_log_exists() -> None:
    log = (ROOT / "docs" / "clinical-safety" / "hazard-log.md").read_text(encoding="utf-8")
    current_file = None
    missing = []
    for match in re.finditer(r"`(tests/[\w/]+\.py)?(?:::(\w+))?`", log):
        path, name = match.groups()
        if path:
            current_file = ROOT / path
            if not current_file.exists():
                missing.append(path)
                continue
        if (
            name
            and current_file is not None
            and current_file.exists()
            and f"def {name}(" not in current_file.read_text(encoding="utf-8")
        ):
            missing.append(f"{current_file.relative_to(ROOT)}::{name}")
    assert missing == []


def test_the_commands_in_the_developing_guide_name_real_tests() -> None:
    guide = (ROOT / "docs" / "developing.md").read_text(encoding="utf-8")
    named = re.findall(r"pytest (tests/[\w/]+\.py)::(\w+)", guide)
    assert named, "the guide should show how to run one test"
    for path, name in named:
        assert f"def {name}(" in (ROOT / path).read_text(encoding="utf-8"), f"{path}::{name} is not a test"
    for folder in re.findall(r"pytest (tests/[\w/]+)`", guide):
        assert (ROOT / folder).exists(), f"{folder} does not exist"
