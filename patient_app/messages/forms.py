"""Forms for patients' messages and the navigator console. Messages follow the NHS style."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms.validators import Length, ValidationError

from patient_app.forms import ChoiceField, DropdownField, LongTextField, NhsForm, TextField, choices
from patient_app.forms.validators import required
from patient_app.messages.canned import PLACEHOLDERS, unknown_placeholders
from patient_app.messages.staff_actions import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from patient_app.messages.threads import MAX_LENGTH

TOPIC_LABELS = {
    "referral": _l("My referral or appointment"),
    "exercises": _l("My exercises"),
    "green-card": _l("My green card"),
    "other": _l("Something else"),
}


class TopicForm(NhsForm):
    topic = ChoiceField(
        _l("What is your message about?"),
        choices=choices(list(TOPIC_LABELS.items())),
        required_message=_l("Select what your message is about"),
    )


class MessageForm(NhsForm):
    text = LongTextField(
        _l("Your message"),
        [required(_l("Enter your message"))],
        maxlength=MAX_LENGTH,
        description=_l("Do not include anything you would not want the care team to read."),
    )


class StaffReplyForm(NhsForm):
    reply = LongTextField(_l("Reply to the patient"), [required(_l("Enter a reply"))], maxlength=MAX_LENGTH)


class NoteForm(NhsForm):
    note = LongTextField(
        _l("Internal note"),
        [required(_l("Enter a note"))],
        maxlength=NOTE_MAX_LENGTH,
        description=_l("Only staff can see notes. The patient never sees them."),
    )


class AssignForm(NhsForm):
    assignee = DropdownField(
        _l("Assign to"), required_message=_l("Select who to assign this conversation to"), choices=[]
    )


class EscalateForm(NhsForm):
    reason = LongTextField(
        _l("Why does a clinician need to answer?"),
        [required(_l("Enter why a clinician needs to answer"))],
        maxlength=REASON_MAX_LENGTH,
    )


def _known_placeholders(form: Any, field: Any) -> None:
    unknown = unknown_placeholders(field.data or "")
    if unknown:
        raise ValidationError(
            _l(
                "Use only these placeholders: %(known)s",
                known=", ".join("{" + name + "}" for name in PLACEHOLDERS),
            )
        )


class CannedReplyForm(NhsForm):
    title = TextField(
        _l("Title"),
        [required(_l("Enter a title")), Length(max=100, message=_l("Title must be 100 characters or fewer"))],
        description=_l("Staff see this in the list."),
    )
    text = LongTextField(
        _l("Reply text"),
        [required(_l("Enter the reply text")), _known_placeholders],
        maxlength=MAX_LENGTH,
        description=_l("You can use {first_name}, {last_name} and {staff_name}."),
    )
