"""Self-referral, emergency advice pages and referral records."""

import uuid
from typing import Any

from sqlmodel import Session

from patient_app import clock, codes
from patient_app.models import Referral
from tests.meta.routes import Route, World

ROUTES: list[Route] = [
    Route("referral.start", "public"),
    Route("referral.begin", "public", ("POST",)),
    Route("referral.question", "public", ("GET", "POST"), args=lambda w: {"slug": "rf-cauda-equina"}),
    Route("referral.check", "public", ("GET", "POST")),
    Route("referral.confirmation", "public"),
    Route("referral.save_for_later", "public", ("GET", "POST")),
    Route("referral.resume", "public", ("GET", "POST")),
    Route("referral.get_help", "public", args=lambda w: {"advice": "cauda-equina"}),
    Route("referral.not_for_us", "public", args=lambda w: {"reason": "children"}),
    Route("referral.change_answer_behind", "public", ("POST",), args=lambda w: {"reason": "children"}),
    Route("referral_records.my_referrals", "patient"),
    Route(
        "referral_records.my_referral",
        "patient",
        args=lambda w: {"referral_id": w["referral_a"].id},
        owner="patient_a",
    ),
    Route("referral_records.staff_list", "staff:admin,clinician,navigator"),
    Route("referral_records.staff_list_csv", "staff:admin,clinician,navigator"),
    Route(
        "referral_records.staff_detail",
        "staff:admin,clinician,navigator",
        args=lambda w: {"referral_id": w["referral_a"].id},
    ),
]


def make_referral(db: Session, patient: Any, **overrides: Any) -> Referral:
    values: dict[str, Any] = {
        "reference": codes.new_code(),
        "patient_id": patient.id if patient else None,
        "draft_id": uuid.uuid4(),
        "given_name": getattr(patient, "given_name", "Guest"),
        "family_name": getattr(patient, "family_name", "Person"),
        "date_of_birth": "1980-01-15",
        "postcode": "LS1 4AP",
        "gp_practice_code": "Y90001",
        "body_area": "knee",
        "answers": {"body-area": "knee"},
        "scores": {"pain_nrs": 5, "pain_worst_nrs": 7, "pain_vas": 50, "psfs": [{"activity": "Stairs", "score": 4}]},
        "disposition": "routine-msk",
        "service": "physiotherapy",
        "priority": "routine",
        "triage_reasons": [{"rule": "DEFAULT-01", "description": "Routine", "evidence": {}}],
        "ruleset_version": "2026.11-1",
        "submitted_at": clock.now(),
    }
    values.update(overrides)
    referral = Referral(**values)
    db.add(referral)
    db.commit()
    return referral


def build_world(db: Session, world: World) -> None:
    world["referral_a"] = make_referral(db, world["patient_a"])
