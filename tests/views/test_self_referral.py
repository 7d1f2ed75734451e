"""The self-referral journey through the page-checking client."""

from __future__ import annotations

from flask import Flask
from sqlmodel import Session, select

from patient_app import clock, codes
from patient_app.access import Role
from patient_app.forms.fields import earliest_date_of_birth
from patient_app.models import AuditEvent, OutboxEvent, Patient, RedFlagAlert, Referral
from tests.conftest import sign_in_patient, sign_in_staff
from tests.support import clocks
from tests.support.factories import make_staff
from tests.support.pages import PageClient
from tests.support.referral import start, walk
from tests.support.soup import attr


def test_the_emergency_screen_comes_first_and_cannot_be_skipped(client: PageClient) -> None:
    first = start(client)
    assert first.endswith("/self-referral/q/rf-cauda-equina")
    page = client.get(first)
    assert page.h1 == "Have you had any of these in the last few weeks?"
    assert "I'm not sure" in page.text("form")
    # Typing a later address goes back to the first unanswered question.
    response = client.raw.get("/self-referral/q/body-area")
    assert response.headers["Location"].endswith("/self-referral/q/rf-cauda-equina")
    # Posting a later page directly changes nothing.
    response = client.post("/self-referral/q/body-area", {"answer": "knee"}, csrf_from=first)
    assert response.headers["Location"].endswith("/self-referral/q/rf-cauda-equina")


def test_not_answering_a_red_flag_question_is_an_error(client: PageClient) -> None:
    first = start(client)
    page = client.submit(first, {})
    assert page.errors() == ["Select an answer"]
    assert page.title.startswith("Error: ")


def test_cauda_equina_goes_to_the_emergency_page_and_makes_no_referral(client: PageClient, db: Session) -> None:
    end = walk(client, {"rf-cauda-equina": {"answer": "not-sure"}})
    assert end == "/get-help/cauda-equina"
    page = client.get(end)
    assert page.h1 == "Go to A&E now"
    assert db.exec(select(Referral)).all() == []
    alert = db.exec(select(RedFlagAlert)).one()
    assert (alert.flag, alert.answer, alert.advice) == ("RF-CES-01", "not-sure", "cauda-equina")
    event = db.exec(select(OutboxEvent)).one()
    assert (event.event_type, event.priority) == ("red_flag.alert", 0)
    comms = [e["resource"] for e in event.bundle["entry"] if e["resource"]["resourceType"] == "Communication"]
    assert comms[0]["priority"] == "stat"
    # Coming back to the questions lands on the emergency page again, without a second alert.
    assert client.raw.get("/self-referral/q/rf-neck-vascular").headers["Location"] == "/get-help/cauda-equina"
    assert len(db.exec(select(RedFlagAlert)).all()) == 1


def test_each_red_flag_has_its_advice_page(app: Flask) -> None:
    for flag, advice, heading in [
        ("rf-neck-vascular", "neck-vascular", "Call 999 now"),
        ("rf-injury", "fracture", "Go to an urgent treatment centre or A&E today"),
        ("rf-infection", "infection", "Get medical help today"),
        ("rf-cancer", "cancer", "Contact your GP today"),
        ("rf-calf", "dvt", "Get your leg checked today"),
    ]:
        client = PageClient(app.test_client())
        assert walk(client, {flag: {"answer": "yes"}}) == f"/get-help/{advice}"
        assert client.get(f"/get-help/{advice}").h1 == heading


def test_a_15_year_old_is_redirected(client: PageClient, db: Session) -> None:
    born = clocks.years_ago(15)
    end = walk(
        client,
        {
            "date-of-birth": {
                "answer[day]": str(born.day),
                "answer[month]": str(born.month),
                "answer[year]": str(born.year),
            }
        },
    )
    assert end == "/self-referral/not-for-us/children"
    assert client.get(end).h1 == "We cannot see children in this service"
    assert db.exec(select(Referral)).all() == []


def test_a_mistyped_birth_year_can_be_changed_from_the_redirect_page(client: PageClient, db: Session) -> None:
    born = clocks.years_ago(15)
    wrong = {"answer[day]": str(born.day), "answer[month]": str(born.month), "answer[year]": str(born.year)}
    end = walk(client, {"date-of-birth": wrong})
    response = client.post(f"{end}/change", {}, csrf_from=end)
    assert response.headers["Location"] == "/self-referral/q/date-of-birth"
    page = client.get("/self-referral/q/date-of-birth")
    assert page.value("answer[year]") in (None, "")
    assert walk(client, location="/self-referral/q/date-of-birth") == "/self-referral/check"


