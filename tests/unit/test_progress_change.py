"""Meaningful change at and either side of the thresholds in clinical.md."""

from __future__ import annotations

from fractions import Fraction

import pytest

from patient_app.progress.change import activity_change, pain_change, psfs_change


@pytest.mark.parametrize(
    ("start", "end", "percent", "meaningful"),
    [
        (100, 70, 30, True),  # exactly 30 %
        (100, 71, 29, False),  # just under
        (80, 56, 30, True),  # 24 of 80 is exactly 30 %
        (80, 57, 28, False),  # 23 of 80 is 28.75 %: shown rounded down, not meaningful
        (60, 42, 30, True),
        (10, 7, 30, True),
        (10, 8, 20, False),
        (50, 50, 0, False),
    ],
)
def test_vas_improvement_threshold_is_30_percent(start: int, end: int, percent: int, meaningful: bool) -> None:
    change = pain_change("vas", start, end)
    assert change.percent == percent
    assert change.meaningful is meaningful


@pytest.mark.parametrize(("start", "end", "meaningful"), [(50, 65, True), (50, 64, False), (40, 52, True)])
def test_vas_worsening_uses_the_same_threshold(start: int, end: int, meaningful: bool) -> None:
    change = pain_change("vas", start, end)
    assert change.direction == "worse"
    assert change.meaningful is meaningful


def test_vas_from_zero_uses_30_points() -> None:
    assert pain_change("vas", 0, 30).meaningful is True
    assert pain_change("vas", 0, 29).meaningful is False
    assert pain_change("vas", 0, 29).percent is None


@pytest.mark.parametrize(
    ("start", "end", "meaningful", "why"),
    [
        (8, 6, True, "2 points (25 %)"),
        (8, 7, False, "1 point, 12 %"),
        (10, 7, True, "3 points"),
        (3, 2, True, "1 point but 33 %"),
        (4, 3, False, "1 point, 25 %"),
        (10, 8, True, "exactly 2 points, 20 %"),
        (5, 7, True, "2 points worse"),
        (5, 6, False, "1 point worse, 20 %"),
        (0, 2, True, "2 points from nothing"),
        (0, 1, False, "1 point from nothing"),
    ],
)
def test_nrs_threshold_is_2_points_or_30_percent(start: int, end: int, meaningful: bool, why: str) -> None:
    assert pain_change("nrs", start, end).meaningful is meaningful, why


def test_psfs_mean_threshold_is_2_points() -> None:
    exactly = psfs_change([3, 4, 5], [5, 6, 7])
    assert exactly.points == 2
    assert exactly.meaningful is True
    # Means of 4 and 17/3 (5.67): 1.67 points, not meaningful.
    under = psfs_change([3, 4, 5], [5, 6, 6])
    assert under.points == Fraction(5, 3)
    assert under.meaningful is False
    # Thirds add up exactly: (2+3+3)/3 -> (4+5+5)/3 is exactly 2 points.
    assert psfs_change([2, 3, 3], [4, 5, 5]).meaningful is True
    worse = psfs_change([6, 6], [4, 4])
    assert worse.direction == "worse"
    assert worse.meaningful is True


def test_psfs_single_activity_needs_3_points() -> None:
    assert psfs_change([4], [7]).meaningful is True
    assert psfs_change([4], [6]).meaningful is False
    assert activity_change(2, 5).meaningful is True
    assert activity_change(2, 4).meaningful is False
    assert activity_change(5, 5).direction == "same"


def test_unknown_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="scale"):
        pain_change("mm", 1, 2)
