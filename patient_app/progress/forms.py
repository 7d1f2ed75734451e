"""Forms for goals, pain scores, activities and reminders. Messages follow the NHS style."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from patient_app.clock import london_today
from patient_app.forms import ChoiceField, DateField, LongTextField, NhsForm, WholeNumberField, choices
from patient_app.forms.fields import DATE_PART_NAMES
from patient_app.forms.validators import required


def not_in_future(message: Any) -> Any:
    def check(form: Any, field: DateField) -> None:
        if field.data is not None and field.data > london_today():
            field.error_parts = DATE_PART_NAMES
            raise ValidationError(message)

    return check


def not_in_past(message: Any) -> Any:
    def check(form: Any, field: DateField) -> None:
        if field.data is not None and field.data < london_today():
            field.error_parts = DATE_PART_NAMES
            raise ValidationError(message)

    return check


class OptionalDateField(DateField):
    """Day, month and year that may all be left empty (a goal's target date)."""

    def pre_validate(self, form: Any) -> None:
        if not any(self.raw_parts.values()):
            self.data = None
            return
        super().pre_validate(form)


IMPORTANCE_CHOICES = (
    ("very", _l("Very important")),
    ("quite", _l("Quite important")),
    ("little", _l("A little important")),
)


class GoalForm(NhsForm):
    text = LongTextField(
        _l("What is your goal?"),
        [required(_l("Enter your goal"))],
        maxlength=300,
        description=_l(
            "Say what you want to be able to do, how much and by when. "
            "For example, walk to the shops and back without stopping by June."
        ),
    )
    target_date = OptionalDateField(
        _l("When would you like to reach this goal? (optional)"),
        [not_in_past(_l("Target date must be today or in the future"))],
        subject=_l("Target date"),
        required_message=_l("Enter a target date"),
        description=_l("For example, 30 6 2027"),
    )
    importance = ChoiceField(
        _l("How important is this goal to you?"),
        choices=choices(IMPORTANCE_CHOICES),
        required_message=_l("Select how important this goal is to you"),
    )


class CheckInForm(NhsForm):
    score = WholeNumberField(
        _l("How close are you to reaching your goal?"),
        minimum=0,
        maximum=10,
        required_message=_l("Enter a number from 0 to 10"),
        range_message=_l("How close you are must be a whole number from 0 to 10"),
        description=_l("0 means you have not started, 10 means you have reached it."),
    )
    checked_on = DateField(
        _l("Date of this check-in"),
        [not_in_future(_l("Date of this check-in must be today or in the past"))],
        subject=_l("Date of this check-in"),
        required_message=_l("Enter the date of this check-in"),
        description=_l("For example, 27 3 2026"),
    )
    note = LongTextField(_l("Anything you want to note? (optional)"), maxlength=1000)


STATUS_CHOICES = (
    ("achieved", _l("I have reached this goal")),
    ("not-relevant", _l("This goal is no longer relevant")),
    ("active", _l("I am still working on it")),
)


class GoalStatusForm(NhsForm):
    status = ChoiceField(
        _l("How is this goal going?"),
        choices=choices(STATUS_CHOICES),
        required_message=_l("Select how this goal is going"),
    )


def _when_field() -> DateField:
    return DateField(
        _l("Date of this pain score"),
        [not_in_future(_l("Date of this pain score must be today or in the past"))],
        subject=_l("Date of this pain score"),
        required_message=_l("Enter the date of this pain score"),
        description=_l("Leave today's date for how your pain is now."),
    )


class VasForm(NhsForm):
    score = WholeNumberField(
        _l("What is your pain score?"),
        minimum=0,
        maximum=100,
        required_message=_l("Enter your pain score, from 0 to 100"),
        range_message=_l("Pain score must be a whole number from 0 to 100"),
        description=_l("Enter a number from 0 (no pain) to 100 (the worst pain imaginable)."),
        widget_params={"classes": "nhsuk-input--width-3 app-vas__number"},
    )
    recorded_on = _when_field()


NRS_CHOICES = tuple(
    (str(n), {0: _l("0 – no pain"), 10: _l("10 – the worst pain imaginable")}.get(n, str(n))) for n in range(11)
)


class NrsForm(NhsForm):
    score = ChoiceField(
        _l("What is your pain score?"),
        choices=choices(NRS_CHOICES),
        required_message=_l("Select your pain score, from 0 to 10"),
        description=_l("0 is no pain and 10 is the worst pain imaginable."),
    )
    recorded_on = _when_field()


POINT_CHOICES = (
    ("before", _l("Before my treatment started")),
    ("after", _l("After my treatment ended")),
    ("none", _l("Neither")),
)


class TreatmentPointForm(NhsForm):
    point = ChoiceField(
        _l("Was this score from before or after your treatment?"),
        choices=choices(POINT_CHOICES),
        required_message=_l("Select before, after or neither"),
        description=_l("We compare these two scores to see how much your treatment helped."),
    )


def psfs_form(activities: list[str], formdata: Any = None) -> NhsForm:
    """One 0–10 box per activity the patient named at referral."""

    class PsfsForm(NhsForm):
        pass

    for index, activity in enumerate(activities):
        field = WholeNumberField(
            activity,
            minimum=0,
            maximum=10,
            required_message=_l("Enter a score from 0 to 10 for %(activity)s", activity=activity),
            range_message=_l("Score for %(activity)s must be a whole number from 0 to 10", activity=activity),
        )
        setattr(PsfsForm, f"activity_{index}", field)
    return PsfsForm(formdata=formdata) if formdata is not None else PsfsForm()


REMINDER_CHOICES = (
    ("3", _l("Every 3 days")),
    ("7", _l("Every week")),
    ("14", _l("Every 2 weeks")),
    ("28", _l("Every 4 weeks")),
    ("0", _l("Do not remind me")),
)


class ReminderForm(NhsForm):
    days = ChoiceField(
        _l("How often should we remind you to check in?"),
        choices=choices(REMINDER_CHOICES),
        required_message=_l("Select how often we should remind you"),
        description=_l("We only remind you here in the app, when you have not checked in for that long."),
    )
