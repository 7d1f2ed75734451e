"""All outgoing email goes through here.

With SMTP configured, mail is sent; otherwise each message is written to the
development mailbox under instance/mailbox, which `make run` users can read at
/dev/mailbox. Notifications never carry clinical detail.
"""

from __future__ import annotations

import json
import smtplib
import uuid
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from pathlib import Path

from patient_app import clock
from patient_app.settings import Settings


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def send(settings: Settings, mail: Mail) -> None:
    if settings.smtp_host:
        _send_smtp(settings, mail)
    else:
        _write_to_mailbox(settings.mailbox_path, mail)


def _send_smtp(settings: Settings, mail: Mail) -> None:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password)
        smtp.send_message(message)


def _write_to_mailbox(folder: Path, mail: Mail) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    sent_at = clock.now()
    name = f"{sent_at:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.json"
    temporary = folder / f".{name}.tmp"
    temporary.write_text(json.dumps(asdict(mail) | {"sent_at": sent_at.isoformat()}), encoding="utf-8")
    temporary.replace(folder / name)


def mailbox(settings: Settings) -> list[dict[str, str]]:
    """The development mailbox, newest first."""
    folder = settings.mailbox_path
    if not folder.exists():
        return []
    files = sorted(folder.glob("*.json"), reverse=True)
    return [json.loads(path.read_text(encoding="utf-8")) for path in files]
