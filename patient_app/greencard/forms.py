"""Forms for issuing, revoking and using a green card. Messages follow the NHS style."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from patient_app import codes
from patient_app.forms import ChoiceField, DateField, DropdownField, LongTextField, NhsForm, TextField, choices
from patient_app.forms.validators import max_length, required
from patient_app.greencard.cards import VALIDITY_CHOICES

BODY_AREA_CHOICES = (
    ("neck", _l("Neck")),
    ("shoulder", _l("Shoulder")),
    ("elbow", _l("Elbow")),
    ("wrist-hand", _l("Wrist or hand")),
    ("upper-back", _l("Upper or middle back")),
    ("lower-back", _l("Lower back")),
    ("hip", _l("Hip or groin")),
    ("knee", _l("Knee")),
    ("ankle-foot", _l("Ankle or foot")),
)
SIDE_CHOICES = (
    ("left", _l("Left")),
    ("right", _l("Right")),
    ("both", _l("Both")),
    ("none", _l("Does not apply")),
)


def validity_label(months: int) -> Any:
    return _l("8 weeks") if months == 0 else _l("%(n)d months", n=months)


class IssueForm(NhsForm):
    condition = TextField(
        _l("Condition"),
        [required(_l("Enter the condition")), max_length(120, _l("Condition must be 120 characters or fewer"))],
        description=_l("As the patient should see it, for example 'Right knee pain (patellofemoral)'"),
    )
    body_area = DropdownField(
        _l("Body area"), choices=choices(BODY_AREA_CHOICES), required_message=_l("Select the body area")
    )
    side = ChoiceField(_l("Side"), choices=choices(SIDE_CHOICES), required_message=_l("Select the side"))
    validity = DropdownField(
        _l("How long the card lasts"),
        choices=choices((str(months), validity_label(months)) for months in VALIDITY_CHOICES),
        required_message=_l("Select how long the card lasts"),
    )
    note = LongTextField(
        _l("Note for the patient (optional)"),
        [max_length(1000, _l("Note must be 1000 characters or fewer"))],
        maxlength=1000,
        description=_l("Shown on their card page and letter. No abbreviations."),
    )


class RevokeForm(NhsForm):
    reason = LongTextField(
        _l("Why are you cancelling this green card?"),
        [
            required(_l("Enter why you are cancelling the card")),
            max_length(500, _l("Reason must be 500 characters or fewer")),
        ],
        maxlength=500,
    )


class ChooseCardForm(NhsForm):
    card = ChoiceField(_l("Which green card do you want to use?"), required_message=_l("Select a green card"))


def valid_code(form: Any, field: Any) -> None:
    if field.data and not codes.is_valid(field.data):
        # Only the check character is tested here: this says nothing about whether a card exists.
        raise ValidationError(_l("Check your green card code. It has 11 letters and numbers, like ACDE FGHJ KMN"))


class CodeForm(NhsForm):
    code = TextField(
        _l("Green card code"),
        [required(_l("Enter your green card code")), valid_code],
        description=_l("It is on your green card and letter. It has 11 letters and numbers, like ACDE FGHJ KMN"),
        widget_params={"autocomplete": "off", "spellcheck": False, "classes": "nhsuk-input--width-20"},
    )
    date_of_birth = DateField(
        _l("Date of birth"),
        subject=_l("Date of birth"),
        required_message=_l("Enter your date of birth"),
        description=_l("For example, 15 3 1984"),
    )


class SameProblemForm(NhsForm):
    answer = ChoiceField(
        _l("Is this about the same problem?"),
        choices=choices((("yes", _l("Yes")), ("no", _l("No, it is a different problem")))),
        required_message=_l("Select yes if it is about the same problem"),
    )
