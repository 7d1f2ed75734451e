"""The extension singletons, created unbound and attached in create_app."""

from flask import session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect


class SignedInSessionProtection(LoginManager):
    """Flask-Login's strong session protection, applied only where there is someone to protect.

    Unchanged, it "clears" every anonymous session that holds anything (a CSRF
    token, a guest's draft) on every request, so every response, static files
    included, re-sends the session cookie. Responses that were in flight at the
    same time (the service worker's precache, say) then overwrite each other's
    cookie, and a guest's questionnaire could be lost. A session with no
    signed-in user has nothing for the check to protect.
    """

    def _session_protection_failed(self) -> bool:
        if "_user_id" not in session:
            return False
        return bool(super()._session_protection_failed())


login_manager = SignedInSessionProtection()
babel = Babel()
csrf = CSRFProtect()
# Limits are declared per route (sign-in, reset, codes); nothing by default.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
