"""WTForms fields wired to the NHS widgets, with NHS-style error messages."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Field, IntegerField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import ValidationError

from patient_app.clock import london_today, years_before
from patient_app.forms.widgets import (
    CharacterCount,
    Checkboxes,
    CheckboxSingle,
    DateInput,
    PasswordInput,
    Radios,
    Select,
    SelectChoice,
    TextInput,
    declared_choices,
)

DATE_PART_NAMES = ("day", "month", "year")


class TextField(StringField):
    """A single-line text input. Leading and trailing spaces are dropped."""

    def __init__(self, label: Any = None, validators: Any = None, *, input_type: str = "text", **kwargs: Any):
        widget_defaults = kwargs.pop("widget_params", {})
        super().__init__(label, validators, filters=[_strip], **kwargs)
        self.widget = TextInput(input_type, **widget_defaults)


class PasswordField(StringField):
    widget = PasswordInput()


class LongTextField(StringField):
    """A textarea with the NHS character count; the limit is enforced on the server too."""

    def __init__(self, label: Any = None, validators: Any = None, *, maxlength: int, **kwargs: Any):
        super().__init__(label, validators, filters=[_strip], **kwargs)
        self.maxlength = maxlength
        self.widget = CharacterCount(maxlength)

    def pre_validate(self, form: Any) -> None:
        if self.data and len(self.data) > self.maxlength:
            raise ValidationError(
                _l("%(label)s must be %(count)d characters or fewer", label=self.label.text, count=self.maxlength)
            )


class ChoiceField(RadioField):
    """Radios. A value that is not one of the choices (a tampered form) gets the required message."""

    widget = Radios()

    def __init__(self, label: Any = None, validators: Any = None, *, required_message: Any, **kwargs: Any):
        self.choice_hints = kwargs.pop("choice_hints", {})
        super().__init__(label, validators, **kwargs)
        self.required_message = required_message

    def pre_validate(self, form: Any) -> None:
        valid = {choice.value for choice in declared_choices(self) if choice.value != "__divider__"}
        if self.data not in valid:
            self.errors = []
            raise ValidationError(self.required_message)


class DropdownField(SelectField):
    """A select list, for long lists (GP practices). The first choice should be a prompt with value ""."""

    widget = Select()

    def __init__(self, label: Any = None, validators: Any = None, *, required_message: Any, **kwargs: Any):
        super().__init__(label, validators, **kwargs)
        self.required_message = required_message

    def pre_validate(self, form: Any) -> None:
        valid = {choice.value for choice in declared_choices(self) if choice.value}
        if self.data not in valid:
            raise ValidationError(self.required_message)


class AgreeField(BooleanField):
    """A single checkbox; with a `required_message` the person must tick it to go on."""

    widget = CheckboxSingle()

    def __init__(self, label: Any = None, validators: Any = None, *, required_message: Any, **kwargs: Any):
        super().__init__(label, validators, **kwargs)
        self.required_message = required_message

    def pre_validate(self, form: Any) -> None:
        if self.required_message and not self.data:
            raise ValidationError(self.required_message)


class MultipleChoiceField(SelectMultipleField):
    widget = Checkboxes()

    def __init__(self, label: Any = None, validators: Any = None, *, required_message: Any = None, **kwargs: Any):
        self.choice_hints = kwargs.pop("choice_hints", {})
        super().__init__(label, validators, **kwargs)
        self.required_message = required_message

    def pre_validate(self, form: Any) -> None:
        valid = {choice.value for choice in declared_choices(self)}
        chosen = self.data or []
        if any(value not in valid for value in chosen):
            raise ValidationError(_l("Select from the options shown"))
        if self.required_message and not chosen:
            raise ValidationError(self.required_message)


class WholeNumberField(IntegerField):
    """A whole number within a range, typed on a numeric keypad."""

    def __init__(
        self,
        label: Any = None,
        validators: Any = None,
        *,
        minimum: int,
        maximum: int,
        required_message: Any,
        range_message: Any,
        **kwargs: Any,
    ):
        widget_defaults = kwargs.pop("widget_params", {})
        super().__init__(label, validators, **kwargs)
        self.minimum, self.maximum = minimum, maximum
        self.required_message, self.range_message = required_message, range_message
        self.widget = TextInput(
            "text",
            **({"inputmode": "numeric", "classes": "nhsuk-input--width-3"} | widget_defaults),
        )

    def process_formdata(self, valuelist: list[str]) -> None:
        self.raw = valuelist[0].strip() if valuelist else ""
        self.data = None
        if self.raw and self.raw.lstrip("-").isdigit():
            self.data = int(self.raw)

    def _value(self) -> str:
        if getattr(self, "raw", None) is not None:
            return self.raw
        return "" if self.data is None else str(self.data)

    def pre_validate(self, form: Any) -> None:
        raw = getattr(self, "raw", "")
        if not raw and self.data is None:
            raise ValidationError(self.required_message)
        if self.data is None or not self.minimum <= self.data <= self.maximum:
            raise ValidationError(self.range_message)


class DateField(Field):
    """Day, month and year boxes, validated the NHS way, keeping what was typed.

    `subject` is the sentence-case name used in messages ("Date of birth").
    """

    widget = DateInput()

    def __init__(
        self,
        label: Any = None,
        validators: Any = None,
        *,
        subject: Any,
        required_message: Any,
        autocomplete: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(label, validators, **kwargs)
        self.subject = subject
        # "bday" for a date of birth: the boxes become bday-day, bday-month, bday-year.
        self.autocomplete = autocomplete
        self.required_message = required_message
        self.raw_parts: dict[str, str] = {}
        self.error_parts: tuple[str, ...] = ()
        self.parse_error: Any = None

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        self.process_errors: list[Any] = []
        self.data = data if isinstance(data, date) else None
        self.raw_parts = {}
        if self.data is not None:
            self.raw_parts = {"day": str(self.data.day), "month": str(self.data.month), "year": str(self.data.year)}
        if formdata is not None and any(f"{self.name}[{part}]" in formdata for part in DATE_PART_NAMES):
            self.raw_parts = {part: formdata.get(f"{self.name}[{part}]", "").strip() for part in DATE_PART_NAMES}
            self.data = self._parse()

    def _parse(self) -> date | None:
        self.parse_error, self.error_parts = None, ()
        missing = tuple(part for part in DATE_PART_NAMES if not self.raw_parts.get(part))
        if len(missing) == 3:
            self.parse_error, self.error_parts = self.required_message, DATE_PART_NAMES
            return None
        if missing:
            names = {"day": _l("a day"), "month": _l("a month"), "year": _l("a year")}
            joined = str(_l(" and ")).join(str(names[part]) for part in missing)
            self.parse_error = _l("%(subject)s must include %(parts)s", subject=self.subject, parts=joined)
            self.error_parts = missing
            return None
        if not all(self.raw_parts[part].isdigit() for part in DATE_PART_NAMES):
            self.parse_error, self.error_parts = (
                _l("%(subject)s must be a real date", subject=self.subject),
                DATE_PART_NAMES,
            )
            return None
        if len(self.raw_parts["year"]) != 4:
            self.parse_error, self.error_parts = _l("Year must include 4 numbers"), ("year",)
            return None
        try:
            return date(int(self.raw_parts["year"]), int(self.raw_parts["month"]), int(self.raw_parts["day"]))
        except ValueError:
            self.parse_error, self.error_parts = (
                _l("%(subject)s must be a real date", subject=self.subject),
                DATE_PART_NAMES,
            )
            return None

    def pre_validate(self, form: Any) -> None:
        if self.parse_error is not None:
            raise ValidationError(self.parse_error)
        if self.data is None:
            self.error_parts = DATE_PART_NAMES
            raise ValidationError(self.required_message)

    @property
    def error_anchor(self) -> str:
        first = self.error_parts[0] if self.error_parts else "day"
        return f"{self.id}-{first}"


def choices(pairs: Any) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def entered(field: StringField) -> str:
    """What was typed in a text field that has a `required` check, read once the form has validated."""
    if field.data is None:
        raise ValueError(f"{field.name} has no value: read it after the form has validated")
    return field.data


def chosen(field: SelectMultipleField) -> list[Any]:
    """The options ticked in a checkbox field that has a `required_message`, read once the form has validated."""
    if field.data is None:
        raise ValueError(f"{field.name} has no value: read it after the form has validated")
    return field.data


def add_error(field: Field, message: str) -> None:
    """Show `message` on the field, for a check made after `validate()` (which leaves `errors` a list)."""
    errors = field.errors
    if not isinstance(errors, list):
        raise TypeError(f"{field.name} has not been validated, so it cannot take an error")
    errors.append(message)


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def date_must_be_past(message: Any) -> Any:
    def check(form: Any, field: DateField) -> None:
        if field.data is not None and field.data >= london_today():
            field.error_parts = DATE_PART_NAMES
            raise ValidationError(message)

    return check


# Nobody alive was born longer ago than this: an earlier year is a typing slip (1890 for 1980).
OLDEST_AGE_YEARS = 120


def date_of_birth_checks() -> list[Any]:
    """A date of birth is in the past, and within a human lifetime of today."""
    return [date_must_be_past(_l("Date of birth must be in the past")), _born_in_a_lifetime]


def earliest_date_of_birth(today: date) -> date:
    return years_before(today, OLDEST_AGE_YEARS)


def _born_in_a_lifetime(form: Any, field: DateField) -> None:
    earliest = earliest_date_of_birth(london_today())
    if field.data is not None and field.data < earliest:
        field.error_parts = ("year",)
        written = format_date(earliest, "d MMMM yyyy")
        raise ValidationError(_l("Date of birth must be the same as or after %(date)s", date=written))
