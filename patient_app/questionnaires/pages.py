"""One form per questionnaire page: built from the question, read back into a stored answer.

Stored answers are JSON-safe: a choice is its value, several choices a list,
numbers are ints, a date is ISO text, PSFS a list of {activity, score}, an
instrument a mapping of item number to choice value.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Form

from patient_app.forms import (
    AgreeField,
    ChoiceField,
    DateField,
    DropdownField,
    LongTextField,
    MultipleChoiceField,
    NhsForm,
    TextField,
    WholeNumberField,
    add_error,
    choices,
    date_of_birth_checks,
)
from patient_app.forms.validators import email_address, max_length, nhs_number_check, required, uk_phone, uk_postcode
from patient_app.questionnaires.definition import Question
from patient_app.questionnaires.flow import Page
from patient_app.questionnaires.instruments import Instrument
from patient_app.service_area import practice, practices

NOT_LISTED = "not-listed"
PSFS_ROWS = 5
NRS_LABELS = {0: _l("0 – no pain"), 10: _l("10 – the worst pain you can imagine")}


def _message(question: Question, default: Any) -> Any:
    return question.error or default


def build_form(page: Page, instrument: Instrument | None, data: dict[str, Any] | None) -> NhsForm:  # noqa: PLR0912, PLR0915 - one branch per question type
    """A form for this page, filled with `data` (from a saved answer) unless the request has form data."""
    question = page.question
    attributes: dict[str, Any] = {}
    kind = question.type
    text = question.text
    if kind == "single":
        attributes["answer"] = ChoiceField(
            text,
            choices=choices((option.value, option.label) for option in question.options),
            required_message=_message(question, _l("Select an answer")),
        )
    elif kind == "multiple":
        attributes["answer"] = MultipleChoiceField(
            text,
            choices=choices((option.value, option.label) for option in question.options),
            required_message=_message(question, _l("Select at least one option")),
        )
    elif kind == "nrs":
        attributes["answer"] = ChoiceField(
            text,
            choices=choices((str(n), NRS_LABELS.get(n, str(n))) for n in range(11)),
            required_message=_message(question, _l("Select a number from 0 to 10")),
        )
    elif kind in ("vas", "number"):
        low, high = (0, 100) if kind == "vas" else (question.minimum or 0, question.maximum or 0)
        attributes["answer"] = WholeNumberField(
            text,
            minimum=low,
            maximum=high,
            required_message=_message(question, _l("Enter a number from %(low)d to %(high)d", low=low, high=high)),
            range_message=_l("Enter a whole number from %(low)d to %(high)d", low=low, high=high),
        )
    elif kind == "date":
        # The only past date asked for is a date of birth.
        attributes["answer"] = DateField(
            text,
            date_of_birth_checks() if question.past else [],
            subject=_l("Date of birth"),
            required_message=_message(question, _l("Enter your date of birth")),
            autocomplete="bday" if question.past else None,
        )
    elif kind == "text":
        attributes["answer"] = LongTextField(
            text,
            [] if question.optional else [required(_message(question, _l("Enter an answer")))],
            maxlength=question.max_length or 500,
        )
    elif kind == "psfs":
        for row in range(1, PSFS_ROWS + 1):
            attributes[f"activity_{row}"] = TextField(_l("Activity %(n)d", n=row), widget_params={"spellcheck": True})
            attributes[f"score_{row}"] = TextField(
                _l("Score for activity %(n)d, from 0 to 10", n=row),
                widget_params={"inputmode": "numeric", "classes": "nhsuk-input--width-2"},
            )
    elif kind == "instrument":
        if instrument is None or page.item is None:
            raise ValueError("an instrument page needs its licensed wording")
        item = instrument.item(page.item)
        if item is None:
            raise ValueError(f"no item {page.item}")
        attributes["answer"] = ChoiceField(
            item.text,
            choices=choices((choice.value, choice.label) for choice in item.choices),
            required_message=_l("Select an answer"),
        )
    elif kind == "practice":
        attributes["answer"] = DropdownField(
            text,
            choices=choices(
                [("", _l("Select your GP practice"))]
                + [(p.code, p.label) for p in practices()]
                + [(NOT_LISTED, _l("My practice is not listed"))]
            ),
            required_message=_message(question, _l("Select your GP practice")),
        )
    elif kind == "name":
        # The limits are the referral record's columns: a longer name would fail when it is sent.
        attributes["given_name"] = TextField(
            _l("First name"),
            [required(_l("Enter your first name")), max_length(100, _l("First name must be 100 characters or fewer"))],
            widget_params={"autocomplete": "given-name", "spellcheck": False},
        )
        attributes["family_name"] = TextField(
            _l("Last name"),
            [required(_l("Enter your last name")), max_length(100, _l("Last name must be 100 characters or fewer"))],
            widget_params={"autocomplete": "family-name", "spellcheck": False},
        )
    elif kind == "postcode":
        attributes["answer"] = TextField(
            text,
            [required(_l("Enter your postcode")), uk_postcode],
            widget_params={"autocomplete": "postal-code", "classes": "nhsuk-input--width-10"},
        )
    elif kind == "phone":
        attributes["answer"] = TextField(
            text,
            [required(_l("Enter a phone number")), uk_phone],
            input_type="tel",
            widget_params={"autocomplete": "tel", "classes": "nhsuk-input--width-20"},
        )
    elif kind == "email":
        attributes["answer"] = TextField(
            text,
            [email_address],
            input_type="email",
            widget_params={"autocomplete": "email", "spellcheck": False},
        )
    elif kind == "nhs-number":
        attributes["answer"] = TextField(
            text,
            [nhs_number_check],
            widget_params={"inputmode": "numeric", "classes": "nhsuk-input--width-10", "spellcheck": False},
        )
    elif kind == "consent":
        attributes["answer"] = AgreeField(
            _l("I agree to my information being shared with the MSK team and my GP to arrange my care"),
            required_message=_l("Confirm you agree to us sharing your information"),
        )
    else:
        raise ValueError(f"no form for question type {kind!r}")
    if question.hint and "answer" in attributes and kind not in ("instrument",):
        attributes["answer"].kwargs["description"] = question.hint
    form_class = type(f"Page_{question.id.replace('-', '_')}", (NhsForm,), attributes)
    form: NhsForm = form_class(data=data) if data is not None else form_class()
    if kind == "psfs":
        form.validate_psfs = _psfs_validator(question)
    if kind == "multiple":
        form.exclusive = [o.value for o in question.options if o.exclusive]
    return form


def _psfs_validator(question: Question) -> Any:
    def validate(form: Form) -> bool:
        rows = _psfs_rows(form)
        ok = True
        if len([row for row in rows if row[0]]) < question.min_items:
            add_error(form["activity_1"], str(_l("Enter at least one activity you find hard")))
            ok = False
        for number, (activity, score) in enumerate(rows, start=1):
            if activity and len(activity) > 100:
                add_error(form[f"activity_{number}"], str(_l("Activity must be 100 characters or fewer")))
                ok = False
            if activity and not (score.isdigit() and 0 <= int(score) <= 10):
                add_error(form[f"score_{number}"], str(_l("Enter a score from 0 to 10 for activity %(n)d", n=number)))
                ok = False
            if score and not activity:
                add_error(form[f"activity_{number}"], str(_l("Enter the activity for this score")))
                ok = False
        return ok

    return validate


def _psfs_rows(form: Form) -> list[tuple[str, str]]:
    return [
        ((form[f"activity_{n}"].data or "").strip(), (form[f"score_{n}"].data or "").strip())
        for n in range(1, PSFS_ROWS + 1)
    ]


def validate(form: NhsForm) -> bool:
    """WTForms validation plus the page's own cross-field rules."""
    ok = form.validate_on_submit()
    if not form.is_submitted():
        return False
    psfs = getattr(form, "validate_psfs", None)
    if psfs is not None:
        ok = psfs(form) and ok
    exclusive = getattr(form, "exclusive", [])
    if ok and exclusive and form["answer"].data:
        chosen = form["answer"].data
        if any(value in chosen for value in exclusive) and len(chosen) > 1:
            add_error(form["answer"], str(_l("Select 'none' on its own, or the options that apply")))
            ok = False
    return ok


