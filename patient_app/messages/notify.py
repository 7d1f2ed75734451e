"""Telling a patient they have a reply: the header badge, and an email with no clinical detail.

The email says only that there is a reply and where to read it, never what it
says or what the conversation is about: email is not a safe place for health
information and may be read by someone else.
"""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import gettext as _

from patient_app import mail
from patient_app.models import Patient


def reply_email(patient: Patient) -> mail.Mail:
    link = url_for("messages.inbox", _external=True)
    return mail.Mail(
        to=patient.email,
        subject=_("You have a new message"),
        body=_(
            "Hello %(name)s,\n\nThe care team has sent you a message. "
            "Sign in to read it:\n\n%(link)s\n\n"
            "Do not reply to this email. Messages are not for emergencies: "
            "call 999 or go to A&E in an emergency, or call 111 for urgent advice.",
            name=patient.given_name,
            link=link,
        ),
    )


def send_reply_email(patient: Patient) -> None:
    if patient.email and patient.deleted_at is None:
        mail.send(current_app.extensions["settings"], reply_email(patient))
