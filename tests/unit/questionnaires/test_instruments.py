"""Licensed instruments: scoring from the published rules, and wording from the strings file only."""

from __future__ import annotations

from pathlib import Path

import pytest

from patient_app.questionnaires import instruments

STRINGS = str(Path(__file__).resolve().parents[2] / "fixtures" / "licensed-strings.yaml")


def start_back(agree: set[int], item9: str) -> dict[int, str]:
    answers = {n: ("agree" if n in agree else "disagree") for n in range(1, 9)}
    answers[9] = item9
    return answers


@pytest.mark.parametrize(
    ("agree", "item9", "total", "psychosocial", "group"),
    [
        (set(), "not-at-all", 0, 0, "low"),
        ({1, 2, 3}, "moderately", 3, 0, "low"),  # total 3: the top of low
        ({1, 2, 3, 4}, "slightly", 4, 0, "medium"),  # total 4: the bottom of medium
        ({1, 2, 5, 6, 7}, "moderately", 5, 3, "medium"),  # subscale 3: still medium
        ({5, 6, 7, 8}, "not-at-all", 4, 4, "high"),  # subscale 4: high
        ({5, 6, 7}, "very-much", 4, 4, "high"),  # item 9 'very much' counts
        ({5, 6, 7}, "extremely", 4, 4, "high"),
        ({1, 2, 3, 4, 5, 6, 7, 8}, "extremely", 9, 5, "high"),
        ({1, 2, 3}, "very-much", 4, 1, "medium"),
    ],
)
def test_start_back_groups_at_the_boundaries(
    agree: set[int], item9: str, total: int, psychosocial: int, group: str
) -> None:
    score = instruments.score_start_back(start_back(agree, item9))
    assert (score.total, score.psychosocial, score.group) == (total, psychosocial, group)


def test_start_back_needs_every_item_and_valid_answers() -> None:
    with pytest.raises(ValueError, match="all 9"):
        instruments.score_start_back({1: "agree"})
    with pytest.raises(ValueError, match="not an answer"):
        instruments.score_start_back(start_back(set(), "a lot"))


@pytest.mark.parametrize(("each", "total"), [("0", 0), ("4", 56), ("2", 28)])
def test_msk_hq_total_is_0_to_56(each: str, total: int) -> None:
    score = instruments.score_msk_hq(dict.fromkeys(range(1, 15), each) | {15: "3"})
    assert score.total == total
    assert score.days_active == 3


def test_msk_hq_mixed_answers_and_range_checks() -> None:
    answers = {n: str(n % 5) for n in range(1, 15)}
    assert instruments.score_msk_hq(answers).total == sum(n % 5 for n in range(1, 15))
    with pytest.raises(ValueError, match="outside 0-4"):
        instruments.score_msk_hq(dict.fromkeys(range(1, 15), "5"))
    with pytest.raises(ValueError, match="items 1 to 14"):
        instruments.score_msk_hq({1: "4"})


def test_wording_comes_only_from_the_strings_file() -> None:
    loaded = instruments.instrument("start-back", STRINGS)
    assert loaded is not None
    assert loaded.items[0].text == "STarT Back item 1 (placeholder wording)"
    item_9 = loaded.item(9)
    assert item_9 is not None
    assert [c.value for c in item_9.choices] == [
        "not-at-all",
        "slightly",
        "moderately",
        "very-much",
        "extremely",
    ]
    msk = instruments.instrument("msk-hq", STRINGS)
    assert msk is not None
    msk_item_1 = msk.item(1)
    assert msk_item_1 is not None
    assert msk_item_1.choices[0].label == "Item 1 best (placeholder)"
    assert msk_item_1.choices[0].score == 4


def test_without_the_strings_file_instruments_are_unavailable(tmp_path: Path) -> None:
    assert instruments.instrument("start-back", "") is None
    assert not instruments.available("msk-hq", str(tmp_path / "missing.yaml"))
    partial = tmp_path / "partial.yaml"
    partial.write_text('start-back:\n  items:\n    "1": "only one item"\n  answers: {}\n')
    assert instruments.instrument("start-back", str(partial)) is None


def test_no_licensed_wording_is_committed_in_content() -> None:
    root = Path(__file__).resolve().parents[3] / "content" / "questionnaires" / "instruments"
    files = sorted(root.glob("*.yaml"))
    assert {path.stem for path in files} >= {"msk-hq", "start-back"}, f"no instrument files found in {root}"
    for path in files:
        text = path.read_text().lower()
        assert "text:" not in text, f"{path.name} must hold structure only"
