"""Plain-English sentences about change, for pages and PDFs (translated with the page)."""

from __future__ import annotations

from fractions import Fraction

from flask_babel import format_decimal
from flask_babel import gettext as _

from patient_app.progress.change import BETTER, SAME, Change
from patient_app.progress.pain import SCALES, Comparison
from patient_app.progress.psfs import PsfsResult


def number(value: Fraction | float | int) -> str:
    return str(format_decimal(round(float(value), 1), format="#,##0.#"))


def _since(source: str) -> str:
    return {
        "referral": _("when you referred yourself"),
        "first": _("your first score"),
        "marked": _("before your treatment"),
    }.get(source, _("before your treatment"))


def pain_sentence(comparison: Comparison) -> str:
    """ "Your pain is 35% lower than when you referred yourself — that is a meaningful improvement." """
    change, scale = comparison.change, comparison.end.scale
    after = comparison.end.source in ("marked", "discharge")
    values = {
        "percent": change.percent,
        "points": number(change.points),
        "start": comparison.start.value,
        "end": comparison.end.value,
        "max": SCALES[scale],
        "since": _since(comparison.start.source),
    }
    if change.direction == SAME:
        if after:
            return _("After your treatment your pain score was the same as before it.", **values)
        return _("Your pain score is the same as %(since)s.", **values)
    if change.percent is None:
        # From a start of 0 only the points can be given.
        if after:
            text = _("After your treatment your pain score was %(end)s out of %(max)s, up from 0 before it.", **values)
        else:
            text = _("Your pain score is %(end)s out of %(max)s, up from 0 %(since)s.", **values)
    elif change.direction == BETTER:
        if after:
            text = _("After your treatment your pain was %(percent)s%% lower than before it", **values)
        else:
            text = _("Your pain is %(percent)s%% lower than %(since)s", **values)
    elif after:
        text = _("After your treatment your pain was %(percent)s%% higher than before it", **values)
    else:
        text = _("Your pain is %(percent)s%% higher than %(since)s", **values)
    return text + " " + _verdict(change, scale)


def _verdict(change: Change, scale: str) -> str:
    if change.meaningful and change.direction == BETTER:
        return _("— that is a meaningful improvement.")
    if change.meaningful:
        return _("— that is a meaningful increase. If you are worried about your pain, contact the team.")
    if scale == "nrs":
        return _(
            "— a small change. A change of %(points)s points or %(percent)s%% is usually one you notice.",
            points=2,
            percent=30,
        )
    return _("— a small change. A change of %(percent)s%% is usually one you notice.", percent=30)


def pain_scores_line(comparison: Comparison) -> str:
    return _(
        "%(start)s out of %(max)s then, %(end)s out of %(max)s now.",
        start=comparison.start.value,
        end=comparison.end.value,
        max=SCALES[comparison.end.scale],
    )


def psfs_sentence(result: PsfsResult) -> str:
    change = result.change
    values = {
        "points": number(change.points),
        "since": _("when you referred yourself") if result.start.source == "referral" else _("the first time"),
        "threshold": 3 if len(result.activities) == 1 else 2,
    }
    if change.direction == SAME:
        return _("Your activity scores are the same on average as %(since)s.", **values)
    if change.direction == BETTER:
        text = _("Your activity scores are %(points)s points better on average than %(since)s", **values)
    else:
        text = _("Your activity scores are %(points)s points worse on average than %(since)s", **values)
    if change.meaningful and change.direction == BETTER:
        return text + " " + _("— that is a meaningful improvement.")
    if change.meaningful:
        return text + " " + _("— that is a meaningful change. If you are worried, contact the team.")
    return text + " " + _("— a small change. A change of %(threshold)s points is usually one you notice.", **values)
