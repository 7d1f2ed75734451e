"""Leaflets and exercises ("pocket physio"): the public library pages."""

from __future__ import annotations

from flask import Flask

from patient_app.library import views, words


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(
        illustration_url=views.illustration_url,
        area_label=words.area_label,
        content_link=views.content_link,
    )
    app.jinja_env.filters["dosage_words"] = words.dosage_words
