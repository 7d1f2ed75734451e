"""Meaningful change, using the thresholds in the clinical facts (clinical.md).

- Pain NRS 0–10: a change of 2 points or 30 % of the starting score.
- Pain VAS 0–100: a change of 30 % of the starting score. From a start of 0 a
  percentage means nothing, so 30 points (30 % of the scale) is used instead.
- PSFS: the mean of the activities changes by 2 points (3 when only one
  activity is rated); one activity on its own changes by 3 points.

A change exactly at a threshold counts as meaningful. Arithmetic is exact
(integers and fractions) so the boundaries are not blurred by rounding, and the
percentage shown is rounded down so "30%" is never shown for a change that is
not meaningful.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

BETTER, WORSE, SAME = "better", "worse", "same"
PAIN_PERCENT = 30
NRS_POINTS = 2
VAS_POINTS_FROM_ZERO = 30
PSFS_MEAN_POINTS = 2
PSFS_SINGLE_POINTS = 3


@dataclass(frozen=True)
class Change:
    direction: str  # better | worse | same
    start: Fraction
    end: Fraction
    points: Fraction  # always positive
    percent: int | None  # rounded down; None when the start is 0
    meaningful: bool


def _percent(difference: Fraction, start: Fraction) -> int | None:
    if start == 0:
        return None
    return int(difference * 100 / start)  # int() rounds towards zero: down, for a positive value


def pain_change(scale: str, start: int, end: int) -> Change:
    """Lower pain is better."""
    if scale not in ("vas", "nrs"):
        raise ValueError(f"unknown pain scale {scale!r}")
    difference = Fraction(abs(start - end))
    direction = SAME if start == end else (BETTER if end < start else WORSE)
    by_percent = start > 0 and difference * 100 >= PAIN_PERCENT * start
    if scale == "nrs":
        meaningful = difference >= NRS_POINTS or by_percent
    else:
        meaningful = by_percent if start > 0 else difference >= VAS_POINTS_FROM_ZERO
    return Change(
        direction=direction,
        start=Fraction(start),
        end=Fraction(end),
        points=difference,
        percent=_percent(difference, Fraction(start)),
        meaningful=meaningful and direction != SAME,
    )


def mean(scores: list[int] | tuple[int, ...]) -> Fraction:
    if not scores:
        raise ValueError("no scores")
    return Fraction(sum(scores), len(scores))


def psfs_change(start_scores: list[int], end_scores: list[int]) -> Change:
    """Higher is better. The threshold depends on how many activities are rated."""
    start, end = mean(start_scores), mean(end_scores)
    difference = abs(end - start)
    threshold = PSFS_SINGLE_POINTS if len(end_scores) == 1 else PSFS_MEAN_POINTS
    direction = SAME if start == end else (BETTER if end > start else WORSE)
    return Change(
        direction=direction,
        start=start,
        end=end,
        points=difference,
        percent=_percent(difference, start),
        meaningful=direction != SAME and difference >= threshold,
    )


def activity_change(start: int, end: int) -> Change:
    """One PSFS activity: 3 points."""
    return psfs_change([start], [end])
