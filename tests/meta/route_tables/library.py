"""Leaflets, exercises and search (public); the patient's plan; clinicians' plan pages."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from patient_app import clock
from tests.meta.routes import Route, World
from tests.support.plans import log, make_plan

ROUTES: list[Route] = [
    Route("library.index", "public"),
    Route("library.leaflet", "public", args=lambda w: {"leaflet_id": "low-back-pain"}),
    Route("library.leaflet_pdf", "public", args=lambda w: {"leaflet_id": "low-back-pain"}),
    Route("library.exercises", "public"),
    Route("library.exercise", "public", args=lambda w: {"exercise_id": "knee-rolls"}),
    Route("library.illustration", "public", args=lambda w: {"exercise_id": "knee-rolls"}),
    Route("library.search", "public"),
]


def _plan(world: World) -> dict[str, Any]:
    return {"plan_id": world["plan_a"].id, "exercise_id": "knee-rolls"}


ROUTES += [
    Route("plans.today", "patient"),
    Route("plans.log", "patient", ("GET", "POST"), args=_plan, owner="patient_a"),
    Route("plans.next_stage", "patient", ("POST",), args=lambda w: {"plan_id": w["plan_a"].id}, owner="patient_a"),
    Route("plans.history", "patient"),
    Route("plans.pdf", "patient"),
    Route("plan_staff.edit", "staff:clinician", ("GET", "POST"), args=lambda w: {"patient_id": w["patient_a"].id}),
    Route("plan_staff.dosage", "staff:clinician", ("GET", "POST"), args=lambda w: {"patient_id": w["patient_a"].id}),
]


def build_world(db: Session, world: World) -> None:
    """Patient A follows the low back pain plan and has logged one exercise."""
    plan = make_plan(db, world["patient_a"])
    log(db, plan, "knee-rolls", clock.london_today(), pain=2, difficulty="about-right")
    world["plan_a"] = plan
