"""Green card rules without HTTP: validity dates (Europe/London), issuing from the hub, the re-access bundle."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.servicerequest import ServiceRequest
from flask import Flask
from sqlmodel import Session, select

from patient_app import clock, drafts, hooks
from patient_app.greencard import cards, reaccess
from patient_app.models import Draft, GreenCard, OutboxEvent, Patient, Referral
from patient_app.questionnaires import definition
from patient_app.referral import service as referral_service
from patient_app.settings import Settings, SettingsError
from tests.support.green_cards import make_card
from tests.support.progress import make_referral


@pytest.fixture(autouse=True)
def _a_january_morning_in_2027() -> None:
    # The cards here carry literal 2027 dates, and rules are given the day they
    # judge; the clock stands on a morning that agrees with those dates (rows get
    # their created_at from it). Tests of a particular moment move it with _at().
    clock.freeze(datetime(2027, 1, 10, 9, 0, tzinfo=UTC))


def _at(text: str) -> None:
    clock.freeze(datetime.fromisoformat(text).replace(tzinfo=UTC))


def test_months_are_added_by_the_calendar() -> None:
    assert cards.add_months(date(2027, 1, 15), 6) == date(2027, 7, 15)
    assert cards.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert cards.add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert cards.add_months(date(2026, 11, 30), 24) == date(2028, 11, 30)
    assert cards.valid_until_for(date(2027, 1, 1), 0) == date(2027, 2, 26)


def test_validity_must_be_between_8_weeks_and_24_months() -> None:
    start = date(2027, 1, 15)
    cards.check_validity(start, date(2027, 3, 12))  # exactly 8 weeks
    cards.check_validity(start, date(2029, 1, 15))  # exactly 24 months
    with pytest.raises(cards.GreenCardError, match="at least 8 weeks"):
        cards.check_validity(start, date(2027, 3, 11))
    with pytest.raises(cards.GreenCardError, match="at most 24 months"):
        cards.check_validity(start, date(2029, 1, 16))


def test_the_first_and_last_days_are_valid_and_the_day_after_is_not(db: Session, patient: Patient) -> None:
    card = make_card(db, make_referral(db, patient), issued_on=date(2027, 1, 15), valid_until=date(2027, 7, 15))
    assert cards.check(db, card, today=date(2027, 1, 14)).reason == "not-yet"
    assert cards.check(db, card, today=date(2027, 1, 15)).usable
    assert cards.check(db, card, today=date(2027, 7, 15)).usable
    assert cards.check(db, card, today=date(2027, 7, 16)).reason == "expired"


@pytest.mark.parametrize(
    ("valid_until", "last_moment_utc", "first_refused_utc"),
    [
        # Winter: London is UTC.
        (date(2027, 1, 15), "2027-01-15T23:59:59", "2027-01-16T00:00:00"),
        # The day the clocks go forward (28 March 2027): London midnight is 23:00 UTC.
        (date(2027, 3, 28), "2027-03-28T22:59:59", "2027-03-28T23:00:00"),
        # Summer time.
        (date(2027, 7, 15), "2027-07-15T22:59:59", "2027-07-15T23:00:00"),
        # The day before the clocks go back (31 October 2027 at 01:00 UTC).
        (date(2027, 10, 30), "2027-10-30T22:59:59", "2027-10-30T23:00:00"),
        # The day they go back: the London day is 25 hours long.
        (date(2027, 10, 31), "2027-10-31T23:59:59", "2027-11-01T00:00:00"),
    ],
)
def test_validity_follows_the_london_calendar_across_clock_changes(
    db: Session, patient: Patient, valid_until: date, last_moment_utc: str, first_refused_utc: str
) -> None:
    card = make_card(db, make_referral(db, patient), issued_on=date(2026, 10, 1), valid_until=valid_until)
    _at(last_moment_utc)
    assert cards.check(db, card).usable
    _at(first_refused_utc)
    assert cards.check(db, card).reason == "expired"


def test_a_card_issued_late_on_a_summer_evening_starts_on_the_london_date(
    app: Flask, db: Session, patient: Patient
) -> None:
    referral = make_referral(db, patient)
    # 23:30 UTC on 14 July is 00:30 on 15 July in London.
    discharged = datetime(2027, 7, 14, 23, 30, tzinfo=UTC)
    with app.app_context():
        hooks.run_green_card_from_hub(db, referral, _hub_card(valid_until="2028-01-15"), discharged)
    db.commit()
    card = db.exec(select(GreenCard)).one()
    assert card.issued_on == date(2027, 7, 15)


@pytest.mark.parametrize(
    "occurred_at", ["2027-07-14T23:30:00Z", "2027-07-14T23:30:00+00:00", "2027-07-15T00:30:00+01:00"]
)
def test_the_discharge_time_may_come_as_iso_text(app: Flask, db: Session, patient: Patient, occurred_at: str) -> None:
    with app.app_context():
        hooks.run_green_card_from_hub(db, make_referral(db, patient), _hub_card(valid_until="2028-01-15"), occurred_at)
    db.commit()
    assert db.exec(select(GreenCard)).one().issued_on == date(2027, 7, 15)


def test_a_discharge_time_that_is_not_a_time_is_refused(app: Flask, db: Session, patient: Patient) -> None:
    with app.app_context(), pytest.raises(cards.GreenCardError, match="occurred_at"):
        hooks.run_green_card_from_hub(db, make_referral(db, patient), _hub_card(), "yesterday")


def _hub_card(**overrides: Any) -> dict[str, Any]:
    return {
        "body_area": "knee",
        "side": "left",
        "condition": "Left knee pain",
        "valid_until": "2027-06-30",
        "clinician": "Sam Physio",
        **overrides,
    }


def test_a_card_from_the_hub_is_made_once_in_the_callers_transaction(app: Flask, db: Session, patient: Patient) -> None:
    referral = make_referral(db, patient)
    discharged = datetime(2027, 1, 10, 12, tzinfo=UTC)
    with app.app_context():
        hooks.run_green_card_from_hub(db, referral, _hub_card(), discharged)
        # Not committed: the hub's event handler decides.
        db.rollback()
        assert db.exec(select(GreenCard)).all() == []
        hooks.run_green_card_from_hub(db, referral, _hub_card(), discharged)
        db.commit()
        hooks.run_green_card_from_hub(db, referral, _hub_card(condition="Changed"), discharged)
        db.commit()
    card = db.exec(select(GreenCard)).one()
    assert (card.condition, card.issued_by, card.valid_until, card.patient_id) == (
        "Left knee pain",
        "Sam Physio",
        date(2027, 6, 30),
        patient.id,
    )


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"valid_until": "30/06/2027"}, "valid_until"),
        ({"valid_until": "2027-01-20"}, "at least 8 weeks"),
        ({"valid_until": "2030-01-01"}, "at most 24 months"),
        ({"body_area": "tail"}, "unknown body area"),
        ({"side": "middle"}, "unknown side"),
        ({"condition": ""}, "condition"),
        ({"clinician": " "}, "clinician"),
    ],
)
def test_bad_hub_data_is_refused_clearly(
    app: Flask, db: Session, patient: Patient, bad: dict[str, Any], message: str
) -> None:
    referral = make_referral(db, patient)
    with app.app_context(), pytest.raises(cards.GreenCardError, match=message):
        hooks.run_green_card_from_hub(db, referral, _hub_card(**bad), datetime(2027, 1, 10, 12, tzinfo=UTC))
    db.rollback()
    assert db.exec(select(GreenCard)).all() == []


def test_a_missing_field_from_the_hub_is_refused(app: Flask, db: Session, patient: Patient) -> None:
    data = _hub_card()
    del data["clinician"]
    with app.app_context(), pytest.raises(cards.GreenCardError, match="needs body_area"):
        hooks.run_green_card_from_hub(db, make_referral(db, patient), data, datetime(2027, 1, 10, tzinfo=UTC))


def _submitted(app: Flask, db: Session, patient: Patient) -> tuple[Referral, GreenCard, OutboxEvent]:
    card = make_card(db, make_referral(db, patient))
    answers = {
        **dict.fromkeys(("rf-cauda-equina", "rf-neck-vascular", "rf-injury"), "no"),
        **dict.fromkeys(("rf-infection", "rf-cancer", "rf-calf"), "no"),
        "what-changed": ["worse"],
        "change-detail": "",
        "pain-now": 7,
        "cannot-do": "Walk to the shops",
        "would-like": "call",
        "times": ["any"],
        "phone": "07700900982",
        "email": "",
        reaccess.CARD_KEY: str(card.id),
    }
    draft = Draft(kind="green-card", answers=answers, expires_at=clock.now() + drafts.LIFETIME)
    db.add(draft)
    db.commit()
    request_made = reaccess.submit(db, draft=draft, context=app.extensions["green_card_context"])
    event = db.exec(select(OutboxEvent)).one()
    return request_made, card, event


def test_the_reaccess_bundle_is_valid_r4b_and_points_at_the_original_referral(
    app: Flask, db: Session, patient: Patient
) -> None:
    request_made, card, event = _submitted(app, db, patient)
    original = db.get(Referral, card.referral_id)
    assert original is not None
    bundle = Bundle.model_validate(event.bundle)
    assert bundle.type == "transaction"
    assert bundle.entry is not None
    resources = {}
    for entry in bundle.entry:
        assert entry.resource is not None
        resources[entry.resource.get_resource_type()] = entry.resource
    service_request = resources["ServiceRequest"]
    assert isinstance(service_request, ServiceRequest)
    assert service_request.priority == "urgent"
    assert service_request.basedOn is not None
    assert service_request.basedOn[0].identifier is not None
    assert service_request.basedOn[0].identifier.value == original.reference
    assert service_request.identifier is not None
    assert service_request.identifier[0].value == request_made.reference
    assert service_request.category is not None
    assert service_request.category[1].coding is not None
    assert service_request.category[1].coding[0].code == "re-access"
    observation = resources["Observation"]
    assert isinstance(observation, Observation)
    assert observation.code.coding is not None
    assert observation.code.coding[0].code == "72514-3"
    assert observation.valueQuantity is not None
    assert observation.valueQuantity.value == 7
    assert (event.event_type, event.priority) == ("green_card.reaccess_submitted", 0)


def test_the_same_draft_sent_again_finds_the_same_request(app: Flask, db: Session, patient: Patient) -> None:
    request_made, _card, _event = _submitted(app, db, patient)
    draft = db.exec(select(Draft)).one()
    again = reaccess.submit(db, draft=draft, context=app.extensions["green_card_context"])
    assert again.id == request_made.id
    assert len(db.exec(select(OutboxEvent)).all()) == 1


def test_a_red_flag_can_never_be_sent_as_a_reaccess(app: Flask, db: Session, patient: Patient) -> None:
    card = make_card(db, make_referral(db, patient))
    draft = Draft(
        kind="green-card",
        answers={"rf-cauda-equina": "not-sure", reaccess.CARD_KEY: str(card.id)},
        expires_at=clock.now() + drafts.LIFETIME,
    )
    db.add(draft)
    db.commit()
    context = app.extensions["green_card_context"]
    full = {**draft.answers}
    for question in context.questionnaire.questions:
        full.setdefault(question.id, ["any"] if question.type == "multiple" else "no")
    full["pain-now"] = 5
    draft.answers = full
    db.add(draft)
    db.commit()
    with pytest.raises(reaccess.NotReady, match="red flag"):
        reaccess.submit(db, draft=draft, context=context)
    assert db.exec(select(Referral).where(Referral.kind == "re-access")).all() == []


def test_the_reaccess_questionnaire_includes_the_self_referral_emergency_screen() -> None:
    green, self_referral = definition.green_card(), definition.self_referral()
    assert green.red_flag_questions == self_referral.red_flag_questions
    assert green.questions[: len(green.red_flag_questions)] == green.red_flag_questions


def test_a_guests_card_follows_their_referral_into_their_account(app: Flask, db: Session, patient: Patient) -> None:
    referral = make_referral(db, patient)
    referral.patient_id = None
    db.add(referral)
    db.commit()
    card = make_card(db, referral)
    assert card.patient_id is None
    with app.test_request_context():
        referral_service.attach_to_account(db, referral=referral, patient=patient)
    db.refresh(card)
    assert card.patient_id == patient.id


def test_green_card_settings_are_checked() -> None:
    assert Settings.from_env({"GREEN_CARD_PRIORITY": "asap"}).green_card_priority == "asap"
    with pytest.raises(SettingsError, match="GREEN_CARD_PRIORITY"):
        Settings.from_env({"GREEN_CARD_PRIORITY": "soon"})
    with pytest.raises(SettingsError, match="GREEN_CARD_DEFAULT_MONTHS"):
        Settings.from_env({"GREEN_CARD_DEFAULT_MONTHS": "25"})
