"""PDFs drawn from templates with WeasyPrint, using the app's own files only."""

from __future__ import annotations

from typing import Any

from flask import render_template
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from patient_app.settings import PROJECT_ROOT

# A PDF never reaches out to the network: only files from the project and data: URLs.
_fetcher = URLFetcher(allowed_protocols=("file", "data"))


def render_pdf(template: str, **context: Any) -> bytes:
    return html_to_pdf(render_template(template, **context))


def html_to_pdf(html: str) -> bytes:
    document = HTML(string=html, base_url=str(PROJECT_ROOT) + "/", url_fetcher=_fetcher)
    pdf: bytes = document.write_pdf()
    return pdf
