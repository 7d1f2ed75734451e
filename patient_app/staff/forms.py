"""Forms for staff sign-in, set-up and the admin pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from patient_app.access import Role
from patient_app.forms import MultipleChoiceField, NhsForm, PasswordField, TextField, choices
from patient_app.forms.validators import email_address, max_length, required

ROLE_CHOICES = choices(
    [
        (Role.NAVIGATOR.value, _l("Care navigator")),
        (Role.CLINICIAN.value, _l("Clinician")),
        (Role.ADMIN.value, _l("Service admin")),
    ]
)
ROLE_HINTS = {
    Role.NAVIGATOR.value: _l("Answers patient messages, signposts and books"),
    Role.CLINICIAN.value: _l("Sees referrals and progress, answers escalations, issues green cards"),
    Role.ADMIN.value: _l("Manages staff, canned replies, content review and the hub link"),
}


class StaffSignInForm(NhsForm):
    email = TextField(
        _l("Email address"),
        [required(_l("Enter your email address"))],
        input_type="email",
        widget_params={"autocomplete": "username", "spellcheck": False},
    )
    password = PasswordField(_l("Password"), [required(_l("Enter your password"))])


class CodeForm(NhsForm):
    code = TextField(
        _l("Enter your security code"),
        [required(_l("Enter the 6-digit code"))],
        description=_l("This is the 6-digit code your authenticator app shows now"),
        widget_params={
            "inputmode": "numeric",
            "autocomplete": "one-time-code",
            "classes": "nhsuk-input--width-10",
            "spellcheck": False,
        },
    )


class RecoveryCodeForm(NhsForm):
    code = TextField(
        _l("Enter one of your recovery codes"),
        [required(_l("Enter a recovery code"))],
        description=_l("Each code works once. It looks like 1a2b3c-4d5e6f."),
        widget_params={"autocomplete": "off", "spellcheck": False, "classes": "nhsuk-input--width-20"},
    )


class SetPasswordForm(NhsForm):
    password = PasswordField(
        _l("Create a password"),
        [required(_l("Enter a password"))],
        description=_l("Use at least 10 characters. Three random words make a good password."),
    )


class StaffChangePasswordForm(NhsForm):
    current_password = PasswordField(_l("Current password"), [required(_l("Enter your current password"))])
    password = PasswordField(
        _l("New password"),
        [required(_l("Enter a new password"))],
        description=_l("Use at least 10 characters. Three random words make a good password."),
    )


class StaffDetailsForm(NhsForm):
    name = TextField(
        _l("Full name"),
        [required(_l("Enter their full name")), max_length(200, _l("Name must be 200 characters or fewer"))],
        widget_params={"spellcheck": False},
    )
    email = TextField(
        _l("Work email address"),
        [required(_l("Enter their work email address")), email_address],
        input_type="email",
        widget_params={"spellcheck": False},
    )
    roles = MultipleChoiceField(
        _l("Roles"),
        choices=ROLE_CHOICES,
        choice_hints=ROLE_HINTS,
        required_message=_l("Select at least one role"),
        description=_l("Select all that apply"),
    )


class RolesForm(NhsForm):
    roles = MultipleChoiceField(
        _l("Roles"),
        choices=ROLE_CHOICES,
        choice_hints=ROLE_HINTS,
        required_message=_l("Select at least one role"),
        description=_l("Select all that apply"),
    )
