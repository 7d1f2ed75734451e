"""Content put into words for patients: body area names and dosage in plain English."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from patient_app.content.library import Dosage

AREA_LABELS: dict[str, Any] = {
    "neck": _l("Neck"),
    "shoulder": _l("Shoulder"),
    "elbow": _l("Elbow"),
    "wrist-hand": _l("Wrist and hand"),
    "back": _l("Back"),
    "hip": _l("Hip"),
    "knee": _l("Knee"),
    "ankle-foot": _l("Ankle and foot"),
    "general": _l("General fitness"),
}


def area_label(area: str) -> str:
    return str(AREA_LABELS.get(area, area))


def areas_text(areas: tuple[str, ...]) -> str:
    return ", ".join(area_label(area) for area in areas)


def dosage_sentences(dosage: Dosage) -> list[str]:
    """'Hold for 30 seconds.', 'Do this 3 times.', 'Do this twice a day.': short sentences, no jargon."""
    sentences: list[str] = []
    if dosage.hold_seconds is not None:
        sentences.append(ngettext("Hold for %(num)d second.", "Hold for %(num)d seconds.", dosage.hold_seconds))
        if dosage.sets > 1:
            sentences.append(ngettext("Do this %(num)d time.", "Do this %(num)d times.", dosage.sets))
    elif dosage.reps is not None:
        sentences.append(ngettext("Do it once.", "Repeat %(num)d times.", dosage.reps))
        if dosage.sets > 1:
            sentences.append(
                ngettext("Do %(num)d set.", "Do %(num)d sets, with a short rest between them.", dosage.sets)
            )
    if dosage.per_day is not None:
        sentences.append(ngettext("Do this once a day.", "Do this %(num)d times a day.", dosage.per_day))
    elif dosage.per_week is not None:
        sentences.append(ngettext("Do this once a week.", "Do this on %(num)d days a week.", dosage.per_week))
    return sentences


def dosage_words(dosage: Dosage) -> str:
    return " ".join(dosage_sentences(dosage))