def test_emergency_advice_cannot_be_undone_by_the_change_route(client: PageClient) -> None:
    end = walk(client, {"rf-cauda-equina": {"answer": "yes"}})
    assert end.startswith("/get-help/")
    client.post("/self-referral/not-for-us/children/change", {}, csrf_from="/self-referral")
    assert client.raw.get("/self-referral/q/rf-cauda-equina").headers["Location"] == end


def test_bad_answers_are_refused_with_nhs_messages(client: PageClient) -> None:
    location = walk(client, stop_before="date-of-birth")
    page = client.submit(location, {"answer[day]": "31", "answer[month]": "2", "answer[year]": "1980"})
    assert page.errors() == ["Date of birth must be a real date"]
    assert page.value("answer[day]") == "31"
    page = client.submit(location, {"answer[day]": "1", "answer[month]": "1", "answer[year]": "2999"})
    assert page.errors() == ["Date of birth must be in the past"]
    location = walk(client, location=location, stop_before="pain-vas")
    page = client.submit(location, {"answer": "101"})
    assert page.errors() == ["Enter a whole number from 0 to 100"]
    assert page.value("answer") == "101"
    page = client.submit(location, {"answer": "5.5"})
    assert page.errors() == ["Enter a whole number from 0 to 100"]
    location = walk(client, location=location, stop_before="sleep")
    page = client.submit(location, {"answer": "sometimes-maybe"})  # a tampered choice
    assert page.errors() == ["Select an answer"]
    location = walk(client, location=location, stop_before="psfs")
    page = client.submit(location, {"activity_1": "Stairs", "score_1": "11"})
    assert page.errors() == ["Enter a score from 0 to 10 for activity 1"]
    location = walk(client, location=location, stop_before="health-conditions")
    page = client.submit(location, {"answer": "x" * 501})
    assert page.errors() == ["What you sent must be 500 characters or fewer"] or "500 characters" in page.errors()[0]


def test_a_birth_year_from_before_living_memory_is_a_typing_slip(client: PageClient) -> None:
    location = walk(client, stop_before="date-of-birth")
    page = client.get(location)
    boxes = [attr(box, "autocomplete") for box in page.select('input[name^="answer["]')]
    assert boxes == ["bday-day", "bday-month", "bday-year"]
    page = client.submit(location, {"answer[day]": "15", "answer[month]": "3", "answer[year]": "1890"})
    earliest = earliest_date_of_birth(clock.london_today())
    written = f"{earliest.day} {earliest:%B} {earliest.year}"
    assert page.errors() == [f"Date of birth must be the same as or after {written}"]
    assert page.value("answer[year]") == "1890"
    same_day = {
        "answer[day]": str(earliest.day),
        "answer[month]": str(earliest.month),
        "answer[year]": str(earliest.year),
    }
    assert client.post(location, same_day).status_code == 302


def test_names_longer_than_the_referral_can_hold_are_refused(client: PageClient) -> None:
    location = walk(client, stop_before="name")
    long_name = "A" * 101
    page = client.submit(location, {"given_name": long_name, "family_name": "Okafor"})
    assert page.errors() == ["First name must be 100 characters or fewer"]
    assert page.field_error("given_name") == "First name must be 100 characters or fewer"
    assert page.value("given_name") == long_name
    assert client.post(location, {"given_name": "A" * 100, "family_name": "Okafor"}).status_code == 302


def test_a_routine_referral_is_committed_with_its_outbox_event_and_sent_once(client: PageClient, db: Session) -> None:
    assert walk(client) == "/self-referral/check"
    check = client.get("/self-referral/check")
    assert check.h1 == "Check your answers before sending your referral"
    assert any("Change" in a.get_text() for a in check.select("a"))
    token = check.csrf_token()
    first = client.raw.post("/self-referral/check", data={"csrf_token": token})
    second = client.raw.post("/self-referral/check", data={"csrf_token": token})  # the back button and a second tap
    assert first.headers["Location"] == second.headers["Location"] == "/self-referral/confirmation"
    referral = db.exec(select(Referral)).one()
    assert codes.is_valid(referral.reference)
    assert (referral.disposition, referral.service, referral.priority) == ("routine-msk", "physiotherapy", "routine")
    assert referral.body_area == "knee"
    assert referral.scores["psfs"][0] == {"activity": "Climbing stairs", "score": 4}
    events = db.exec(select(OutboxEvent).where(OutboxEvent.event_type == "referral.submitted")).all()
    assert len(events) == 1
    confirmation = client.get("/self-referral/confirmation")
    assert confirmation.h1.startswith("Referral sent")
    assert codes.grouped(referral.reference) in confirmation.text(".nhsuk-panel")


