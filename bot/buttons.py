"""Every inline button's callback data: a typed, frozen value for each kind of button, and the one pair that turns
such a value into Telegram's callback data and back (:func:`encode`, :func:`decode`).

The data is ``<prefix>:<value>``, as it has been since the bot's first version, so buttons on messages sent long
ago still mean what they meant:

==================  ==========================================================================================
``PickerStep``      ``pi:`` a new picker, ``pi:<industry>`` / ``pi:*`` toggle an industry / all, ``pn:`` next,
                    ``pp:<province key>`` open a province, ``pr:<region key>`` / ``pr:*`` toggle a region / all,
                    ``pb:`` back, ``pm:`` more provinces, ``pd:`` done
``Unsubscribe``     ``un:<subscription id>``, ``ua:`` (all of the chat's)
``Upcoming``        ``up:<page>``, ``up:new`` (a new listing of the chat's subscriptions)
``EventDetails``    ``ev:<event id>``
``CalendarAction``  ``cal:new`` (renew the address), ``cal:off`` (revoke it)
``SettingsChoice``  ``set:<setting>:<value>``: ``lang:en``, ``rem:7,1``, ``time:09:00``, ``mode:digest``
``ReportStep``      ``rp:<event>`` the reasons, ``rr:<event>:<reason>`` pick one, ``rs:<event>:<reason>`` no comment
``AdminAction``     ``ad:<action>:<event>``
==================  ==========================================================================================

Telegram does not check callback data: a modified client can press a button with any data on any message of ours.
So :func:`decode` reads strictly (ids a row can have, the reasons and admin actions there are, values made of the
characters ids are made of, at most 64 bytes) and returns None for anything else, which the handler answers as a
button that no longer works. Whether a value is one this deployment offers (a configured industry, a known region,
a settings preset) is for the handler to check against its services. Each kind's ``PATTERN`` (its prefixes) is
what `bot.application` routes presses to its handler by.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Literal

from bot.actions import row_id
from bot.review import ADMIN_ACTIONS
from db.models.corrections import REPORT_REASONS

# Telegram's limit on callback data, in bytes.
MAX_DATA = 64
# A picker value meaning "no industry (or region) in particular": every one.
ALL = "*"
# Industry ids and region keys (province ids, administrative codes, group keys) are slugs.
_SLUG = re.compile(r"[A-Za-z0-9_-]+")
# Settings values: language codes, reminder day lists (7,1), times (09:00), delivery modes.
_SETTING_VALUE = re.compile(r"[A-Za-z0-9,:]*")


def _pattern(*prefixes: str) -> str:
    return "^(?:" + "|".join(prefixes) + "):"


PickerAction = Literal["start", "industry", "next", "province", "region", "back", "more", "done"]
_PICKER_PREFIX: dict[PickerAction, str] = {
    "start": "pi",
    "industry": "pi",
    "next": "pn",
    "province": "pp",
    "region": "pr",
    "back": "pb",
    "more": "pm",
    "done": "pd",
}


@dataclass(frozen=True, slots=True)
class PickerStep:
    """A button of the /subscribe picker. ``value`` is the industry id (``industry``) or the region key (``province``,
    ``region``), or :data:`ALL` to clear that selection; the other steps carry none."""

    PATTERN: ClassVar[str] = _pattern(*dict.fromkeys(_PICKER_PREFIX.values()))

    step: PickerAction
    value: str = ""


@dataclass(frozen=True, slots=True)
class Unsubscribe:
    """A remove button of /subscriptions: one subscription, or every one of the chat's (``None``)."""

    PATTERN: ClassVar[str] = _pattern("un", "ua")

    subscription_id: int | None


@dataclass(frozen=True, slots=True)
class Upcoming:
    """A page of /upcoming, or (``None``) a new listing of the chat's subscriptions, as the welcome offers."""

    PATTERN: ClassVar[str] = _pattern("up")

    page: int | None


@dataclass(frozen=True, slots=True)
class EventDetails:
    """A details button under a listing: the event's card."""

    PATTERN: ClassVar[str] = _pattern("ev")

    event_id: int


@dataclass(frozen=True, slots=True)
class CalendarAction:
    """Renew (``new``) or revoke (``off``) the chat's calendar address."""

    PATTERN: ClassVar[str] = _pattern("cal")

    action: Literal["new", "off"]


Setting = Literal["lang", "rem", "time", "mode"]
_SETTINGS: dict[str, Setting] = {"lang": "lang", "rem": "rem", "time": "time", "mode": "mode"}


@dataclass(frozen=True, slots=True)
class SettingsChoice:
    """One choice of /settings: the setting and its new value (`bot.actions.valid_setting` says which are offered)."""

    PATTERN: ClassVar[str] = _pattern("set")

    setting: Setting
    value: str


_REPORT_PREFIX = {"reasons": "rp", "reason": "rr", "skip": "rs"}


@dataclass(frozen=True, slots=True)
class ReportStep:
    """A reader's report: open the ``reasons``, pick a ``reason`` (a comment may follow), or ``skip`` the comment."""

    PATTERN: ClassVar[str] = _pattern(*_REPORT_PREFIX.values())

    step: Literal["reasons", "reason", "skip"]
    event_id: int
    reason: str = ""


