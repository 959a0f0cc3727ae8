"""Loading and validating config.yaml, and the environment overrides.

Everything a user can get wrong in the file is turned into a :class:`ConfigError` whose message is one line naming
the file and, for every problem, the key and what was expected, so the CLI can print it and exit with code 2.
Entries of a list are named by their id (``sources[demo].kind``), which a person finds in the file at once.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from app.config_file import DEFAULT_CONFIG_PATH as DEFAULT_CONFIG_PATH
from app.config_file import ENV_CONFIG as ENV_CONFIG
from app.config_file import ConfigFileError, describe, read_sections
from extract.gazetteer import default_gazetteer
from extract.region_groups import RegionGroup
from extract.regions import RegionVocabulary, regions_of
from extract.taxonomy import Taxonomy

ENV_DATABASE_URL = "EVENTRADAR_DATABASE_URL"
ENV_TELEGRAM_TOKEN = "TELEGRAM_BOT_TOKEN"
# The key that hashes page visitors' addresses for the report form's rate limit (`db.reports.reporter_of_address`).
ENV_REPORT_SECRET = "EVENTRADAR_REPORT_SECRET"

SourceKind = Literal["rss", "atom", "jsonfeed", "html-list", "html-article"]
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{4,31}$")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError("an id of letters, digits, - and _")
    return value


# Ids that the database and URLs refer to.
Slug = Annotated[str, AfterValidator(_slug)]


class ConfigError(Exception):
    """A configuration problem, phrased for the person who edits the file."""


class _Section(BaseModel):
    # Unknown keys are typos far more often than intent: reject them so they are not silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class DatabaseConfig(_Section):
    url: str = "sqlite:///data/eventradar.db"


class ServerConfig(_Section):
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8080
    public_url: str = "http://127.0.0.1:8080"

    @field_validator("public_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("an http:// or https:// address")
        return value.rstrip("/")


class SchedulerConfig(_Section):
    max_concurrent_fetches: Annotated[int, Field(ge=1, le=256)] = 8
    min_seconds_between_requests_to_one_host: Annotated[float, Field(ge=0)] = 1.0
    jitter_seconds: Annotated[int, Field(ge=0)] = 30
    misfire_grace_seconds: Annotated[int, Field(ge=1)] = 300
    request_timeout_seconds: Annotated[float, Field(gt=0)] = 20.0
    fetch_deadline_seconds: Annotated[float, Field(gt=0)] = 60.0
    slow_fetch_seconds: Annotated[float, Field(gt=0)] = 10.0
    max_body_bytes: Annotated[int, Field(ge=1024)] = 10_000_000
    max_backoff_seconds: Annotated[int, Field(ge=60)] = 86_400
    user_agent: str = "EventRadar/0.1"


class TelegramConfig(_Section):
    api_base_url: str = "https://api.telegram.org/bot"
    admin_chat_ids: list[int] = Field(default_factory=list)
    # Overall send rate of alerts; Telegram allows about 30/s, and staying just under it avoids flood waits.
    messages_per_second: Annotated[float, Field(gt=0, le=30)] = 29.0
    # The bot's @username for t.me links on the page; without it, the name Telegram gives the running bot.
    bot_username: str | None = None

    @field_validator("bot_username")
    @classmethod
    def _username(cls, value: str | None) -> str | None:
        if value is None:
            return None
        name = value.removeprefix("@")
        if not _USERNAME.match(name):
            raise ValueError("a Telegram username: 5 to 32 letters, digits or _, starting with a letter")
        return name


class ReviewConfig(_Section):
    hold_below_confidence: Annotated[float, Field(ge=0, le=1)] = 0.0
    hold_kinds: list[Literal["exhibition", "matchmaking", "conference", "industry-meeting"]] = Field(
        default_factory=list
    )


class RemindersConfig(_Section):
    days_before: list[Annotated[int, Field(ge=0, le=365)]] = Field(default_factory=lambda: [7, 1])
    time: dt.time = dt.time(9, 0)
    timezone: str = "Asia/Shanghai"

    @field_validator("time", mode="before")
    @classmethod
    def _hh_mm(cls, value: object) -> object:
        # YAML 1.1 reads an unquoted 09:00 as the sexagesimal integer 540; accept it rather than confuse people.
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            return dt.time(value // 60, value % 60)
        if isinstance(value, str) and not re.fullmatch(r"\d{1,2}:\d{2}", value):
            raise ValueError("a time of day as HH:MM")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("an IANA time zone name such as Asia/Shanghai") from None
        return value


class RegionGroupConfig(_Section):
    key: Slug
    en: str
    names: Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]
    members: Annotated[list[str], Field(min_length=1)]


class RegionsConfig(_Section):
    featured: list[str] = Field(default_factory=list)
    groups: list[RegionGroupConfig] = Field(default_factory=list)


class IndustryConfig(_Section):
    id: Slug
    zh: str
    en: str
    keywords: list[str] = Field(default_factory=list)
    keywords_en: list[str] = Field(default_factory=list)


class SourceConfig(_Section):
    id: Slug
    name: str
    kind: SourceKind
    url: str
    interval_minutes: Annotated[int, Field(ge=1)] = 60
    enabled: bool = True
    province: str | None = None
    city: str | None = None
    industries: list[str] = Field(default_factory=list)
    encoding: str | None = None
    link_selector: str | None = None
    allow_private_network: bool = False

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("an http:// or https:// address")
        return value


class AppConfig(_Section):
    database: DatabaseConfig = Field(default_factory=DatabaseConfig)
    server: ServerConfig = Field(default_factory=ServerConfig)
    scheduler: SchedulerConfig = Field(default_factory=SchedulerConfig)
    telegram: TelegramConfig = Field(default_factory=TelegramConfig)
    reminders: RemindersConfig = Field(default_factory=RemindersConfig)
    review: ReviewConfig = Field(default_factory=ReviewConfig)
    regions: RegionsConfig = Field(default_factory=RegionsConfig)
    industries: list[IndustryConfig] = Field(default_factory=list)
    sources: list[SourceConfig] = Field(default_factory=list)
    # Filled from the environment, never from the file (see load_config).
    telegram_bot_token: str | None = Field(default=None, exclude=True)
    report_secret: str | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _references_resolve(self) -> AppConfig:
        industry_ids = [industry.id for industry in self.industries]
        _reject_duplicates("industries", industry_ids)
        _reject_duplicates("sources", [source.id for source in self.sources])
        known = set(industry_ids)
        for source in self.sources:
            for industry in source.industries:
                if industry not in known:
                    raise _ReferenceError(
                        f"sources[{source.id}].industries",
                        f"unknown industry id {industry!r} (expected one of: {', '.join(industry_ids)})",
                    )
        _reject_duplicates("regions.groups", [group.key for group in self.regions.groups])
        if self.regions.groups:
            try:
                self.regions_vocabulary().groups  # noqa: B018  (building it checks every member and name)
            except ValueError as exc:
                raise _ReferenceError("regions.groups", str(exc)) from None
        return self

    def industry_ids(self) -> list[str]:
        return [industry.id for industry in self.industries]

    def region_groups(self) -> tuple[RegionGroup, ...]:
        """The regional groupings of ``regions.groups``, for the one region vocabulary (`extract.regions`)."""
        return tuple(
            RegionGroup(tuple(group.names), group.key, group.en, tuple(group.members)) for group in self.regions.groups
        )

    def regions_vocabulary(self) -> RegionVocabulary:
        """The place gazetteer's regions with the config's groupings: what subscriptions, filters and alerts read.
        Raises ValueError naming a member that is no region of the gazetteer, or a group word that is a place."""
        return regions_of(default_gazetteer(), self.region_groups())

    def taxonomy(self) -> Taxonomy:
        """The ``industries:`` as the extractor, the bot, the page and the CLI read them (one naming rule)."""
        return Taxonomy.from_mapping([industry.model_dump() for industry in self.industries])


class _ReferenceError(ValueError):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def _reject_duplicates(key: str, ids: list[str]) -> None:
    first: dict[str, int] = {}
    for index, value in enumerate(ids):
        if value in first:
            # The id cannot name the entry here, so the positions do (counted from 1, as a person counts).
            raise _ReferenceError(
                key, f"duplicate id {value!r} (entries {first[value] + 1} and {index + 1}; ids must be unique)"
            )
        first[value] = index


def config_path_from_env(environ: Mapping[str, str]) -> Path:
    return Path(environ.get(ENV_CONFIG) or DEFAULT_CONFIG_PATH)


def load_config(path: Path, environ: Mapping[str, str] | None = None) -> AppConfig:
    """Read, validate and apply environment overrides. Raises ConfigError with a one-line message."""
    env = os.environ if environ is None else environ
    try:
        data = read_sections(path, not_found_hint=f" (set {ENV_CONFIG} or run from the project folder)")
    except ConfigFileError as exc:
        raise ConfigError(str(exc)) from None
    return validate_config(data, path=path, environ=env)


def validate_config(data: dict[str, Any], *, path: Path, environ: Mapping[str, str]) -> AppConfig:
    data = dict(data)
    database_url = environ.get(ENV_DATABASE_URL)
    if database_url:
        data["database"] = {**(data.get("database") or {}), "url": database_url}
    if "telegram_bot_token" in data:
        raise ConfigError(f"{path}: telegram_bot_token: secrets are not read from the file; set {ENV_TELEGRAM_TOKEN}")
    try:
        config = AppConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(path, data, exc)) from None
    token = (environ.get(ENV_TELEGRAM_TOKEN) or "").strip() or None
    secret = (environ.get(ENV_REPORT_SECRET) or "").strip() or None
    return config.model_copy(update={"telegram_bot_token": token, "report_secret": secret})


def _describe(path: Path, data: dict[str, Any], exc: ValidationError) -> str:
    """Every problem of the file on one line, each naming its key; list entries are named by their id."""
    problems: list[str] = []
    for error in exc.errors():
        problem = _problem(data, error)
        if problem not in problems:
            problems.append(problem)
    return f"{path}: {'; '.join(problems)}"


def _problem(data: dict[str, Any], error: Any) -> str:
    if isinstance(error.get("ctx"), dict) and isinstance(error["ctx"].get("error"), _ReferenceError):
        reference = error["ctx"]["error"]
        return f"{reference.key}: {reference.message}"
    key = _dotted(data, error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(error["loc"][:-1])
        hint = f" (expected one of: {', '.join(allowed)})" if allowed else ""
        return f"{key}: unknown key{hint}"
    if kind == "missing":
        return f"{key}: required key is missing"
    given = error.get("input")
    return f"{key}: expected {_expected(error)}, got {describe(given)} {given!r}"


def _expected(error: Any) -> str:
    kind: str = error["type"]
    message: str = error["msg"]
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    readable = {
        "int_type": "a whole number",
        "int_parsing": "a whole number",
        "float_type": "a number",
        "float_parsing": "a number",
        "bool_type": "true or false",
        "bool_parsing": "true or false",
        "string_type": "text",
        "list_type": "a list",
        "dict_type": "a mapping of keys",
        "model_type": "a mapping of keys",
        "model_attributes_type": "a mapping of keys",
        "time_type": "a time of day as HH:MM",
        "time_parsing": "a time of day as HH:MM",
    }
    if kind in readable:
        return readable[kind]
    # Pydantic phrases the rest as "Input should be <what was expected>".
    return message.removeprefix("Input should be ") if message else kind


def _dotted(data: object, loc: tuple[int | str, ...]) -> str:
    """``sources[demo].kind``: an entry of a list is named by its id when it has a usable one, else by position."""
    text = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            entry = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            entry_id = entry.get("id") if isinstance(entry, dict) else None
            text += f"[{entry_id}]" if isinstance(entry_id, str) and _SLUG.match(entry_id) else f"[{part}]"
            node = entry
        else:
            text += f".{part}" if text else part
            node = node.get(part) if isinstance(node, dict) else None
    return text or "(top level)"


def _allowed_keys(loc: tuple[int | str, ...]) -> list[str]:
    model: type[BaseModel] = AppConfig
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        annotation = field.annotation
        inner = getattr(annotation, "__args__", None)
        candidate = inner[0] if inner else annotation
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            model = candidate
        else:
            return []
    return [name for name, field in model.model_fields.items() if not field.exclude]
