"""All outgoing email goes through here.

With SMTP configured, mail is sent; otherwise each message is written to the
development mailbox under instance/mailbox, which `make run` users can read at
/dev/mailbox. Notifications never carry clinical detail.
"""

from __future__ import annotations

import json
import logging
import smtplib
import threading
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


_pending: set[threading.Thread] = set()
_pending_lock = threading.Lock()
log = logging.getLogger(__name__)


def send_in_background(settings: Settings, mail: Mail) -> None:
    """Send without holding up the answer, whose timing must not show whether an account exists.

    A thread, not `call_on_close`: the development server skips close callbacks
    when the browser drops the connection after a redirect, and the mail was lost.
    Not a daemon thread, so a stopping server still finishes what it started.
    """

    def run() -> None:
        try:
            send(settings, mail)
        except Exception:
            log.exception("sending an email failed")
        finally:
            with _pending_lock:
                _pending.discard(worker)

    worker = threading.Thread(target=run, name="mail-send")
    with _pending_lock:
        _pending.add(worker)
    worker.start()


def wait_for_pending(timeout: float = 10.0) -> None:
    """Block until emails sent in the background have gone (for tests and orderly shutdown)."""
    with _pending_lock:
        workers = list(_pending)
    for worker in workers:
        worker.join(timeout)


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
