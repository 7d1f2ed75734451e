"""Typed settings, read once from the environment.

Every value the app uses from the outside world is declared here, with a safe
development default. Production refuses to start with a weak secret or with
debug on, so a misconfigured deployment fails at boot rather than in use.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"
DEV_SECRET = "development-only-secret-key-do-not-use-in-production"  # noqa: S105 - refused in production below
DEV_HUB_EVENTS_SECRET = "development-only-hub-events-secret-do-not-use"  # noqa: S105 - refused in production below


class SettingsError(RuntimeError):
    """The environment asks for something unsafe or impossible."""


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(f"not a true/false value: {raw!r}")


def _list(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    env: str = "development"  # development | test | production
    secret_key: str = DEV_SECRET
    debug: bool = False
    instance_path: Path = DEFAULT_INSTANCE
    database_url: str = ""  # empty: SQLite file under instance/
    service_name: str = "Muscle, bone and joint service"
    service_phone: str = "0300 000 0000"
    languages: tuple[str, ...] = ("en", "pl", "ur")
    # Served over HTTPS (behind a proxy): secure cookies and HSTS.
    https: bool = False
    proxy_hops: int = 0
    max_content_length: int = 256 * 1024
    log_level: str = "INFO"
    ratelimit_storage_uri: str = "memory://"
    ratelimit_enabled: bool = True
    # Mail: SMTP when a host is set, otherwise the development mailbox.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    mail_from: str = "no-reply@msk-service.invalid"
    # Licensed questionnaire wording supplied by the service (clinical.md).
    licensed_strings_path: str = ""
    # Clinical service settings.
    min_age: int = 16
    recent_treatment_months: int = 6
    routine_wait_weeks: int = 6
    urgent_wait_days: int = 14
    green_card_default_months: int = 6
    # A green card re-access is fast-tracked: this priority, seen within these days.
    green_card_priority: str = "urgent"
    green_card_target_days: int = 14
    green_card_reminder_days: int = 14
    message_reply_working_days: int = 1
    checkin_reminder_days: int = 7
    # Hub link (the published contract in docs/hub-api.md).
    hub_transport: str = "file"  # file | fhir
    hub_drop_dir: str = ""  # empty: instance/hub-outbox
    hub_fhir_base_url: str = ""
    hub_token_url: str = ""
    hub_client_id: str = ""
    hub_client_secret: str = ""
    hub_events_secret: str = DEV_HUB_EVENTS_SECRET
    hub_connect_timeout: float = 3.0
    hub_read_timeout: float = 10.0
    # Network errors, timeouts and 5xx are retried for as long as it takes,
    # each wait doubling up to this cap; the oldest-pending age is the alarm.
    hub_retry_cap_seconds: int = 300
    # How long a worker's claim on a batch lasts before another may take it over.
    hub_lease_seconds: int = 60
    hub_batch_size: int = 50
    hub_send_concurrency: int = 4
    # Staff session limits.
    staff_idle_minutes: int = 30
    staff_absolute_hours: int = 12

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def is_development(self) -> bool:
        return self.env == "development"

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return _normalise_db_url(self.database_url)
        return f"sqlite:///{self.instance_path / 'app.db'}"

    @property
    def hub_drop_path(self) -> Path:
        return Path(self.hub_drop_dir) if self.hub_drop_dir else self.instance_path / "hub-outbox"

    @property
    def mailbox_path(self) -> Path:
        return self.instance_path / "mailbox"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for spec in fields(cls):
            raw = environ.get(spec.name.upper())
            if raw is None:
                continue
            values[spec.name] = _coerce(spec.name, raw, getattr(cls, spec.name, None))
        # DATABASE_URL keeps its conventional name.
        if "DATABASE_URL" in environ:
            values["database_url"] = environ["DATABASE_URL"]
        if "APP_ENV" in environ:
            values["env"] = environ["APP_ENV"]
        settings = cls(**values)
        settings.validate()
        return settings

    def with_overrides(self, **changes: Any) -> Settings:
        updated = replace(self, **changes)
        updated.validate()
        return updated

    def validate(self) -> None:
        if self.env not in {"development", "test", "production"}:
            raise SettingsError(f"APP_ENV must be development, test or production, not {self.env!r}")
        if self.hub_transport not in {"file", "fhir"}:
            raise SettingsError("HUB_TRANSPORT must be 'file' or 'fhir'")
        if self.hub_transport == "fhir" and not self.hub_fhir_base_url:
            raise SettingsError("HUB_TRANSPORT=fhir needs HUB_FHIR_BASE_URL")
        # A claim must outlive the slowest single send, or two workers could send one event at once.
        if self.hub_lease_seconds < 2 * (self.hub_connect_timeout + self.hub_read_timeout):
            raise SettingsError("HUB_LEASE_SECONDS must be at least twice the connect and read timeouts together")
        if min(self.hub_batch_size, self.hub_retry_cap_seconds, self.hub_send_concurrency) < 1:
            raise SettingsError("HUB_BATCH_SIZE, HUB_RETRY_CAP_SECONDS and HUB_SEND_CONCURRENCY must be at least 1")
        # Services issue green cards for 8 weeks to 24 months (clinical.md).
        if not 2 <= self.green_card_default_months <= 24:
            raise SettingsError("GREEN_CARD_DEFAULT_MONTHS must be between 2 and 24")
        if self.green_card_priority not in {"routine", "urgent", "asap", "stat"}:
            raise SettingsError("GREEN_CARD_PRIORITY must be routine, urgent, asap or stat")
        if not 6 <= self.recent_treatment_months <= 12:
            raise SettingsError("RECENT_TREATMENT_MONTHS must be between 6 and 12")
        if self.is_production:
            if self.debug:
                raise SettingsError("DEBUG must be off in production")
            if self.secret_key == DEV_SECRET or len(self.secret_key) < 32:
                raise SettingsError("production needs a SECRET_KEY of at least 32 random characters")
            if self.hub_events_secret == DEV_HUB_EVENTS_SECRET or len(self.hub_events_secret) < 32:
                raise SettingsError("production needs a HUB_EVENTS_SECRET of at least 32 characters")


def _coerce(name: str, raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return _bool(raw)
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError as exc:
            raise SettingsError(f"{name.upper()} must be a whole number") from exc
    if isinstance(default, float):
        try:
            return float(raw)
        except ValueError as exc:
            raise SettingsError(f"{name.upper()} must be a number") from exc
    if isinstance(default, tuple):
        return _list(raw)
    if isinstance(default, Path):
        return Path(raw)
    return raw


def _normalise_db_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants a driver.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
