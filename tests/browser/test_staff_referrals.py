"""A navigator finds the referral list from the console and narrows it down, at 1280 px and on a phone."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlmodel import Session

from tests.browser.pages.messages import NavigatorConsole
from tests.browser.screen import Screen
from tests.support.factories import StaffLogin
from tests.support.plans import make_referral


def test_a_navigator_opens_the_referral_list_and_filters_it(
    desktop: Screen, navigator: StaffLogin, db: Session
) -> None:
    urgent = make_referral(db, None, disposition="urgent-msk")
    urgent.given_name, urgent.family_name = "Una", "Urgent"
    routine = make_referral(db, None)
    routine.given_name, routine.family_name = "Rhys", "Routine"
    db.commit()

    NavigatorConsole(desktop).sign_in(navigator)
    desktop.click_link("Referrals", "referrals")
    table = desktop.page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(3)  # the header and two referrals
    desktop.select("Triage outcome", "Urgent MSK (within 2 weeks)")
    desktop.click_button("Show referrals", "referrals-urgent")
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table.get_by_role("cell", name="Una Urgent")).to_be_visible()
    assert desktop.page.evaluate("() => document.documentElement.scrollWidth") <= 1280
    # On a phone the rows stack, each value under its heading, rather than running off the side.
    desktop.page.set_viewport_size({"width": 360, "height": 640})
    desktop.check("referrals-phone")
    assert desktop.page.evaluate("() => document.documentElement.scrollWidth") <= 360
