"""A person's view of the app: role-based actions, with axe and a screenshot after each page.

Journeys use `screen.goto`, `screen.click_button`, `screen.click_link` and friends;
each one that lands on a new page runs axe-core with the WCAG 2.2 A/AA tags
and saves a numbered screenshot.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Frame, Locator, Page

AXE_SOURCE = (Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


class AccessibilityViolation(AssertionError):
    pass


def _run_axe(page: Page) -> list[dict[str, Any]]:
    # evaluate() runs in the page's main world without being blocked by our CSP.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        WCAG_TAGS,
    )
    return list(result)


def axe_violations(page: Page, *, javascript: bool = True) -> list[dict[str, Any]]:
    if javascript:
        return _run_axe(page)
    # A page with JavaScript off cannot run axe, so its HTML (scripts removed,
    # exactly what a no-JS browser shows) is scanned in a scratch tab instead.
    html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.DOTALL | re.IGNORECASE)
    browser = page.context.browser
    assert browser is not None
    scratch = browser.new_context(viewport=page.viewport_size)
    try:
        tab = scratch.new_page()
        tab.route(page.url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
        tab.goto(page.url)
        return _run_axe(tab)
    finally:
        scratch.close()


class Screen:
    def __init__(self, page: Page, artifacts: Path, *, javascript: bool = True):
        self.page = page
        self.javascript = javascript
        self.artifacts = artifacts
        self.shots = 0
        self.visited: list[str] = []
        self.checked: set[str] = set()

        def note_visit(frame: Frame) -> None:
            if frame == page.main_frame:
                self.visited.append(frame.url)

        page.on("framenavigated", note_visit)

    # --- checks -----------------------------------------------------------

    def check(self, name: str = "") -> None:
        """Scan the page in front of us and keep a screenshot of it."""
        self.page.wait_for_load_state("load")
        violations = axe_violations(self.page, javascript=self.javascript)
        self.shots += 1
        self.artifacts.parent.mkdir(parents=True, exist_ok=True)
        path = self.artifacts.parent / f"{self.artifacts.name}-{self.shots:02d}{'-' + name if name else ''}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.checked.add(self.page.url)
        if violations:
            summary = [
                {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
                for v in violations
            ]
            raise AccessibilityViolation(f"axe found problems on {self.page.url}: {json.dumps(summary)}")

    def assert_every_page_was_checked(self) -> None:
        missed = [url for url in self.visited if url not in self.checked and url != "about:blank"]
        assert not missed, f"pages reached without an accessibility scan: {missed}"

    # --- actions ----------------------------------------------------------

    def goto(self, path: str, name: str = "") -> Screen:
        self.page.goto(path)
        self.check(name)
        return self

    def click_button(self, label: str, name: str = "") -> Screen:
        self.page.get_by_role("button", name=label, exact=True).click()
        self.check(name)
        return self

    def click_link(self, label: str, name: str = "") -> Screen:
        self.page.get_by_role("link", name=label, exact=True).first.click()
        self.check(name)
        return self

    def fill(self, label: str, value: str) -> Screen:
        self.page.get_by_label(label, exact=True).fill(value)
        return self

    def choose(self, label: str) -> Screen:
        self.page.get_by_label(label, exact=True).check()
        return self

    def select(self, label: str, option: str) -> Screen:
        self.page.get_by_label(label, exact=True).select_option(label=option)
        return self

    # --- reading ----------------------------------------------------------

    def heading(self) -> str:
        return self.page.get_by_role("heading", level=1).inner_text().strip()

    def role(self, role: str, name: str | None = None) -> Locator:
        return self.page.get_by_role(role, name=name)  # type: ignore[arg-type]

    def errors(self) -> list[str]:
        return [text.strip() for text in self.page.locator(".nhsuk-error-summary__list a").all_inner_texts()]
