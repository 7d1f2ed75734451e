"""Leaflets and exercises for everyone: browse, read, search, print and download.

Every page works without JavaScript: filters are links and search is a GET
form. Pages under /leaflets and /exercises are kept by the service worker once
read, so they open with no signal.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import NoReturn

from flask import Blueprint, abort, make_response, render_template, request, send_file, url_for
from werkzeug.wrappers import Response

from patient_app.access import public
from patient_app.content import search as content_search
from patient_app.content.library import Exercise, Leaflet, library
from patient_app.content.render import render_body
from patient_app.library import pdfs
from patient_app.library.words import AREA_LABELS

bp = Blueprint("library", __name__)
MAX_QUERY_LENGTH = 100


def _not_found(item_id: str) -> NoReturn:
    # Offer a search for the words of the id: a mistyped "knee-pian" still finds "knee".
    query = item_id.replace("-", " ")[:MAX_QUERY_LENGTH]
    abort(make_response(render_template("library/not-found.jinja", query=query), 404))


def _leaflet(leaflet_id: str) -> Leaflet:
    found = library().leaflets.get(leaflet_id)
    if found is None:
        _not_found(leaflet_id)
    return found


def _exercise(exercise_id: str) -> Exercise:
    found = library().exercises.get(exercise_id)
    if found is None:
        _not_found(exercise_id)
    return found


def _area_filter(items: list[Leaflet] | list[Exercise]) -> tuple[str, list[str]]:
    """The body area asked for (if it is one we know), and the areas that have something to show."""
    present = {area for item in items for area in item.body_areas}
    areas = [area for area in AREA_LABELS if area in present]
    chosen = request.args.get("area", "")
    return (chosen if chosen in areas else ""), areas


def content_link(kind: str, item_id: str) -> str:
    if kind == "leaflet":
        return url_for("library.leaflet", leaflet_id=item_id)
    return url_for("library.exercise", exercise_id=item_id)


@lru_cache(maxsize=256)
def _file_version(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def illustration_url(exercise: Exercise) -> str:
    """Versioned by the drawing's content, so the service worker can keep it until it changes."""
    path = library().illustration_path(exercise)
    try:
        version = _file_version(str(path), path.stat().st_mtime)
    except FileNotFoundError:
        version = "missing"
    return url_for("library.illustration", exercise_id=exercise.id, v=version)


@bp.get("/leaflets")
@public
def index() -> str:
    leaflets = sorted(library().leaflets.values(), key=lambda leaflet: leaflet.title)
    area, areas = _area_filter(leaflets)
    shown = [leaflet for leaflet in leaflets if not area or area in leaflet.body_areas]
    return render_template("library/leaflets.jinja", leaflets=shown, area=area, areas=areas)


@bp.get("/leaflets/<leaflet_id>")
@public
def leaflet(leaflet_id: str) -> str:
    item = _leaflet(leaflet_id)
    content = library()
    return render_template(
        "library/leaflet.jinja",
        leaflet=item,
        body=render_body(item.body, content_link),
        related_exercises=[content.exercises[e] for e in item.related_exercises if e in content.exercises],
        related_leaflets=[content.leaflets[other] for other in item.related_leaflets if other in content.leaflets],
    )


@bp.get("/leaflets/<leaflet_id>.pdf")
@public
def leaflet_pdf(leaflet_id: str) -> Response:
    item = _leaflet(leaflet_id)
    response = make_response(pdfs.leaflet_pdf(item))
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{item.id}.pdf"'
    return response


@bp.get("/exercises")
@public
def exercises() -> str:
    items = sorted(library().exercises.values(), key=lambda exercise: exercise.title)
    area, areas = _area_filter(items)
    shown = [exercise for exercise in items if not area or area in exercise.body_areas]
    return render_template("library/exercises.jinja", exercises=shown, area=area, areas=areas)


@bp.get("/exercises/<exercise_id>")
@public
def exercise(exercise_id: str) -> str:
    item = _exercise(exercise_id)
    content = library()
    return render_template(
        "library/exercise.jinja",
        exercise=item,
        easier=content.exercises.get(item.easier or ""),
        harder=content.exercises.get(item.harder or ""),
    )


@bp.get("/exercises/<exercise_id>/illustration.svg")
@public
def illustration(exercise_id: str) -> Response:
    item = library().exercises.get(exercise_id)
    if item is None:
        abort(404)
    path = library().illustration_path(item)
    if not path.exists():
        abort(404)
    return send_file(path, mimetype="image/svg+xml", max_age=3600)


@bp.get("/search")
@public
def search() -> str:
    query = request.args.get("q", "").strip()[:MAX_QUERY_LENGTH]
    hits = content_search.index().search(query) if query else []
    return render_template("library/search.jinja", query=query, hits=hits)
