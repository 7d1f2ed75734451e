"""Forms for patient accounts. Labels and messages follow the NHS content style."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from patient_app.forms import (
    AgreeField,
    DateField,
    DropdownField,
    NhsForm,
    PasswordField,
    TextField,
    choices,
    date_of_birth_checks,
)
from patient_app.forms.validators import (
    email_address,
    max_length,
    nhs_number_check,
    required,
    uk_mobile,
    uk_postcode,
)
from patient_app.service_area import practices


class NameForm(NhsForm):
    given_name = TextField(
        _l("First name"),
        [required(_l("Enter your first name")), max_length(100, _l("First name must be 100 characters or fewer"))],
        widget_params={"autocomplete": "given-name", "spellcheck": False},
    )
    family_name = TextField(
        _l("Last name"),
        [required(_l("Enter your last name")), max_length(100, _l("Last name must be 100 characters or fewer"))],
        widget_params={"autocomplete": "family-name", "spellcheck": False},
    )


class DateOfBirthForm(NhsForm):
    date_of_birth = DateField(
        _l("What is your date of birth?"),
        date_of_birth_checks(),
        subject=_l("Date of birth"),
        required_message=_l("Enter your date of birth"),
        autocomplete="bday",
        description=_l("For example, 15 3 1984"),
    )


class CredentialsForm(NhsForm):
    email = TextField(
        _l("Email address"),
        [required(_l("Enter your email address")), email_address],
        input_type="email",
        description=_l("We will use this to send you updates and to sign you in"),
        widget_params={"autocomplete": "email", "spellcheck": False},
    )
    password = PasswordField(
        _l("Create a password"),
        [required(_l("Enter a password"))],
        description=_l("Use at least 10 characters. Three random words you will remember make a good password."),
    )


class ContactForm(NhsForm):
    postcode = TextField(
        _l("Postcode"),
        [required(_l("Enter your postcode")), uk_postcode],
        widget_params={"autocomplete": "postal-code", "classes": "nhsuk-input--width-10"},
    )
    gp_practice = DropdownField(
        _l("GP practice"),
        required_message=_l("Select your GP practice"),
        description=_l(
            "If your practice is not listed, it is not in our area. Contact your GP to find your local MSK service."
        ),
    )
    mobile = TextField(
        _l("Mobile phone number (optional)"),
        [uk_mobile],
        input_type="tel",
        description=_l("We may text you about appointments"),
        widget_params={"autocomplete": "tel", "classes": "nhsuk-input--width-20"},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.gp_practice.choices = choices(
            [("", _l("Select your GP practice"))] + [(practice.code, practice.label) for practice in practices()]
        )


class NhsNumberForm(NhsForm):
    nhs_number = TextField(
        _l("What is your NHS number? (optional)"),
        [nhs_number_check],
        description=_l(
            "This is a 10 digit number, like 485 777 3456. You can find it in the NHS App or on a letter "
            "from the NHS. Leave it blank if you do not know it."
        ),
        widget_params={"inputmode": "numeric", "classes": "nhsuk-input--width-10", "spellcheck": False},
    )


class ConsentForm(NhsForm):
    agree = AgreeField(
        _l("I have read the privacy notice and agree to my information being used to arrange my care"),
        required_message=_l("Confirm you have read the privacy notice"),
    )


class SignInForm(NhsForm):
    email = TextField(
        _l("Email address"),
        [required(_l("Enter your email address"))],
        input_type="email",
        widget_params={"autocomplete": "username", "spellcheck": False},
    )
    password = PasswordField(_l("Password"), [required(_l("Enter your password"))])
    remember = AgreeField(
        _l("Keep me signed in on this device for 30 days"),
        required_message=None,
        description=_l("Only choose this on your own phone or computer"),
    )


class ForgotPasswordForm(NhsForm):
    email = TextField(
        _l("Email address"),
        [required(_l("Enter your email address")), email_address],
        input_type="email",
        widget_params={"autocomplete": "email", "spellcheck": False},
    )


class NewPasswordForm(NhsForm):
    password = PasswordField(
        _l("New password"),
        [required(_l("Enter a new password"))],
        description=_l("Use at least 10 characters. Three random words you will remember make a good password."),
    )


class ChangePasswordForm(NhsForm):
    current_password = PasswordField(_l("Current password"), [required(_l("Enter your current password"))])
    password = PasswordField(
        _l("New password"),
        [required(_l("Enter a new password"))],
        description=_l("Use at least 10 characters. Three random words you will remember make a good password."),
    )


class ChangeEmailForm(NhsForm):
    email = TextField(
        _l("New email address"),
        [required(_l("Enter your new email address")), email_address],
        input_type="email",
        widget_params={"autocomplete": "email", "spellcheck": False},
    )
    password = PasswordField(_l("Your password"), [required(_l("Enter your password"))])


class CloseAccountForm(NhsForm):
    password = PasswordField(
        _l("Enter your password to close your account"),
        [required(_l("Enter your password"))],
    )
