"""Green cards: the patient's card and PDFs, using a card, and the staff pages."""

from __future__ import annotations

from typing import Any

from tests.meta.route_tables.referral import make_referral
from tests.meta.routes import Route, World
from tests.support.green_cards import make_card

ISSUERS = "staff:admin,clinician"
ALL_STAFF = "staff:admin,clinician,navigator"


def build_world(db: Any, world: World) -> None:
    world["green_card_a"] = make_card(db, make_referral(db, world["patient_a"]))
    world["referral_without_card"] = make_referral(db, world["patient_a"])


ROUTES: list[Route] = [
    Route("greencard.index", "patient"),
    Route("greencard.card", "patient", args=lambda w: {"card_id": w["green_card_a"].id}, owner="patient_a"),
    Route("greencard.card_pdf", "patient", args=lambda w: {"card_id": w["green_card_a"].id}, owner="patient_a"),
    Route("greencard.letter_pdf", "patient", args=lambda w: {"card_id": w["green_card_a"].id}, owner="patient_a"),
    Route("greencard_use.start", "public"),
    Route("greencard_use.choose", "patient", ("GET", "POST")),
    Route("greencard_use.find", "public", ("GET", "POST")),
    Route("greencard_use.checked", "public"),
    Route("greencard_use.cannot_use", "public", args=lambda w: {"reason": "different-problem"}),
    Route("greencard_use.same_problem", "public", ("GET", "POST")),
    Route("greencard_use.question", "public", ("GET", "POST"), args=lambda w: {"slug": "rf-cauda-equina"}),
    Route("greencard_use.check_answers", "public", ("GET", "POST")),
    Route("greencard_use.sent", "public"),
    Route(
        "greencard_staff.issue",
        ISSUERS,
        ("GET", "POST"),
        args=lambda w: {"referral_id": w["referral_without_card"].id},
    ),
    Route("greencard_staff.detail", ALL_STAFF, args=lambda w: {"card_id": w["green_card_a"].id}),
    Route("greencard_staff.letter_pdf", ALL_STAFF, args=lambda w: {"card_id": w["green_card_a"].id}),
    Route("greencard_staff.revoke", ISSUERS, ("GET", "POST"), args=lambda w: {"card_id": w["green_card_a"].id}),
]
