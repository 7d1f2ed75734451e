"""The public library pages: leaflets, exercises, search, PDFs and the helpful 404."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask
from pypdf import PdfReader

from patient_app.content.library import library
from patient_app.library import pdfs
from tests.conftest import sign_in_patient, sign_in_staff
from tests.support.factories import StaffLogin
from tests.support.pages import PageClient


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- Leaflets ---------------------------------------------------------------------


def test_contents_lists_every_leaflet(client: PageClient) -> None:
    page = client.get("/leaflets")
    titles = [a.get_text(strip=True) for a in page.select(".app-content-list a")]
    assert sorted(titles) == sorted(leaflet.title for leaflet in library().leaflets.values())
    assert page.one('.app-area-filter [aria-current="true"]').get_text(strip=True) == "All"


def test_filter_by_body_area_with_a_plain_link(client: PageClient) -> None:
    index = client.get("/leaflets")
    knee_link = next(a for a in index.select(".app-area-filter a") if a.get_text(strip=True) == "Knee")
    page = client.get(str(knee_link["href"]))
    shown = {a["href"] for a in page.select(".app-content-list a")}
    assert shown == {"/leaflets/knee-pain", "/leaflets/osteoarthritis"}
    assert page.one('.app-area-filter [aria-current="true"]').get_text(strip=True) == "Knee"


def test_unknown_body_area_shows_everything(client: PageClient) -> None:
    page = client.get("/leaflets?area=spleen")
    assert len(page.select(".app-content-list a")) == len(library().leaflets)


def test_leaflet_page_draws_blocks_with_nhs_components(client: PageClient) -> None:
    page = client.get("/leaflets/low-back-pain")
    assert page.h1 == "Low back pain"
    assert page.title.startswith("Low back pain")
    ticks = [li.get_text(" ", strip=True) for li in page.select(".nhsuk-list--tick li")]
    assert "keep moving, even if you can only do a little at first" in ticks
    crosses = [li.get_text(" ", strip=True) for li in page.select(".nhsuk-list--cross li")]
    # The content already says "do not": the macro must not say it twice.
    assert "do not stay in bed for long" in crosses
    emergency = page.one(".nhsuk-card--care--emergency")
    assert "Go to A&E now or call 999 if you have back pain and:" in emergency.get_text(" ", strip=True)
    assert "numbness or tingling around your bottom or genitals" in emergency.get_text(" ", strip=True)
    assert page.one(".nhsuk-card--care--urgent h3").get_text(" ", strip=True).startswith("Urgent advice:")


def test_leaflet_links_are_rewritten_to_pages(client: PageClient) -> None:
    page = client.get("/leaflets/low-back-pain")
    body_links = {a["href"] for a in page.select("article a")}
    assert "/leaflets/persistent-pain" in body_links
    assert "/exercises/knee-rolls" in body_links
    assert not any(str(href).startswith(("leaflet:", "exercise:")) for href in body_links)


def test_info_block_is_inset_text(client: PageClient) -> None:
    page = client.get("/leaflets/preparing-for-physio")
    inset = page.one(".nhsuk-inset-text")
    assert "do not wait for your appointment" in inset.get_text(" ", strip=True)
    assert inset.select_one("a")["href"] == "/leaflets/when-to-get-urgent-help"  # type: ignore[index]


def test_contents_links_to_each_heading(client: PageClient) -> None:
    page = client.get("/leaflets/low-back-pain")
    anchors = [a["href"] for a in page.select(".app-contents a")]
    assert anchors[0] == "#section-what-is-low-back-pain"
    for anchor in anchors:
        assert page.select(f"h2{anchor}"), f"no heading for {anchor}"


def test_related_exercises_and_leaflets_sources_and_review_dates(client: PageClient) -> None:
    page = client.get("/leaflets/low-back-pain")
    headings = [h2.get_text(strip=True) for h2 in page.select("h2")]
    assert "Related exercises" in headings
    assert "Related advice" in headings
    related = page.text("article")
    assert "NICE NG59: Low back pain and sciatica in over 16s" in related
    assert "Page last reviewed: 23 November 2026" in related
    assert "Next review due: 23 November 2027" in related
    assert page.one('a[href="/leaflets/low-back-pain.pdf"]').has_attr("download")


def test_patients_do_not_see_the_review_status_tag(client: PageClient, patient) -> None:  # type: ignore[no-untyped-def]
    assert "Awaiting clinical review" not in client.get("/leaflets/sciatica").text()
    sign_in_patient(client, patient)
    assert "Awaiting clinical review" not in client.get("/leaflets/sciatica").text()


def test_staff_see_that_a_leaflet_awaits_clinical_review(client: PageClient, navigator: StaffLogin) -> None:
    sign_in_staff(client, navigator)
    page = client.get("/leaflets/sciatica")
    assert page.one(".app-review .nhsuk-tag").get_text(strip=True) == "Awaiting clinical review"
    exercise = client.get("/exercises/knee-rolls")
    assert exercise.one(".app-review .nhsuk-tag").get_text(strip=True) == "Awaiting clinical review"


def test_unknown_leaflet_is_a_helpful_404_with_search(client: PageClient) -> None:
    page = client.get("/leaflets/knee-pian", status=404)
    assert page.h1 == "We cannot find that page"
    form = page.one("main form[role=search]")
    assert form["action"] == "/search"
    assert page.one("#search-q")["value"] == "knee pian"


def test_unknown_exercise_and_its_pdf_and_drawing_are_404(client: PageClient) -> None:
    assert client.get("/exercises/handstand", status=404).h1 == "We cannot find that page"
    assert client.get("/leaflets/nothing.pdf", status=404).h1 == "We cannot find that page"
    assert client.raw.get("/exercises/handstand/illustration.svg").status_code == 404


# --- PDFs ------------------------------------------------------------------------


def test_leaflet_pdf_has_the_title_inside(client: PageClient) -> None:
    response = client.raw.get("/leaflets/sciatica.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="sciatica.pdf"'
    assert response.data.startswith(b"%PDF")
    text = pdf_text(response.data)
    assert "Sciatica" in text
    assert "Page last reviewed: 23 November 2026" in text


def test_leaflet_pdf_is_drawn_once_and_then_read_from_the_cache(
    app: Flask, client: PageClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = client.raw.get("/leaflets/tennis-elbow.pdf").data
    cached = list((Path(app.instance_path) / "pdf-cache" / "leaflets").glob("tennis-elbow-*.pdf"))
    assert len(cached) == 1

    def must_not_draw(html: str) -> bytes:
        raise AssertionError("drew the PDF again")

    monkeypatch.setattr(pdfs, "html_to_pdf", must_not_draw)
    assert client.raw.get("/leaflets/tennis-elbow.pdf").data == first


def test_a_changed_leaflet_gets_a_new_pdf(app: Flask, client: PageClient, monkeypatch: pytest.MonkeyPatch) -> None:
    client.raw.get("/leaflets/tennis-elbow.pdf")
    original = pdfs.leaflet_html
    monkeypatch.setattr(
        pdfs, "leaflet_html", lambda leaflet: original(leaflet).replace("Tennis elbow", "Tennis elbow!")
    )
    changed = client.raw.get("/leaflets/tennis-elbow.pdf").data
    assert "Tennis elbow!" in pdf_text(changed)
    assert len(list((Path(app.instance_path) / "pdf-cache" / "leaflets").glob("tennis-elbow-*.pdf"))) == 2


# --- Exercises -------------------------------------------------------------------


def test_exercise_list_and_filter(client: PageClient) -> None:
    page = client.get("/exercises")
    assert len(page.select(".app-content-list a")) == len(library().exercises)
    elbow = client.get("/exercises?area=elbow")
    shown = {a["href"] for a in elbow.select(".app-content-list a")}
    assert shown == {
        f"/exercises/{exercise.id}" for exercise in library().exercises.values() if "elbow" in exercise.body_areas
    }


def test_exercise_page(client: PageClient) -> None:
    page = client.get("/exercises/knee-rolls")
    exercise = library().exercises["knee-rolls"]
    assert page.h1 == "Knee rolls"
    image = page.one(".app-illustration img")
    assert image["alt"] == exercise.illustration_description
    assert str(image["src"]).startswith("/exercises/knee-rolls/illustration.svg?v=")
    assert [li.get_text(strip=True) for li in page.select("article ol li")] == list(exercise.steps)
    text = page.text("article")
    assert "Repeat 10 times. Do this 3 times a day." in text
    assert exercise.feel in text
    assert "the pain spreads down your leg" in page.one(".nhsuk-card--warning").get_text(" ", strip=True)
    assert "You do not need any equipment." in text
    assert page.one('a[href="/exercises/knee-to-chest"]').get_text(strip=True) == "Knee to chest"


def test_exercise_page_lists_equipment_and_a_hold(client: PageClient) -> None:
    page = client.get("/exercises/walking")
    assert "comfortable shoes that support your feet" in page.text("article")
    calf = client.get("/exercises/calf-stretch")
    assert "Hold for 30 seconds." in calf.text("article")


def test_illustration_is_served_as_svg(client: PageClient) -> None:
    page = client.get("/exercises/bridging")
    response = client.raw.get(str(page.one(".app-illustration img")["src"]))
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert b"<title" in response.data


# --- Search ----------------------------------------------------------------------


def test_search_finds_leaflets_and_exercises(client: PageClient) -> None:
    page = client.get("/search?q=calf+stretch")
    links = [a["href"] for a in page.select(".app-content-list a")]
    assert links[0] == "/exercises/calf-stretch"
    assert any(str(link).startswith("/leaflets/") for link in links)
    assert page.one("#search-q")["value"] == "calf stretch"


def test_search_by_a_word_in_the_body_only(client: PageClient) -> None:
    # "cauda equina" is in leaflet bodies, never in a title or summary.
    page = client.get("/search?q=cauda+equina")
    links = {a["href"] for a in page.select(".app-content-list a")}
    assert "/leaflets/when-to-get-urgent-help" in links
    assert "/leaflets/low-back-pain" in links


def test_search_with_no_results_or_no_words(client: PageClient) -> None:
    page = client.get("/search?q=xylophone")
    assert page.one("#results-heading").get_text(strip=True) == "0 results for ‘xylophone’"
    empty = client.get("/search")
    assert empty.select(".app-content-list") == []
    assert empty.select("#results-heading") == []


def test_search_words_are_escaped(client: PageClient) -> None:
    page = client.get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert(1)</script>" in page.one("#results-heading").get_text()
    assert "<script>alert" not in page.response.get_data(as_text=True)
