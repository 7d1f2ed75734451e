"""The NHS widget layer: forms whose fields render the NHS.UK design system macros."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm

from patient_app.forms.fields import (
    AgreeField,
    ChoiceField,
    DateField,
    DropdownField,
    LongTextField,
    MultipleChoiceField,
    PasswordField,
    TextField,
    WholeNumberField,
    add_error,
    choices,
    chosen,
    date_must_be_past,
    date_of_birth_checks,
    entered,
)


class NhsForm(FlaskForm):
    def error_summary(self) -> list[dict[str, Any]]:
        """What the layout's error summary lists: each message linked to its field."""
        entries = []
        for field in self:
            if not field.errors or field.type == "CSRFTokenField":
                continue
            anchor = getattr(field, "error_anchor", field.id)
            entries.append({"text": str(field.errors[0]), "href": f"#{anchor}"})
        return entries


__all__ = [
    "AgreeField",
    "ChoiceField",
    "DateField",
    "DropdownField",
    "LongTextField",
    "MultipleChoiceField",
    "NhsForm",
    "PasswordField",
    "TextField",
    "WholeNumberField",
    "add_error",
    "choices",
    "chosen",
    "date_must_be_past",
    "date_of_birth_checks",
    "entered",
]
