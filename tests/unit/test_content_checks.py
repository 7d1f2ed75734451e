"""The content check finds each kind of mistake a writer can make, in a copy of the real content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from patient_app.content.library import CONTENT_ROOT, Problem, load


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT_ROOT, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}: the fixture is out of date"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors(root: Path) -> list[str]:
    return [str(problem) for problem in load(root).problems if not problem.warning]


def warnings(root: Path) -> list[str]:
    return [str(problem) for problem in load(root).problems if problem.warning]


def test_the_real_content_has_no_errors_or_warnings(content: Path) -> None:
    # A review falling due is a date coming round, not a mistake in the content:
    # `flask content check` and the staff pages say so, and the test below
    # proves it is found. Counting it here would fail every run from the first
    # due date on (the suite ran at 29 February 2028 showed it).
    problems = [problem for problem in load(content).problems if not _review_due(problem)]
    assert problems == []


def _review_due(problem: Problem) -> bool:
    return problem.warning and problem.message.startswith("review was due on ")


def test_unknown_body_area(content: Path) -> None:
    edit(content / "leaflets" / "low-back-pain.md", "body_areas: [back]", "body_areas: [spine]")
    assert any("low-back-pain.md: unknown body area 'spine'" in e for e in errors(content))


def test_broken_link_between_leaflets(content: Path) -> None:
    edit(content / "leaflets" / "low-back-pain.md", "(leaflet:persistent-pain)", "(leaflet:chronic-pain)")
    assert any("link to leaflet 'chronic-pain' is broken" in e for e in errors(content))


def test_link_that_is_not_a_leaflet_exercise_or_web_address(content: Path) -> None:
    edit(content / "leaflets" / "low-back-pain.md", "(leaflet:persistent-pain)", "(/leaflets/persistent-pain)")
    assert any("link '/leaflets/persistent-pain' is broken" in e for e in errors(content))


def test_broken_link_from_a_plan_and_an_exercise(content: Path) -> None:
    edit(content / "plans" / "heel-pain.yaml", "- exercise: towel-scrunches", "- exercise: toe-curls")
    edit(content / "exercises" / "knee-rolls.yaml", "harder: knee-to-chest", "harder: knee-hugs")
    found = errors(content)
    assert any("heel-pain.yaml: stage 'weeks-1-2' uses unknown exercise 'toe-curls'" in e for e in found)
    assert any("knee-rolls.yaml: harder exercise 'knee-hugs' does not exist" in e for e in found)


def test_missing_illustration(content: Path) -> None:
    (content / "exercises" / "illustrations" / "knee-rolls.svg").unlink()
    assert any("knee-rolls.yaml: illustration 'knee-rolls.svg' is missing" in e for e in errors(content))


def test_illustration_with_text_inside(content: Path) -> None:
    edit(content / "exercises" / "illustrations" / "knee-rolls.svg", "</svg>", "<text>Start</text></svg>")
    assert any("has text, styles, scripts or links" in e for e in errors(content))


def test_unused_illustration_is_a_warning(content: Path) -> None:
    shutil.copy(
        content / "exercises" / "illustrations" / "knee-rolls.svg", content / "exercises" / "illustrations" / "old.svg"
    )
    assert any("illustrations/old.svg: no exercise uses this drawing" in w for w in warnings(content))
    assert errors(content) == []


def test_duplicate_id_between_a_leaflet_and_an_exercise(content: Path) -> None:
    leaflet = (content / "leaflets" / "sciatica.md").read_text(encoding="utf-8").replace("id: sciatica", "id: walking")
    (content / "leaflets" / "walking.md").write_text(leaflet, encoding="utf-8")
    assert any("walking: the same id is used by a leaflet and an exercise" in e for e in errors(content))


def test_id_must_match_the_file_name_and_be_a_slug(content: Path) -> None:
    source = content / "exercises" / "knee-rolls.yaml"
    edit(source, "id: knee-rolls", "id: Knee_Rolls")
    source.rename(content / "exercises" / "Knee_Rolls.yaml")
    found = errors(content)
    assert any("exercises/Knee_Rolls: ids must be lower-case" in e for e in found)


def test_review_date_in_the_past_is_a_warning_not_an_error(content: Path) -> None:
    edit(
        content / "leaflets" / "sciatica.md",
        "last_reviewed: 2026-11-23, next_review_due: 2027-11-23",
        "last_reviewed: 2019-01-01, next_review_due: 2020-01-01",
    )
    assert any("leaflets/sciatica: review was due on 2020-01-01" in w for w in warnings(content))
    assert errors(content) == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (":::do\n", ":::tip\n", "unknown block ':::tip'"),
        (":::emergency Go to A&E now or call 999 if you have back pain and:", ":::emergency", "needs a heading"),
        ("- you feel unwell in yourself\n:::", "- you feel unwell in yourself\n", "is never closed"),
        ("- do not stay in bed for long", "Do not stay in bed for long.", "must hold only a bullet list"),
        ("## How long will it last?", "<h2>How long will it last?</h2>", "must not contain HTML"),
        ("## How long will it last?", "# How long will it last?", "use '##' and '###' headings"),
    ],
)
def test_leaflet_body_mistakes(content: Path, old: str, new: str, message: str) -> None:
    edit(content / "leaflets" / "low-back-pain.md", old, new)
    assert any(message in e for e in errors(content)), errors(content)


def test_plan_gives_reps_for_an_exercise_that_is_held(content: Path) -> None:
    edit(
        content / "plans" / "heel-pain.yaml",
        "- exercise: calf-stretch\n",
        "- exercise: calf-stretch\n        reps: 8\n",
    )
    assert any("gives reps for 'calf-stretch', which is a hold" in e for e in errors(content))


def test_plan_lists_an_exercise_twice_in_a_stage(content: Path) -> None:
    edit(content / "plans" / "heel-pain.yaml", "- exercise: towel-scrunches", "- exercise: calf-stretch")
    assert any("stage 'weeks-1-2' lists 'calf-stretch' twice" in e for e in errors(content))


def test_assignment_to_a_plan_that_does_not_exist(content: Path) -> None:
    edit(content / "plans" / "assignments.yaml", "knee: knee-pain", "knee: knee-exercises")
    assert any("body area 'knee' names plan 'knee-exercises', which does not exist" in e for e in errors(content))


def test_assignment_for_an_unknown_body_area_and_a_missing_one(content: Path) -> None:
    edit(content / "plans" / "assignments.yaml", "knee: knee-pain", "kneecap: knee-pain")
    assert any("unknown body area 'kneecap'" in e for e in errors(content))
    assert any("no plan for body area 'knee'" in w for w in warnings(content))


def test_emergencies_can_never_be_given_a_plan(content: Path) -> None:
    edit(content / "plans" / "assignments.yaml", "[self-management,", "[emergency, redirect, self-management,")
    found = errors(content)
    assert any("'emergency' must never get a plan automatically" in e for e in found)
    assert any("'redirect' must never get a plan automatically" in e for e in found)
    assert load(content).assignments.plan_for(disposition="emergency", body_area="knee") is None


def test_assignments_file_missing(content: Path) -> None:
    (content / "plans" / "assignments.yaml").unlink()
    assert any("assignments.yaml: is missing" in e for e in errors(content))


def test_the_assignments_file_is_not_read_as_a_plan(content: Path) -> None:
    library = load(content)
    assert "assignments" not in library.plans
    assert library.assignments.plan_for(disposition="routine-msk", body_area="back") == "low-back-pain"
    assert library.assignments.plan_for(disposition="urgent-same-day", body_area="back") is None
    assert library.assignments.plan_for(disposition="self-management", body_area="general") is None