@dataclass(frozen=True, slots=True)
class AdminAction:
    """An admin's correction of an event (`bot.review.ADMIN_ACTIONS`)."""

    PATTERN: ClassVar[str] = _pattern("ad")

    action: str
    event_id: int


Button = PickerStep | Unsubscribe | Upcoming | EventDetails | CalendarAction | SettingsChoice | ReportStep | AdminAction
KINDS: tuple[type[Button], ...] = (
    PickerStep,
    Unsubscribe,
    Upcoming,
    EventDetails,
    CalendarAction,
    SettingsChoice,
    ReportStep,
    AdminAction,
)


def encode(button: Button) -> str:
    """The callback data for ``button``. Raises ValueError for a value :func:`decode` would not give back (too long
    for Telegram, or not of the characters it reads): a button that would not work is never sent."""
    data = _written(button)
    if decode(data) != button:
        raise ValueError(
            f"{button!r} would not read back from callback data (at most {MAX_DATA} bytes, as decode reads)"
        )
    return data


def _written(button: Button) -> str:
    match button:
        case PickerStep(step, value):
            return f"{_PICKER_PREFIX[step]}:{value}"
        case Unsubscribe(subscription_id):
            return "ua:" if subscription_id is None else f"un:{subscription_id}"
        case Upcoming(page):
            return "up:new" if page is None else f"up:{page}"
        case EventDetails(event_id):
            return f"ev:{event_id}"
        case CalendarAction(action):
            return f"cal:{action}"
        case SettingsChoice(setting, value):
            return f"set:{setting}:{value}"
        case ReportStep(step, event_id, reason):
            return f"{_REPORT_PREFIX[step]}:{event_id}" + (f":{reason}" if step != "reasons" else "")
        case AdminAction(action, event_id):
            return f"ad:{action}:{event_id}"


def decode(data: str) -> Button | None:
    """The button ``data`` stands for, or None when it is none of ours (forged, mangled, from an old version)."""
    # surrogatepass: a lone surrogate (JSON can carry one) is no button of ours, not an exception.
    if len(data.encode(errors="surrogatepass")) > MAX_DATA:
        return None
    prefix, colon, value = data.partition(":")
    read = _READERS.get(prefix)
    return read(prefix, value) if colon and read is not None else None


# The picker's steps that carry no value, by prefix.
_BARE_PICKER_STEPS: dict[str, PickerAction] = {"pn": "next", "pb": "back", "pm": "more", "pd": "done"}


def _picker(prefix: str, value: str) -> PickerStep | None:
    match prefix:
        case "pi" if not value:
            return PickerStep("start")
        case "pi" | "pr" if value == ALL or _SLUG.fullmatch(value):
            return PickerStep("industry" if prefix == "pi" else "region", value)
        case "pp" if _SLUG.fullmatch(value):
            return PickerStep("province", value)
        case "pn" | "pb" | "pm" | "pd" if not value:
            return PickerStep(_BARE_PICKER_STEPS[prefix])
    return None


def _unsubscribe(prefix: str, value: str) -> Unsubscribe | None:
    if prefix == "ua":
        return Unsubscribe(None) if not value else None
    subscription_id = row_id(value)
    return Unsubscribe(subscription_id) if subscription_id is not None else None


def _upcoming(prefix: str, value: str) -> Upcoming | None:
    page = row_id(value)
    return Upcoming(page) if page is not None or value == "new" else None


def _event(prefix: str, value: str) -> EventDetails | None:
    event_id = row_id(value)
    return EventDetails(event_id) if event_id is not None else None


def _calendar(prefix: str, value: str) -> CalendarAction | None:
    match value:
        case "new":
            return CalendarAction("new")
        case "off":
            return CalendarAction("off")
    return None


def _settings(prefix: str, value: str) -> SettingsChoice | None:
    name, colon, choice = value.partition(":")
    setting = _SETTINGS.get(name)
    if setting is None or not colon or not _SETTING_VALUE.fullmatch(choice):
        return None
    return SettingsChoice(setting, choice)


def _report(prefix: str, value: str) -> ReportStep | None:
    number, colon, reason = value.partition(":")
    event_id = row_id(number)
    if event_id is None:
        return None
    if prefix == "rp":
        return ReportStep("reasons", event_id) if not colon else None
    if reason not in REPORT_REASONS:
        return None
    return ReportStep("reason" if prefix == "rr" else "skip", event_id, reason)


def _admin(prefix: str, value: str) -> AdminAction | None:
    action, _, number = value.partition(":")
    event_id = row_id(number)
    return AdminAction(action, event_id) if action in ADMIN_ACTIONS and event_id is not None else None


_READERS: dict[str, Callable[[str, str], Button | None]] = {
    **dict.fromkeys(_PICKER_PREFIX.values(), _picker),
    "un": _unsubscribe,
    "ua": _unsubscribe,
    "up": _upcoming,
    "ev": _event,
    "cal": _calendar,
    "set": _settings,
    **dict.fromkeys(_REPORT_PREFIX.values(), _report),
    "ad": _admin,
}
