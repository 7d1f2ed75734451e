"""Leaflet PDFs, drawn once per version and kept on disk under instance/.

The cache key is a hash of the exact HTML WeasyPrint would draw plus the PDF
stylesheet, so a change to the leaflet, the template, a translation or the
styles makes a new file, and an unchanged leaflet is never drawn twice.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app, render_template, url_for

from patient_app.content.library import Leaflet, library
from patient_app.content.render import render_body
from patient_app.pdf import html_to_pdf
from patient_app.settings import PROJECT_ROOT

PDF_STYLES = PROJECT_ROOT / "static" / "css" / "pdf.css"


def cache_folder() -> Path:
    return Path(current_app.instance_path) / "pdf-cache" / "leaflets"


def leaflet_html(leaflet: Leaflet) -> str:
    content = library()

    def link_for(kind: str, item_id: str) -> str:
        # On paper, and in a PDF read away from the app, only a full address helps.
        endpoint, argument = (
            ("library.leaflet", "leaflet_id") if kind == "leaflet" else ("library.exercise", "exercise_id")
        )
        return url_for(endpoint, _external=True, **{argument: item_id})

    return render_template(
        "pdf/leaflet.jinja",
        leaflet=leaflet,
        body=render_body(leaflet.body, link_for),
        related_exercises=[content.exercises[e] for e in leaflet.related_exercises if e in content.exercises],
        page_url=url_for("library.leaflet", leaflet_id=leaflet.id, _external=True),
    )


def leaflet_pdf(leaflet: Leaflet) -> bytes:
    html = leaflet_html(leaflet)
    digest = hashlib.sha256(html.encode() + PDF_STYLES.read_bytes()).hexdigest()[:32]
    path = cache_folder() / f"{leaflet.id}-{digest}.pdf"
    if path.exists():
        return path.read_bytes()
    pdf = html_to_pdf(html)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed, so a reader never sees half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as file:
        file.write(pdf)
    Path(temporary).replace(path)
    return pdf
