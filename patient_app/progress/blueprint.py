"""The progress journey's blueprints, shared by its view modules."""

from flask import Blueprint

bp = Blueprint("progress", __name__, url_prefix="/my-progress")
feedback_bp = Blueprint("feedback", __name__, url_prefix="/feedback")
staff_bp = Blueprint("progress_staff", __name__, url_prefix="/staff/patients")
