"""Callback data (`bot.buttons`): each kind of button round-trips through the wire format messages already carry,
fits Telegram's 64 bytes, garbled data is no button, and the application routes each kind to its handler."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import sessionmaker
from telegram import CallbackQuery, Update, User
from telegram.ext import Application, CallbackQueryHandler

from app.components import build_services
from app.config import AppConfig
from bot import handlers
from bot.actions import MAX_ROW_ID, Preferences
from bot.application import build_application
from bot.buttons import (
    ALL,
    KINDS,
    MAX_DATA,
    AdminAction,
    Button,
    CalendarAction,
    EventDetails,
    PickerStep,
    ReportStep,
    SettingsChoice,
    Unsubscribe,
    Upcoming,
    decode,
    encode,
)
from bot.choices import Choices
from bot.review import ADMIN_ACTIONS
from db.models.corrections import REPORT_REASONS

# Each kind of button with the data it has always been sent as (messages already out keep working), longest ids.
CASES: list[tuple[Button, str]] = [
    (PickerStep("start"), "pi:"),
    (PickerStep("industry", "new-energy-vehicles"), "pi:new-energy-vehicles"),
    (PickerStep("industry", ALL), "pi:*"),
    (PickerStep("next"), "pn:"),
    (PickerStep("province", "inner-mongolia"), "pp:inner-mongolia"),
    (PickerStep("region", "440106"), "pr:440106"),
    (PickerStep("region", "greater-bay-area"), "pr:greater-bay-area"),
    (PickerStep("region", ALL), "pr:*"),
    (PickerStep("back"), "pb:"),
    (PickerStep("more"), "pm:"),
    (PickerStep("done"), "pd:"),
    (Unsubscribe(MAX_ROW_ID), f"un:{MAX_ROW_ID}"),
    (Unsubscribe(None), "ua:"),
    (Upcoming(2), "up:2"),
    (Upcoming(None), "up:new"),
    (EventDetails(MAX_ROW_ID), f"ev:{MAX_ROW_ID}"),
    (CalendarAction("new"), "cal:new"),
    (CalendarAction("off"), "cal:off"),
    (SettingsChoice("lang", "en"), "set:lang:en"),
    (SettingsChoice("rem", "7,1"), "set:rem:7,1"),
    (SettingsChoice("rem", ""), "set:rem:"),
    (SettingsChoice("time", "09:00"), "set:time:09:00"),
    (SettingsChoice("mode", "digest"), "set:mode:digest"),
    (ReportStep("reasons", MAX_ROW_ID), f"rp:{MAX_ROW_ID}"),
    *[(ReportStep("reason", MAX_ROW_ID, r), f"rr:{MAX_ROW_ID}:{r}") for r in REPORT_REASONS],
    *[(ReportStep("skip", MAX_ROW_ID, r), f"rs:{MAX_ROW_ID}:{r}") for r in REPORT_REASONS],
    *[(AdminAction(action, MAX_ROW_ID), f"ad:{action}:{MAX_ROW_ID}") for action in ADMIN_ACTIONS],
]

HANDLER = {
    PickerStep: handlers.picker_button,
    Unsubscribe: handlers.unsubscribe_button,
    Upcoming: handlers.upcoming_button,
    EventDetails: handlers.event_button,
    CalendarAction: handlers.calendar_button,
    SettingsChoice: handlers.settings_button,
    ReportStep: handlers.report_pressed,
    AdminAction: handlers.admin_pressed,
}

GARBLED = [
    "",
    "garbage",
    "zz:1",
    "pi",
    "pi:no such",
    "pi:\x00",
    "pn:x",
    "pr:",
    "pp:*",
    "ua:x",
    "un:",
    "un:0",
    "un:-5",
    "un:²",
    f"un:{MAX_ROW_ID + 1}",
    "up:",
    "up:page",
    "up:0",
    "ev:",
    "ev:<script>",
    "ev:99999999999999999999",
    "cal:",
    "cal:anything",
    "set:",
    "set:lang",
    "set:volume:11",
    "set:lang:<b>",
    "rp:",
    "rp:1:wrong_dates",
    "rr:1",
    "rr:1:boring",
    "rs:1:",
    "ad:nuke:1",
    "ad:hide:",
    "ad:hide:1:more",
    "ad:Hide:1",
    "pi:" + "a" * 62,
    "\ud800",
    "💥" * 16,
]


def test_every_kind_has_cases() -> None:
    assert {type(button) for button, _ in CASES} == set(KINDS) == set(HANDLER)


@pytest.mark.parametrize(("button", "data"), CASES, ids=[data for _, data in CASES])
def test_each_kind_round_trips_in_the_wire_format_already_sent(button: Button, data: str) -> None:
    assert encode(button) == data
    assert decode(data) == button
    assert len(data.encode()) <= MAX_DATA


@pytest.mark.parametrize("data", GARBLED, ids=repr)
def test_garbled_data_is_no_button(data: str) -> None:
    assert decode(data) is None


def test_a_button_that_would_not_read_back_is_never_made() -> None:
    for button in (PickerStep("industry", "x" * 62), PickerStep("next", "x"), Upcoming(0), EventDetails(-1)):
        with pytest.raises(ValueError, match="would not read back"):
            encode(button)


def test_every_button_this_deployment_offers_fits(choices: Choices) -> None:
    made: list[Button] = [PickerStep("industry", industry.id) for industry in choices.industries]
    made += [PickerStep("province", region.key) for region in choices.provinces]
    for province in choices.provinces:
        made += [PickerStep("region", region.key) for region in [province, *choices.cities_of(province.name)]]
    made += [PickerStep("region", group.key) for group in choices.regions.groups]
    defaults = Preferences(reminder_days=(30, 14, 7, 3, 1), reminder_time="23:59")
    made += [SettingsChoice("rem", key) for key in defaults.day_presets]
    made += [SettingsChoice("time", hhmm) for hhmm in defaults.time_presets]
    for button in made:
        assert decode(encode(button)) == button  # encode refuses anything past 64 bytes


@pytest.fixture(scope="module")
def application(config: AppConfig) -> Application:  # type: ignore[type-arg]
    # Nothing here reaches the database or Telegram: only the handlers' registration is read.
    services = build_services(sessions=sessionmaker(), config=config)
    return build_application(token="123456:TEST-token", api_base_url="http://127.0.0.1:9/bot", services=services)


def _routed_to(application: Application, data: str) -> object:  # type: ignore[type-arg]
    """The callback of the first button handler the application would give a press carrying ``data``."""
    query = CallbackQuery(id="1", from_user=User(1, "reader", False), chat_instance="chat", data=data)
    update = Update(update_id=1, callback_query=query)
    for handler in application.handlers[0]:
        if isinstance(handler, CallbackQueryHandler) and handler.check_update(update):
            return handler.callback
    raise AssertionError(f"no handler takes {data!r}")


@pytest.mark.parametrize(("button", "data"), CASES, ids=[data for _, data in CASES])
def test_the_application_routes_each_kind_to_its_handler(
    application: Application,  # type: ignore[type-arg]
    button: Button,
    data: str,
) -> None:
    assert _routed_to(application, encode(button)) is HANDLER[type(button)]


@pytest.mark.parametrize("data", ["garbage", "zz:1", "💥" * 16], ids=repr)
def test_data_of_no_kind_goes_to_the_stale_button_answer(
    application: Application,  # type: ignore[type-arg]
    data: str,
) -> None:
    assert _routed_to(application, data) is handlers.stale_button
