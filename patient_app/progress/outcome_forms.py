"""The outcome questions (one per page) and the Friends and Family Test."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from patient_app.forms import ChoiceField, LongTextField, NhsForm, choices
from patient_app.progress import feedback, outcomes


class SetGoalsForm(NhsForm):
    answer = ChoiceField(
        _l("Did you set goals for your treatment?"),
        choices=choices((("yes", _l("Yes")), ("no", _l("No")))),
        required_message=_l("Select yes if you set goals for your treatment"),
        description=_l("Goals are things you want to be able to do again, like walking the dog or going back to work."),
    )


class SupportedForm(NhsForm):
    answer = ChoiceField(
        _l("Were you supported to achieve your goals?"),
        choices=choices((("yes", _l("Yes")), ("partly", _l("Partly")), ("no", _l("No")))),
        required_message=_l("Select if you were supported to achieve your goals"),
    )


class AchievedForm(NhsForm):
    answer = ChoiceField(
        _l("Did you achieve your goals?"),
        choices=choices((("yes", _l("Yes")), ("partly", _l("Some of them")), ("no", _l("No")))),
        required_message=_l("Select if you achieved your goals"),
    )


class HelpedForm(NhsForm):
    answer = LongTextField(
        _l("What would have helped you?"),
        maxlength=outcomes.MAX_TEXT,
        description=_l(
            "For example, more appointments, help at a different time, or different exercises. This is optional."
        ),
    )


class ActivitiesForm(NhsForm):
    answer = ChoiceField(
        _l("Did your daily activities improve?"),
        choices=choices(
            (
                ("a-lot", _l("Yes, a lot")),
                ("a-little", _l("Yes, a little")),
                ("no-change", _l("No, they stayed the same")),
                ("worse", _l("No, they got worse")),
            )
        ),
        required_message=_l("Select if your daily activities improved"),
    )


OUTCOME_FORMS: dict[str, type[NhsForm]] = {
    "set-goals": SetGoalsForm,
    "supported": SupportedForm,
    "achieved": AchievedForm,
    "what-would-have-helped": HelpedForm,
    "activities": ActivitiesForm,
}

# The NHS England wording, exactly (clinical.md); translated like any other page text.
FFT_CHOICES = (
    ("very-good", _l("Very good")),
    ("good", _l("Good")),
    ("neither", _l("Neither good nor poor")),
    ("poor", _l("Poor")),
    ("very-poor", _l("Very poor")),
    ("dont-know", _l("Don't know")),
)


class FeedbackForm(NhsForm):
    rating = ChoiceField(
        _l("Overall, how was your experience of our service?"),
        choices=choices(FFT_CHOICES),
        required_message=_l("Select how your experience of our service was"),
    )
    comment = LongTextField(
        _l("Please tell us why you gave that answer (optional)"),
        maxlength=feedback.MAX_COMMENT,
        description=_l("Do not include personal details like your name or date of birth."),
    )
