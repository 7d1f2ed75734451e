"""Extension points between journeys, so one journey never imports another's views.

- `after_patient_sign_in(db, patient)`: e.g. attach a guest's referral to the
  account they just created or signed in to.
- `patient_data_sections(db, patient)`: each returns (title, data) for
  "download my data".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from sqlmodel import Session

from patient_app.models import Patient

SignInHook = Callable[[Session, Patient], None]
DataSection = Callable[[Session, Patient], tuple[str, Any]]


def on_patient_sign_in(app: Flask, hook: SignInHook) -> None:
    app.extensions.setdefault("after_patient_sign_in", []).append(hook)


def add_data_section(app: Flask, section: DataSection) -> None:
    app.extensions.setdefault("patient_data_sections", []).append(section)


def add_account_panel(app: Flask, template: str) -> None:
    """A template included on the patient's account page (their referrals, green card...)."""
    app.extensions.setdefault("account_panels", []).append(template)


def account_panels() -> list[str]:
    return list(current_app.extensions.get("account_panels", []))


def run_sign_in_hooks(db: Session, patient: Patient) -> None:
    for hook in current_app.extensions.get("after_patient_sign_in", []):
        hook(db, patient)


def data_sections(db: Session, patient: Patient) -> list[tuple[str, Any]]:
    return [section(db, patient) for section in current_app.extensions.get("patient_data_sections", [])]


# --- Between the referral, the hub and the journeys that follow --------------

ReferralHook = Callable[[Session, Any], None]
HubEventHandler = Callable[[Session, dict[str, Any], Any], None]
StaffSection = Callable[[Session, Any], dict[str, Any] | None]


def on_referral_submitted(app: Flask, hook: ReferralHook) -> None:
    """Called in the referral's transaction (e.g. to assign an exercise plan).

    Also called again when a guest's referral joins an account, so hooks must be
    idempotent and must cope with a referral that has no patient yet.
    """
    app.extensions.setdefault("after_referral_submitted", []).append(hook)


def run_referral_hooks(db: Session, referral: Any) -> None:
    for hook in current_app.extensions.get("after_referral_submitted", []):
        hook(db, referral)


def on_hub_event(app: Flask, event_type: str, handler: HubEventHandler) -> None:
    """Handle one type of signed event from the hub: handler(db, event, referral or None)."""
    handlers = app.extensions.setdefault("hub_event_handlers", {})
    if event_type in handlers:
        raise RuntimeError(f"two handlers for hub event {event_type}")
    handlers[event_type] = handler


def hub_event_handlers() -> dict[str, HubEventHandler]:
    return dict(current_app.extensions.get("hub_event_handlers", {}))


def add_staff_patient_section(app: Flask, section: StaffSection) -> None:
    """Context shown to staff beside a patient's record or message thread.

    section(db, patient) returns {"title", "template", **context} or None.
    """
    app.extensions.setdefault("staff_patient_sections", []).append(section)


def staff_patient_sections(db: Session, patient: Any) -> list[dict[str, Any]]:
    found = (section(db, patient) for section in current_app.extensions.get("staff_patient_sections", []))
    return [item for item in found if item is not None]


# --- Hub events that more than one journey cares about -----------------------
#
# Inbound hub events use one envelope (docs/hub-api.md):
#   {"id": "<unique>", "type": "<event type>", "occurred_at": "<ISO 8601>",
#    "referral": "<our referral reference>", "data": {...}}
# A `referral.discharged` event may carry data.green_card =
#   {"body_area", "side" (or null), "condition", "valid_until": "YYYY-MM-DD", "clinician"}.

GreenCardFromHub = Callable[[Session, Any, dict[str, Any], Any], None]


def on_green_card_from_hub(app: Flask, handler: GreenCardFromHub) -> None:
    """handler(db, referral, green_card, occurred_at), run in the discharge event's transaction."""
    app.extensions.setdefault("green_card_from_hub", []).append(handler)


def run_green_card_from_hub(db: Session, referral: Any, green_card: dict[str, Any], occurred_at: Any) -> None:
    for handler in current_app.extensions.get("green_card_from_hub", []):
        handler(db, referral, green_card, occurred_at)


# --- Header navigation badges (e.g. unread messages) -------------------------

NavigationBadge = Callable[[Session, Patient], str | None]


def add_navigation_badge(app: Flask, endpoint: str, badge: NavigationBadge) -> None:
    """A short tag beside a patient's header link, e.g. "2 new": badge(db, patient), None for no tag."""
    app.extensions.setdefault("navigation_badges", {})[endpoint] = badge


def navigation_badge(db: Session, patient: Patient, endpoint: str) -> str | None:
    badge = current_app.extensions.get("navigation_badges", {}).get(endpoint)
    return badge(db, patient) if badge is not None else None