def stored_value(page: Page, form: NhsForm) -> Any:  # noqa: PLR0911 - one return per question type
    kind = page.question.type
    if kind == "psfs":
        return [{"activity": activity, "score": int(score)} for activity, score in _psfs_rows(form) if activity]
    if kind == "name":
        return {"given": form["given_name"].data, "family": form["family_name"].data}
    value = form["answer"].data
    if kind == "nrs":
        return int(value)
    if kind == "date":
        return value.isoformat()
    if kind == "consent":
        return True
    if kind in ("text", "email", "nhs-number"):
        return value or ""
    return value


def initial_data(page: Page, stored: Any) -> dict[str, Any] | None:  # noqa: PLR0911 - one return per question type
    """What a saved answer looks like in the page's form, for "Change" links."""
    if stored is None:
        return None
    kind = page.question.type
    if kind == "instrument":
        value = stored.get(str(page.item)) if isinstance(stored, dict) else None
        return None if value is None else {"answer": value}
    if kind == "psfs":
        data: dict[str, Any] = {}
        for n, row in enumerate(stored, start=1):
            data[f"activity_{n}"] = row["activity"]
            data[f"score_{n}"] = str(row["score"])
        return data
    if kind == "name":
        return {"given_name": stored["given"], "family_name": stored["family"]}
    if kind == "nrs":
        return {"answer": str(stored)}
    if kind == "date":
        return {"answer": date.fromisoformat(stored)}
    return {"answer": stored}


def display(question: Question, value: Any) -> str:  # noqa: PLR0911 - one return per question type
    """An answer as words, for "Check your answers"."""
    kind = question.type
    if value in (None, "", []):
        return str(_l("Not given"))
    if kind == "single":
        return question.option_label(value)
    if kind == "multiple":
        return ", ".join(question.option_label(v) for v in value)
    if kind == "psfs":
        return "; ".join(f"{row['activity']}: {row['score']}/10" for row in value)
    if kind == "name":
        return f"{value['given']} {value['family']}"
    if kind == "practice":
        found = practice(value)
        return found.label if found else str(_l("Not listed"))
    if kind == "date":
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if kind == "consent":
        return str(_l("Agreed"))
    if kind == "nrs":
        return f"{value} / 10"
    if kind == "vas":
        return f"{value} / 100"
    return str(value)
