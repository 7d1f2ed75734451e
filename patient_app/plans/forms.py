"""The patient's quick log, and the clinician's plan and dosage forms."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field

from patient_app.content.library import Dosage
from patient_app.forms import (
    ChoiceField,
    DropdownField,
    LongTextField,
    MultipleChoiceField,
    NhsForm,
    WholeNumberField,
    add_error,
    choices,
)
from patient_app.plans.exercises import LIMITS, PlannedExercise
from patient_app.plans.logs import DIFFICULTIES, OUTCOMES

OUTCOME_LABELS = dict(zip(OUTCOMES, (_l("Done"), _l("Partly"), _l("Not today")), strict=True))
DIFFICULTY_LABELS = dict(zip(DIFFICULTIES, (_l("Too easy"), _l("About right"), _l("Too hard")), strict=True))


class LogForm(NhsForm):
    """Made with `prefix=<exercise id>`, so several can share the "Today's exercises" page."""

    outcome = ChoiceField(
        _l("Did you do it today?"),
        choices=choices(OUTCOME_LABELS.items()),
        required_message=_l("Select if you did this exercise today"),
    )
    pain = WholeNumberField(
        _l("Pain during the exercise"),
        description=_l("From 0 (no pain) to 10 (the worst pain you can imagine)"),
        minimum=0,
        maximum=10,
        required_message=_l("Enter your pain during the exercise, from 0 to 10"),
        range_message=_l("Pain during the exercise must be a number from 0 to 10"),
    )
    difficulty = ChoiceField(
        _l("How did it feel?"),
        choices=choices(DIFFICULTY_LABELS.items()),
        required_message=_l("Select how the exercise felt"),
    )

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        if self.outcome.data == "not-today":
            # Nothing was done, so there is no pain or difficulty to ask about.
            self.pain.errors, self.difficulty.errors = [], []
        elif self.outcome.errors:
            # Pain and difficulty are asked only if it was done: until the first answer is
            # given, only what was typed wrongly is worth an error.
            if not getattr(self.pain, "raw", ""):
                self.pain.errors = []
            if not self.difficulty.data:
                self.difficulty.errors = []
        self._errors = None  # WTForms caches the error dict; recompute it from the fields
        return not self.errors


class PlanForm(NhsForm):
    plan = DropdownField(_l("Plan and stage"), required_message=_l("Select a plan and stage"))
    exercises = MultipleChoiceField(
        _l("Exercises"),
        description=_l(
            "Leave these unticked to use the exercises for the stage you chose. "
            "Tick exercises to choose your own; you can set their dosage next."
        ),
    )
    note = LongTextField(
        _l("Note for the patient (optional)"),
        maxlength=500,
        description=_l("They see this above their exercises. Write it in plain English."),
    )


def dosage_form_class(planned: list[PlannedExercise]) -> type[NhsForm]:
    """A form with sets, reps or hold, and how often, for each exercise in the plan."""

    class DosageForm(NhsForm):
        pass

    for item in planned:
        title, held = item.exercise.title, item.dosage.hold_seconds is not None
        amount = "hold_seconds" if held else "reps"
        fields: dict[str, Field] = {
            "sets": WholeNumberField(
                _l("Sets") if not held else _l("Holds"),
                minimum=LIMITS["sets"][0],
                maximum=LIMITS["sets"][1],
                required_message=_l("Enter the sets for %(title)s", title=title),
                range_message=_l("Sets for %(title)s must be from 1 to 10", title=title),
            ),
            "amount": WholeNumberField(
                _l("Seconds to hold") if held else _l("Repetitions"),
                minimum=LIMITS[amount][0],
                maximum=LIMITS[amount][1],
                required_message=_l("Enter the %(what)s for %(title)s", what=_what(held), title=title),
                range_message=_l(
                    "%(what)s for %(title)s must be from 1 to %(most)d",
                    what=_what(held).capitalize(),
                    title=title,
                    most=LIMITS[amount][1],
                ),
            ),
            "times": WholeNumberField(
                _l("How often"),
                minimum=1,
                maximum=LIMITS["per_day"][1],
                required_message=_l("Enter how often %(title)s is done", title=title),
                range_message=_l("How often for %(title)s must be from 1 to 10", title=title),
            ),
            "period": ChoiceField(
                _l("Times a day or days a week"),
                choices=choices([("day", _l("times a day")), ("week", _l("days a week"))]),
                required_message=_l("Select times a day or days a week for %(title)s", title=title),
            ),
        }
        for name, unbound in fields.items():
            setattr(DosageForm, f"{item.exercise.id}-{name}", unbound)
    return DosageForm


def _what(held: bool) -> str:
    return str(_l("seconds to hold") if held else _l("repetitions"))


def dosage_data(planned: list[PlannedExercise]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for item in planned:
        key, dosage = item.exercise.id, item.dosage
        data[f"{key}-sets"] = dosage.sets
        data[f"{key}-amount"] = dosage.hold_seconds if dosage.hold_seconds is not None else dosage.reps
        data[f"{key}-times"] = dosage.per_day if dosage.per_day is not None else dosage.per_week
        data[f"{key}-period"] = "day" if dosage.per_day is not None else "week"
    return data


def dosage_from_form(form: NhsForm, item: PlannedExercise) -> Dosage | None:
    """The dosage typed for one exercise, or None after marking a days-a-week value over 7."""
    key, held = item.exercise.id, item.dosage.hold_seconds is not None
    amount, times, period = form[f"{key}-amount"].data, form[f"{key}-times"].data, form[f"{key}-period"].data
    if period == "week" and times > LIMITS["per_week"][1]:
        add_error(form[f"{key}-times"], _l("Days a week for %(title)s must be from 1 to 7", title=item.exercise.title))
        return None
    return Dosage(
        sets=form[f"{key}-sets"].data,
        reps=None if held else amount,
        hold_seconds=amount if held else None,
        per_day=times if period == "day" else None,
        per_week=times if period == "week" else None,
    )
