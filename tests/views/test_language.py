"""Language: the user's choice, remembered, then the browser's Accept-Language."""

from __future__ import annotations

from tests.support.pages import PageClient


def test_accept_language_picks_polish(client: PageClient) -> None:
    page = client.get("/", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"})
    assert page.one("html")["lang"] == "pl"
    assert page.text("a.nhsuk-skip-link") == "Przejdź do głównej treści"
    assert "To jest nowa usługa." in page.text(".app-phase-banner")


def test_choosing_a_language_is_remembered(client: PageClient) -> None:
    response = client.raw.get("/language/pl?next=/privacy")
    assert response.status_code == 302
    assert response.headers["Location"] == "/privacy"
    page = client.get("/privacy")
    assert page.one("html")["lang"] == "pl"
    assert page.one('.app-language-switcher [aria-current="true"]').get_text(strip=True) == "Polski"


def test_language_choice_refuses_offsite_redirects(client: PageClient) -> None:
    response = client.raw.get("/language/pl?next=//evil.example/")
    assert response.headers["Location"] == "/"


def test_urdu_pages_are_right_to_left(client: PageClient) -> None:
    client.raw.get("/language/ur?next=/")
    page = client.get("/")
    assert page.one("html")["dir"] == "rtl"
    assert page.one("html")["lang"] == "ur"
