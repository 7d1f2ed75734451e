"""Patient registration, page by page, through the page-checking client."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from sqlmodel import Session, select

from patient_app import clock
from patient_app.accounts.service import PRIVACY_NOTICE_VERSION
from patient_app.forms.validators import is_valid_nhs_number
from patient_app.models import Draft, Patient, Referral
from tests.support.accounts import NEW_PASSWORD, NEW_PATIENT, emails, link_in, register, register_and_confirm
from tests.support.factories import make_patient
from tests.support.pages import PageClient
from tests.support.referral import walk
from tests.support.soup import attr

TEST_RANGE_NHS_NUMBER = "999 000 0018"


def _reach(client: PageClient, slug: str) -> None:
    """Answer the pages before `slug` with the usual answers."""
    client.raw.get("/register")
    for step, data in NEW_PATIENT.items():
        if step == slug:
            return
        assert client.post(f"/register/{step}", data).status_code == 302


def test_each_page_asks_one_thing_and_leads_to_the_next(client: PageClient) -> None:
    assert client.raw.get("/register").headers["Location"].endswith("/register/name")
    headings = {
        "name": "What is your name?",
        "date-of-birth": "What is your date of birth?",
        "email": "Your email address and password",
        "contact": "Where you live and your GP",
        "nhs-number": "What is your NHS number? (optional)",
    }
    following = ["date-of-birth", "email", "contact", "nhs-number", "check"]
    for (slug, data), next_slug in zip(NEW_PATIENT.items(), following, strict=True):
        page = client.get(f"/register/{slug}")
        assert page.h1 == headings[slug]
        if slug != "name":
            assert page.select("a.nhsuk-back-link")
        response = client.post(f"/register/{slug}", data)
        assert response.headers["Location"].endswith(f"/register/{next_slug}")
    check = client.get("/register/check")
    assert check.h1 == "Check your details"
    summary = check.text(".nhsuk-summary-list")
    for shown in ["Alex Morgan", "9 November 1979", "alex.morgan@example.com", "LS1 4AP", "Abbey Road Surgery"]:
        assert shown in summary
    assert "plum kettle" not in check.text("main")


def test_creating_the_account_records_consent_and_signs_in(client: PageClient, db: Session, app: Flask) -> None:
    response = register(client)
    assert response.headers["Location"] == "/register/sent"
    page = client.get("/register/sent")
    assert page.h1 == "Check your email"
    assert "alex.morgan@example.com" in page.text()
    assert db.exec(select(Patient)).all() == []  # nothing until the link is opened
    sent = emails(app, "alex.morgan@example.com")
    assert [message["subject"] for message in sent] == ["Finish creating your account"]
    link = link_in(sent[0])
    response = client.raw.get(link)
    assert response.headers["Location"] == "/account"
    page = client.get("/account")
    assert "Your account has been created." in page.text()
    patient = db.exec(select(Patient).where(Patient.email == "alex.morgan@example.com")).one()
    assert (patient.given_name, patient.date_of_birth) == ("Alex", date(1979, 11, 9))
    assert patient.consent_version == PRIVACY_NOTICE_VERSION
    assert f"Version {PRIVACY_NOTICE_VERSION}" in client.get("/privacy").text()
    assert patient.consent_at is not None
    assert patient.password_hash.startswith("$argon2id$")
    # The draft (with the password's hash) is gone once the account exists, and the link works once.
    assert db.exec(select(Draft).where(Draft.kind == "registration")).all() == []
    assert client.get(link, status=400).h1 == "This link has expired or has already been used"


def test_registering_an_address_that_has_an_account_looks_the_same(client: PageClient, db: Session, app: Flask) -> None:
    existing = make_patient(db, email="alex.morgan@example.com")
    response = register(client)
    assert response.headers["Location"] == "/register/sent"
    assert client.get("/register/sent").h1 == "Check your email"
    # Only the owner of the address learns that it has an account.
    sent = emails(app, "alex.morgan@example.com")
    assert [message["subject"] for message in sent] == ["You already have an account"]
    assert "/sign-in" in sent[0]["body"]
    assert "/forgot-password" in sent[0]["body"]
    assert db.exec(select(Patient)).all() == [existing]
    assert db.exec(select(Draft).where(Draft.kind == "registration")).all() == []


def test_a_registration_link_expires_after_a_day(client: PageClient, db: Session, app: Flask) -> None:
    clock.freeze(clock.now())
    register(client)
    link = link_in(emails(app)[0])
    clock.freeze(clock.now() + timedelta(hours=25))
    assert client.get(link, status=400).h1 == "This link has expired or has already been used"
    assert db.exec(select(Patient)).all() == []


def test_the_link_opened_in_another_browser_makes_the_account_but_does_not_sign_in(
    client: PageClient, other_client: PageClient, app: Flask, db: Session
) -> None:
    # Otherwise someone could send a person their own link and sign them in to the sender's account.
    register(client)
    response = other_client.raw.get(link_in(emails(app)[0]))
    assert response.headers["Location"] == "/sign-in"
    assert other_client.raw.get("/account").status_code == 302
    page = other_client.get("/sign-in")
    assert "Your account has been created. Sign in to continue." in page.text()
    assert db.exec(select(Patient)).one().email == "alex.morgan@example.com"
    response = other_client.post("/sign-in", {"email": "alex.morgan@example.com", "password": NEW_PASSWORD})
    assert response.headers["Location"] == "/account"


def test_both_answers_leave_the_same_session_keys(client: PageClient, other_client: PageClient, db: Session) -> None:
    register(client)
    make_patient(db, email="taken@example.com")
    register(other_client, {"email": {"email": "taken@example.com", "password": NEW_PASSWORD}})
    with client.raw.session_transaction() as first, other_client.raw.session_transaction() as second:
        assert sorted(first) == sorted(second)


def test_a_guest_referral_joins_the_new_account(client: PageClient, db: Session, app: Flask) -> None:
    walk(client)
    client.post("/self-referral/check", {})
    referral = db.exec(select(Referral)).one()
    assert referral.patient_id is None
    register_and_confirm(app, client)
    db.refresh(referral)
    patient = db.exec(select(Patient)).one()
    assert referral.patient_id == patient.id


def test_a_guest_referral_joins_even_if_the_link_opens_in_another_browser(
    client: PageClient, other_client: PageClient, db: Session, app: Flask
) -> None:
    walk(client)
    client.post("/self-referral/check", {})
    register(client)
    other_client.raw.get(link_in(emails(app)[0]))
    referral = db.exec(select(Referral)).one()
    db.refresh(referral)
    assert referral.patient_id == db.exec(select(Patient)).one().id


def test_consent_must_be_given(client: PageClient, db: Session) -> None:
    response = register(client, consent=False)
    assert response.status_code == 200
    page = client.submit("/register/check", {})
    assert page.errors() == ["Confirm you have read the privacy notice"]
    assert page.title.startswith("Error: ")
    assert db.exec(select(Patient)).all() == []


def test_names_are_required(client: PageClient) -> None:
    page = client.submit("/register/name", {"given_name": "", "family_name": "Morgan"})
    assert page.errors() == ["Enter your first name"]
    assert page.value("family_name") == "Morgan"


def test_date_of_birth_is_required(client: PageClient) -> None:
    _reach(client, "date-of-birth")
    page = client.submit(
        "/register/date-of-birth", {"date_of_birth[day]": "", "date_of_birth[month]": "", "date_of_birth[year]": ""}
    )
    assert page.errors() == ["Enter your date of birth"]
    assert page.field_error("date_of_birth") == "Enter your date of birth"


def test_date_of_birth_must_be_in_the_past_and_values_are_kept(client: PageClient) -> None:
    _reach(client, "date-of-birth")
    clock.freeze(clock.now())
    tomorrow = clock.london_today() + timedelta(days=1)
    page = client.submit(
        "/register/date-of-birth",
        {
            "date_of_birth[day]": str(tomorrow.day),
            "date_of_birth[month]": str(tomorrow.month),
            "date_of_birth[year]": str(tomorrow.year),
        },
    )
    assert page.errors() == ["Date of birth must be in the past"]
    assert page.value("date_of_birth[year]") == str(tomorrow.year)
    assert page.value("date_of_birth[day]") == str(tomorrow.day)


def test_date_of_birth_is_within_a_lifetime_and_offers_bday_autocomplete(client: PageClient) -> None:
    _reach(client, "date-of-birth")
    page = client.get("/register/date-of-birth")
    boxes = [attr(box, "autocomplete") for box in page.select('input[name^="date_of_birth["]')]
    assert boxes == ["bday-day", "bday-month", "bday-year"]
    page = client.submit(
        "/register/date-of-birth",
        {"date_of_birth[day]": "1", "date_of_birth[month]": "1", "date_of_birth[year]": "1890"},
    )
    assert len(page.errors()) == 1
    assert page.errors()[0].startswith("Date of birth must be the same as or after ")


def test_an_impossible_date_and_a_missing_part(client: PageClient) -> None:
    _reach(client, "date-of-birth")
    page = client.submit(
        "/register/date-of-birth",
        {"date_of_birth[day]": "31", "date_of_birth[month]": "2", "date_of_birth[year]": "1980"},
    )
    assert page.errors() == ["Date of birth must be a real date"]
    page = client.submit(
        "/register/date-of-birth",
        {"date_of_birth[day]": "3", "date_of_birth[month]": "", "date_of_birth[year]": "1980"},
    )
    assert page.errors() == ["Date of birth must include a month"]


def test_children_are_pointed_elsewhere(client: PageClient) -> None:
    _reach(client, "date-of-birth")
    today = clock.london_today()
    page = client.submit(
        "/register/date-of-birth",
        {"date_of_birth[day]": "1", "date_of_birth[month]": "1", "date_of_birth[year]": str(today.year - 10)},
    )
    assert page.errors()[0].startswith("You must be 16 or over")


def test_email_and_password_rules_keep_the_email(client: PageClient) -> None:
    _reach(client, "email")
    page = client.submit("/register/email", {"email": "not-an-email", "password": "plum kettle orbit"})
    assert page.field_error("email")
    assert page.value("email") == "not-an-email"
    # The password is never sent back into the page.
    assert page.value("password") in (None, "")
    page = client.submit("/register/email", {"email": "alex@example.com", "password": "short"})
    assert page.field_error("password") == "Password must be 10 characters or more"
    assert page.value("email") == "alex@example.com"
    page = client.submit("/register/email", {"email": "alex@example.com", "password": "password123"})
    assert page.field_error("password")
    page = client.submit("/register/email", {"email": "alexmorgan@example.com", "password": "alexmorgan@example.com"})
    assert page.field_error("password")


def test_contact_details_are_checked(client: PageClient) -> None:
    _reach(client, "contact")
    page = client.get("/register/contact")
    assert page.h1 == "Where you live and your GP"
    page = client.submit("/register/contact", {"postcode": "not a postcode", "gp_practice": "", "mobile": "12"})
    assert len(page.errors()) == 3
    assert page.field_error("gp_practice") == "Select your GP practice"
    assert page.value("postcode") == "not a postcode"
    assert page.value("mobile") == "12"


def test_nhs_number_is_optional(client: PageClient, db: Session, app: Flask) -> None:
    register_and_confirm(app, client, {"nhs-number": {"nhs_number": ""}})
    assert db.exec(select(Patient)).one().nhs_number is None


def test_nhs_number_with_spaces_or_dashes_is_stored_as_digits(client: PageClient, db: Session, app: Flask) -> None:
    register_and_confirm(app, client, {"nhs-number": {"nhs_number": "485-777 3457"}})
    assert db.exec(select(Patient)).one().nhs_number == "4857773457"


def test_a_wrong_check_digit_is_refused_and_kept(client: PageClient) -> None:
    _reach(client, "nhs-number")
    page = client.submit("/register/nhs-number", {"nhs_number": "485 777 3456"})
    assert page.errors() == ["Enter a real NHS number. Check you have typed it correctly"]
    assert page.value("nhs_number") == "485 777 3456"
    page = client.submit("/register/nhs-number", {"nhs_number": "12345"})
    assert page.errors() == ["NHS number must be 10 numbers"]


def test_test_range_numbers_are_allowed_outside_production(client: PageClient) -> None:
    _reach(client, "nhs-number")
    response = client.post("/register/nhs-number", {"nhs_number": TEST_RANGE_NHS_NUMBER})
    assert response.headers["Location"].endswith("/register/check")
    assert "999 000 0018" in client.get("/register/check").text(".nhsuk-summary-list")


def test_test_range_numbers_are_refused_in_production() -> None:
    assert is_valid_nhs_number("9990000018", allow_test_numbers=True)
    assert not is_valid_nhs_number("9990000018", allow_test_numbers=False)
    # The whole 9 range is synthetic (never issued), so production refuses it all.
    assert not is_valid_nhs_number("9434765919", allow_test_numbers=False)
    assert is_valid_nhs_number("4857773457", allow_test_numbers=False)


def test_pages_cannot_be_skipped(client: PageClient) -> None:
    client.raw.get("/register")
    response = client.raw.get("/register/contact")
    assert response.headers["Location"].endswith("/register/name")
    assert client.raw.get("/register/check").headers["Location"].endswith("/register/name")
    assert client.raw.get("/register/nowhere").status_code == 404


def test_changing_an_answer_from_the_check_page_comes_back(client: PageClient) -> None:
    register(client, consent=False)
    check = client.get("/register/check")
    change = next(attr(a, "href") for a in check.select(".nhsuk-summary-list a") if "date-of-birth" in a["href"])
    page = client.get(change)
    assert page.value("date_of_birth[year]") == "1979"
    response = client.post(
        change, {"date_of_birth[day]": "9", "date_of_birth[month]": "11", "date_of_birth[year]": "1978"}
    )
    assert response.headers["Location"].endswith("/register/check")
    assert "9 November 1978" in client.get("/register/check").text(".nhsuk-summary-list")
