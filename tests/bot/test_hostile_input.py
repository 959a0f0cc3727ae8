"""Input nobody should send, sent anyway: numbers past any id, forged button data, admin commands in groups.

Each case goes through the real bot and the fake Bot API, on SQLite and PostgreSQL. What a user must see is a
clear answer (a reply, or a short answer to the button press); what must never happen is an exception reaching the
error handler (``chat.errors``), which the user would see as "something went wrong".
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.config import AppConfig
from db.models.events import Event
from db.models.sources import Source
from db.models.subscribers import Subscriber, Subscription
from tests.bot.conftest import ADMIN, NOW, Chat, publish_event, running_bot
from tests.fakes.telegram_api import FakeTelegram

HUGE = "99999999999999999999"  # past a 64-bit integer, let alone the database's 32-bit ids
INT4_PAST = "2147483648"  # one past PostgreSQL's integer


def _subscriptions(engine: Engine, chat_id: int) -> set[tuple[str, str]]:
    with Session(engine) as session:
        query = select(Subscription.industry, Subscription.region).join(Subscriber).where(Subscriber.chat_id == chat_id)
        return {(i, r) for i, r in session.execute(query)}


@pytest.mark.parametrize("reference", [HUGE, INT4_PAST, "9223372036854775808", "0", "-1", "²", "١٢", "#" + HUGE])
async def test_event_with_a_number_no_event_can_have_says_no_such_event(chat: Chat, reference: str) -> None:
    reply = await chat.send(1, f"/event {reference}")
    assert "没有找到编号为" in reply.text
    assert chat.errors == []


async def test_event_still_finds_events_by_number_and_public_id(chat: Chat, engine: Engine) -> None:
    event_id = publish_event(engine, NOW)
    assert "<b>2026中国（广州）国际生物医药博览会</b>" in (await chat.send(1, f"/event {event_id}")).text
    assert "<b>2026中国（广州）国际生物医药博览会</b>" in (await chat.send(1, f"/event #{event_id}")).text
    with Session(engine) as session:
        public_id = session.scalars(select(Event.public_id).where(Event.id == event_id)).one()
    assert "<b>2026中国（广州）国际生物医药博览会</b>" in (await chat.send(1, f"/event {public_id}")).text
    assert chat.errors == []


@pytest.mark.parametrize(
    "data",
    [
        f"ev:{HUGE}",
        f"ev:{INT4_PAST}",
        "ev:²",
        "ev:",
        "ev:<script>",
        f"un:{HUGE}",
        "un:²",
        "un:-5",
        f"up:{HUGE}",
        "up:²",
        "up:page",
        "set:",
        "set:lang",
        "set:lang:xx",
        "set:volume:11",
        "cal:",
        "pp:nowhere",
        "pr:nowhere",
        "pi:\x00",
        "zz:1",
        "garbage",
        "",
        "💥" * 16,
    ],
)
async def test_forged_button_data_gets_a_short_answer_never_an_error(
    chat: Chat, engine: Engine, telegram: FakeTelegram, data: str
) -> None:
    await chat.send(1, "/subscribe 生物医药 广东")
    before = len(telegram.sent)
    answer = await chat.forge(1, data)
    assert chat.errors == []
    assert answer, "the button press was answered with no word of what happened"
    assert len(answer) <= 200  # Telegram's limit for an answer to a button
    assert "出错" not in answer
    assert len(telegram.sent) == before  # no message edited or sent in reply to a forged button
    assert _subscriptions(engine, 1) == {("biomedicine", "广东")}


async def test_forged_picker_data_cannot_put_an_unknown_industry_into_a_subscription(
    chat: Chat, engine: Engine
) -> None:
    await chat.send(1, "/subscribe")
    assert await chat.forge(1, "pi:no-such-industry")
    await chat.press(1, "生物医药")
    await chat.press(1, "下一步")
    reply = await chat.press(1, "完成订阅")
    assert "已订阅" in reply.text
    assert _subscriptions(engine, 1) == {("biomedicine", "*")}
    assert chat.errors == []


async def test_forged_calendar_data_does_not_renew_the_address(chat: Chat, engine: Engine) -> None:
    await chat.send(1, "/calendar")

    def token() -> str | None:
        with Session(engine) as session:
            return session.scalars(select(Subscriber.calendar_token).where(Subscriber.chat_id == 1)).one()

    first = token()
    assert await chat.forge(1, "cal:anything")
    assert token() == first
    assert chat.errors == []


async def test_a_removed_event_s_button_says_it_is_gone(chat: Chat, engine: Engine) -> None:
    await chat.send(1, "/start")
    answer = await chat.forge(1, "ev:4242")
    assert answer is not None
    assert "没有找到编号为 4242 的活动" in answer
    assert chat.errors == []


@pytest.mark.parametrize(
    "command",
    [
        f"/unsubscribe {HUGE}",
        f"/subscribe {HUGE}",
        f"/upcoming {HUGE}",
        f"/start sub-all-{HUGE}",
        f"/start sub-{HUGE}",
    ],
)
async def test_other_commands_taking_numbers_answer_huge_ones_clearly(chat: Chat, command: str) -> None:
    reply = await chat.send(1, command)
    assert "出错" not in reply.text
    assert chat.errors == []


@pytest.mark.parametrize(
    "url",
    [
        "http://",
        "https://",
        "https:///feed.xml",
        "http://[::1/feed",
        "http://example.org:99999999999999999999/feed",
        "https://user:secret@example.org/feed",
        "https://exa\u202emple.org/feed",
        "https://example.org/" + "x" * 3000,
    ],
)
async def test_addsource_refuses_addresses_that_are_not_well_formed_links(chat: Chat, engine: Engine, url: str) -> None:
    reply = await chat.send(ADMIN, f"/addsource {url}")
    assert "http://" in reply.text  # what an address must look like
    assert chat.errors == []
    with Session(engine) as session:
        assert session.scalars(select(Source).where(Source.origin == "admin")).all() == []


@pytest.mark.parametrize("command", ["/stats", "/sources", "/addsource https://example.org/feed.xml"])
async def test_admin_commands_are_answered_only_in_a_private_chat_with_an_admin(
    chat: Chat, engine: Engine, telegram: FakeTelegram, command: str
) -> None:
    telegram.chat(-1009, "supergroup", title="招商群")
    telegram.admins[-1009] = {ADMIN}
    for user in (ADMIN, 60):  # the service's admin, then anyone else in the group: the same short answer
        reply = await chat.send(-1009, command, user_id=user)
        assert "私聊" in reply.text
        assert "订阅者" not in reply.text
        assert "admin-example-org" not in reply.text
    with Session(engine) as session:
        assert session.scalars(select(Source).where(Source.origin == "admin")).all() == []
    # In a private chat the admin is answered; someone else is told the command is not theirs.
    assert "私聊" not in (await chat.send(ADMIN, command)).text
    assert "管理员" in (await chat.send(1, command)).text
    assert chat.errors == []


async def test_a_group_listed_as_an_admin_chat_is_still_not_answered_admin_commands(
    engine: Engine, api_url: str, telegram: FakeTelegram, bot_config: AppConfig
) -> None:
    # An operations group may be among telegram.admin_chat_ids to hear alerts; its members are not admins for that.
    admins = bot_config.telegram.model_copy(update={"admin_chat_ids": [ADMIN, -ADMIN]})
    telegram.chat(-ADMIN, "group", title="运维群")
    async with running_bot(engine, api_url, telegram, bot_config.model_copy(update={"telegram": admins})) as chat:
        reply = await chat.send(-ADMIN, "/stats", user_id=61)
        assert "订阅者" not in reply.text
        assert "私聊" in reply.text
        assert chat.errors == []
