"""The extension singletons, created unbound and attached in create_app."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()
# Limits are declared per route (sign-in, reset, codes); nothing by default.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