def test_a_guest_draft_can_be_saved_and_resumed_elsewhere(client: PageClient, other_client: PageClient) -> None:
    location = walk(client, stop_before="pain-now")
    client.get("/self-referral/save")
    saved = client.submit("/self-referral/save", {})
    code = saved.one(".app-reference").get_text(strip=True)
    page = other_client.submit("/self-referral/resume", {"code": "WRNG-CODE"})
    assert page.errors() == ["We cannot find a referral with that code. Check it and try again"]
    response = other_client.post("/self-referral/resume", {"code": code.lower().replace("-", " ")})
    assert response.headers["Location"] == location
    assert walk(other_client, location=location) == "/self-referral/check"


def test_the_start_page_links_back_to_an_unfinished_referral(client: PageClient) -> None:
    walk(client, stop_before="pain-now")
    banner = client.get("/self-referral").one(".nhsuk-inset-text")
    link = banner.select_one("a")
    assert link is not None
    assert link.get_text() == "Carry on where you left off"
    assert link["href"] == "/self-referral/check"
    assert "<a" not in banner.get_text()


def test_a_signed_in_patient_is_not_asked_for_details_we_have(
    client: PageClient, patient: Patient, db: Session
) -> None:
    sign_in_patient(client, patient)
    location = walk(client, stop_before="date-of-birth")
    assert not location.endswith("date-of-birth")  # known from the account
    assert walk(client, location=location) == "/self-referral/check"
    client.post("/self-referral/check", {})
    referral = db.exec(select(Referral)).one()
    assert referral.patient_id == patient.id
    assert referral.given_name == patient.given_name


def test_a_guest_referral_joins_the_account_they_sign_in_to(client: PageClient, patient: Patient, db: Session) -> None:
    walk(client)
    client.post("/self-referral/check", {})
    sign_in_patient(client, patient)
    referral = db.exec(select(Referral)).one()
    db.refresh(referral)
    assert referral.patient_id == patient.id
    page = client.get("/my-referrals")
    assert page.select(f'a[href="/my-referrals/{referral.id}"]')
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "referral.attached_to_account")).one()


def test_another_patients_referral_is_not_found(
    client: PageClient, patient: Patient, other_patient: Patient, db: Session, other_client: PageClient
) -> None:
    sign_in_patient(client, patient)
    walk(client)
    client.post("/self-referral/check", {})
    referral = db.exec(select(Referral)).one()
    sign_in_patient(other_client, other_patient)
    other_client.get(f"/my-referrals/{referral.id}", status=404)
    assert client.get(f"/my-referrals/{referral.id}").h1.startswith("Referral")


def test_emergency_pages_are_precached_for_offline_use(client: PageClient) -> None:
    source = client.raw.get("/sw.js").get_data(as_text=True)
    for advice in ("cauda-equina", "neck-vascular", "fracture", "infection", "cancer", "dvt"):
        assert f'"/get-help/{advice}"' in source


def test_staff_see_the_referral_with_its_reasons_and_each_view_is_audited(
    client: PageClient, other_client: PageClient, db: Session
) -> None:
    walk(client, {"new-weakness": {"answer": "not-sure"}})
    client.post("/self-referral/check", {})
    referral = db.exec(select(Referral)).one()
    assert (referral.disposition, referral.service, referral.priority) == ("urgent-msk", "fcp", "urgent")
    clinician = make_staff(db, Role.CLINICIAN)
    sign_in_staff(other_client, clinician)
    listing = other_client.get("/staff/referrals")
    assert listing.select(f'a[href="/staff/referrals/{referral.id}"]')
    row_tag = listing.one(f'a[href="/staff/referrals/{referral.id}"]').find_parent("tr")
    assert row_tag is not None
    row = row_tag.get_text(" ", strip=True)
    assert "Urgent MSK (within 2 weeks)" in row
    assert "urgent-msk" not in row
    detail = other_client.get(f"/staff/referrals/{referral.id}")
    assert "UR-WEAK-01" in detail.text()
    assert "I'm not sure" in detail.text()
    views = db.exec(select(AuditEvent).where(AuditEvent.action == "staff.viewed_referral")).all()
    assert [view.subject for view in views] == [referral.reference]


def test_the_referral_list_is_reached_from_the_console(client: PageClient, db: Session) -> None:
    navigator = make_staff(db, Role.NAVIGATOR)
    sign_in_staff(client, navigator)
    home = client.get("/staff/")
    cards = [attr(a, "href") for a in home.select(".nhsuk-card a")]
    assert "/staff/referrals" in cards
    menu = [attr(a, "href") for a in home.select(".nhsuk-header__navigation a")]
    assert "/staff/referrals" in menu
    listing = client.get("/staff/referrals")
    assert listing.h1 == "Referrals"
    current = listing.select('.nhsuk-header__navigation [aria-current="page"]')
    assert [tag.get_text(strip=True) for tag in current] == ["Referrals"]
