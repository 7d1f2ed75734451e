"""Validators for the details patients give us, with NHS-style messages."""

from __future__ import annotations

import re
from typing import Any

import nhs_number
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.validators import ValidationError

POSTCODE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$", re.IGNORECASE)
UK_MOBILE = re.compile(r"^(?:\+44|0044|0)7\d{9}$")


def required(message: Any) -> Any:
    def check(form: Any, field: Field) -> None:
        if field.data is None or (isinstance(field.data, str) and not field.data.strip()):
            raise ValidationError(message)

    return check


def max_length(limit: int, message: Any) -> Any:
    def check(form: Any, field: Field) -> None:
        if field.data and len(field.data) > limit:
            raise ValidationError(message)

    return check


def email_address(form: Any, field: Field) -> None:
    if not field.data:
        return
    try:
        result = validate_email(field.data, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationError(_l("Enter an email address in the correct format, like name@example.com")) from exc
    field.data = result.normalized


def normalise_postcode(raw: str) -> str:
    compact = re.sub(r"\s+", "", raw).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def uk_postcode(form: Any, field: Field) -> None:
    if not field.data:
        return
    if not POSTCODE.match(re.sub(r"\s+", "", field.data)) and not POSTCODE.match(field.data.strip()):
        raise ValidationError(_l("Enter a real postcode, like LS1 4AP"))
    field.data = normalise_postcode(field.data)


def uk_mobile(form: Any, field: Field) -> None:
    if not field.data:
        return
    compact = re.sub(r"[\s()-]", "", field.data)
    if not UK_MOBILE.match(compact):
        raise ValidationError(_l("Enter a UK mobile number, like 07700 900 982"))
    field.data = "0" + compact[-10:]


UK_PHONE = re.compile(r"^(?:\+44|0044|0)\d{9,10}$")


def uk_phone(form: Any, field: Field) -> None:
    """A UK mobile or landline: many older patients have only a landline."""
    if not field.data:
        return
    compact = re.sub(r"[\s()-]", "", field.data)
    if not UK_PHONE.match(compact):
        raise ValidationError(_l("Enter a UK phone number, like 07700 900 982 or 01632 960 001"))
    field.data = "0" + compact[-10:] if not compact.startswith("0") else compact


def normalise_nhs_number(raw: str) -> str:
    return re.sub(r"[\s-]", "", raw)


def is_valid_nhs_number(number: str, *, allow_test_numbers: bool) -> bool:
    if not re.fullmatch(r"\d{10}", number) or not nhs_number.is_valid(number):
        return False
    synthetic = nhs_number.is_valid(number, nhs_number.REGION_SYNTHETIC)
    return allow_test_numbers or not synthetic


def nhs_number_check(form: Any, field: Field) -> None:
    """Optional NHS number: spaces and dashes allowed; the check digit must be right.

    Test numbers (the 999 range) are accepted everywhere except production.
    """
    if not field.data:
        field.data = None
        return
    number = normalise_nhs_number(field.data)
    if not re.fullmatch(r"\d{10}", number):
        raise ValidationError(_l("NHS number must be 10 numbers"))
    allow_test = not current_app.extensions["settings"].is_production
    if not is_valid_nhs_number(number, allow_test_numbers=allow_test):
        raise ValidationError(_l("Enter a real NHS number. Check you have typed it correctly"))
    field.data = number
