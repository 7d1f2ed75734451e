"""The page-checking test client: every HTML page a test fetches is checked.

Checks: the HTML parses, exactly one <h1>, the <title> starts with the h1 (after
"Error: "), no duplicate ids, every <script> carries this response's CSP nonce,
every form has an action (or posts to itself) and a CSRF token when it posts.
Tests then assert through CSS selectors, not bytes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup, Tag
from bs4.builder._html5lib import HTML5TreeBuilder, TreeBuilderForHtml5lib
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

NONCE = re.compile(r"'nonce-([^']+)'")


@dataclass
class Page:
    response: TestResponse
    soup: BeautifulSoup

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def h1(self) -> str:
        return _text(self.soup.find("h1"))

    @property
    def title(self) -> str:
        return _text(self.soup.title)

    def select(self, selector: str) -> list[Tag]:
        return self.soup.select(selector)

    def one(self, selector: str) -> Tag:
        found = self.soup.select(selector)
        assert len(found) == 1, f"expected one {selector!r}, found {len(found)}"
        return found[0]

    def text(self, selector: str = "main") -> str:
        return " ".join(_text(tag) for tag in self.soup.select(selector))

    def errors(self) -> list[str]:
        """The error summary's messages, in order."""
        return [_text(a) for a in self.soup.select(".nhsuk-error-summary__list a")]

    def field_error(self, field_id: str) -> str:
        message = self.soup.select_one(f"#{field_id}-error")
        return _text(message).removeprefix("Error:").strip() if message else ""

    def value(self, name: str) -> str | None:
        field = self.soup.select_one(f'[name="{name}"]')
        if field is None:
            return None
        if field.name == "textarea":
            return field.get_text()
        return field.get("value")  # type: ignore[return-value]

    def csrf_token(self) -> str:
        token = self.soup.select_one('main form input[name="csrf_token"]') or self.soup.select_one(
            'input[name="csrf_token"]'
        )
        assert token is not None, "no CSRF token on the page"
        return str(token["value"])


def _text(tag: Any) -> str:
    return " ".join(tag.get_text(" ").split()) if tag is not None else ""


class _ParserKeepingTree(TreeBuilderForHtml5lib):
    """Keeps the html5lib parser Beautiful Soup hands it (and drops after the parse)."""

    kept_parser: Any = None

    @property
    def parser(self) -> Any:
        return self.kept_parser

    @parser.setter
    def parser(self, value: Any) -> None:
        if value is not None:
            self.kept_parser = value


class _ErrorKeepingBuilder(HTML5TreeBuilder):
    """Beautiful Soup's html5lib builder, keeping html5lib's parse errors.

    One parse gives both the tree the tests query and the errors the page check
    needs (parsing twice was a fifth of the view tests' time).
    """

    def create_treebuilder(self, namespaceHTMLElements: bool) -> TreeBuilderForHtml5lib:  # noqa: N803 - html5lib's name
        self.underlying_builder = _ParserKeepingTree(
            namespaceHTMLElements, self.soup, store_line_numbers=self.store_line_numbers
        )
        return self.underlying_builder

    @property
    def parse_errors(self) -> list[tuple[Any, str, Any]]:
        tree = self.underlying_builder
        assert isinstance(tree, _ParserKeepingTree), "not parsed by this builder"
        assert tree.kept_parser is not None, "nothing was parsed"
        return list(tree.kept_parser.errors)


def check_page(response: TestResponse) -> Page:
    html = response.get_data(as_text=True)
    builder = _ErrorKeepingBuilder()
    soup = BeautifulSoup(html, builder=builder)
    serious = [error for error in builder.parse_errors if error[1] not in TOLERATED_PARSE_ERRORS]
    assert not serious, f"HTML parse errors: {serious[:5]}"

    h1s = soup.find_all("h1")
    assert len(h1s) == 1, f"expected exactly one <h1>, found {len(h1s)}: {[_text(h) for h in h1s]}"
    title = _text(soup.title).removeprefix("Error: ")
    assert title.startswith(_text(h1s[0])), f"title {title!r} does not start with the h1 {_text(h1s[0])!r}"

    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    duplicates = [name for name, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"

    policy = response.headers.get("Content-Security-Policy", "")
    match = NONCE.search(policy)
    assert match, "no CSP nonce on an HTML page"
    for script in soup.find_all("script"):
        assert script.get("nonce") == match.group(1), f"script without this response's nonce: {str(script)[:80]}"

    for form in soup.find_all("form"):
        method = str(form.get("method") or "get").lower()
        assert form.has_attr("action"), f"form without an action: {str(form)[:80]}"
        if method == "post":
            assert form.find("input", attrs={"name": "csrf_token"}), f"POST form without CSRF: {str(form)[:120]}"
    return Page(response=response, soup=soup)


# html5lib predates parts of HTML5: a bare "&" before a space ("A&E now") is valid
# HTML5 (not an ambiguous ampersand) but html5lib still reports it.
TOLERATED_PARSE_ERRORS = frozenset({"expected-named-entity"})


class PageClient:
    """Wraps Flask's test client: GETs of HTML are checked; forms are posted with their CSRF token."""

    def __init__(self, client: FlaskClient):
        self.raw = client

    def get(self, url: str, *, status: int = 200, **kwargs: Any) -> Page:
        response = self.raw.get(url, **kwargs)
        assert response.status_code == status, f"GET {url}: {response.status_code}, wanted {status}"
        if response.mimetype == "text/html":
            return check_page(response)
        raise AssertionError(f"GET {url} returned {response.mimetype}, not HTML")

    def post(
        self,
        url: str,
        data: dict[str, Any] | None = None,
        *,
        status: int | None = None,
        csrf_from: str | None = None,
        **kwargs: Any,
    ) -> TestResponse:
        """POST as the browser would: the CSRF token comes from the form's page (or `csrf_from`)."""
        payload = dict(data or {})
        if "csrf_token" not in payload:
            page = self.get(csrf_from or url)
            payload["csrf_token"] = page.csrf_token()
        response = self.raw.post(url, data=payload, **kwargs)
        # Read, then close as a server would: work deferred until the response
        # is closed (emails sent after the answer) happens before the test looks.
        response.get_data()
        response.close()
        if status is not None:
            assert response.status_code == status, (
                f"POST {url}: {response.status_code}, wanted {status}: {response.get_data(as_text=True)[:400]}"
            )
        return response

    def submit(self, url: str, data: dict[str, Any] | None = None, *, status: int = 200, **kwargs: Any) -> Page:
        """POST and check the page that comes back (a form shown again with errors)."""
        response = self.post(url, data, **kwargs)
        assert response.status_code == status, f"POST {url}: {response.status_code}, wanted {status}"
        return check_page(response)

    def follow(self, response: TestResponse, *, status: int = 200) -> Page:
        assert response.status_code in (301, 302, 303), f"not a redirect: {response.status_code}"
        return self.get(response.headers["Location"], status=status)
