"""Polling sources served by a real local HTTP server that misbehaves: what survives faults, and who hears of them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from db.models.sources import Article
from scheduler.jobs import poll_all
from scheduler.poller import PollOutcome
from tests.fakes.clock import FakeClock
from tests.fakes.feed_server import FeedServer, Route
from tests.scheduler.conftest import (
    GAMES_RSS,
    SINA_RSS,
    AddSource,
    PollerFactory,
    count,
    rss_feed,
    shared_feed,
    source_row,
)


async def test_one_slow_source_does_not_hold_up_the_others(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    slow = add_source("slow", server.route("/slow.xml", Route(body=rss_feed(), delay=3)))
    fast = add_source("fast", server.route("/fast.xml", Route(body=shared_feed(GAMES_RSS))))
    finished: list[str] = []
    outcomes = await poll_all(make_poller(), [slow, fast], on_done=lambda outcome: finished.append(outcome.source))
    assert finished == ["fast", "slow"]
    by_source = {outcome.source: outcome for outcome in outcomes}
    assert by_source["fast"].ok
    assert not by_source["slow"].ok
    assert "timed out" in (by_source["slow"].error or "")
    assert source_row(engine, slow).consecutive_failures == 1
    assert count(engine, Article) == 20


def _assert_failed(outcome: PollOutcome, engine: Engine, source: int, message: str) -> None:
    assert not outcome.ok
    assert message in (outcome.error or ""), outcome.error
    row = source_row(engine, source)
    assert row.consecutive_failures == 1
    assert row.last_error is not None
    assert message in row.last_error
    assert row.next_poll_at is not None


async def test_server_error_then_recovery_loses_and_duplicates_nothing(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource, clock: FakeClock
) -> None:
    source = add_source("flaky", server.route("/flaky.xml", Route(body=b"oops", status=500, content_type="text/plain")))
    poller = make_poller()
    _assert_failed(await poller.poll(source), engine, source, "HTTP 500")
    # While backing off, scheduled polls leave it alone.
    assert (await poller.poll(source)).skipped

    server.route("/flaky.xml", Route(body=shared_feed(GAMES_RSS)))
    clock.advance(hours=2)
    recovered = await poller.poll(source)
    assert recovered.ok
    assert count(engine, Article) == 20
    row = source_row(engine, source)
    assert (row.consecutive_failures, row.next_poll_at, row.last_success_at) == (0, None, clock.now)
    await poller.poll(source, force=True)
    assert count(engine, Article) == 20


async def test_timeout(engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource) -> None:
    source = add_source("slow", server.route("/slow.xml", Route(body=rss_feed(), delay=3)))
    _assert_failed(await make_poller().poll(source), engine, source, "timed out")


async def test_connection_reset(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    source = add_source("reset", server.route("/reset.xml", Route(mode="reset")))
    outcome = await make_poller().poll(source)
    assert not outcome.ok
    assert source_row(engine, source).consecutive_failures == 1


async def test_truncated_body_stores_nothing(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    source = add_source("cut", server.route("/cut.xml", Route(body=shared_feed(SINA_RSS), mode="truncate")))
    outcome = await make_poller().poll(source)
    assert not outcome.ok
    assert count(engine, Article) == 0


async def test_invalid_xml_keeps_what_was_stored(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    source = add_source("games", server.route("/3dm.xml", Route(body=shared_feed(GAMES_RSS))))
    poller = make_poller()
    await poller.poll(source)
    server.route("/3dm.xml", Route(body=b"<rss><channel><item><title>broken"))
    outcome = await poller.poll(source, force=True)
    assert not outcome.ok
    assert "not a readable RSS/Atom feed" in (outcome.error or "")
    assert count(engine, Article) == 20


async def test_json_feed_that_is_not_json_is_named(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    source = add_source(
        "json", server.route("/feed.json", Route(body=b"<html>", content_type="text/html")), kind="jsonfeed"
    )
    _assert_failed(await make_poller().poll(source), engine, source, "not valid JSON")


async def test_fifty_megabyte_body_is_cut_off(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    source = add_source("huge", server.route("/huge.xml", Route(mode="stream", stream_bytes=50_000_000)))
    _assert_failed(await make_poller().poll(source), engine, source, "over the 10000000-byte limit")


async def test_gzip_bomb_is_cut_off_by_its_decompressed_size(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    bomb = b"<rss>" + b" " * 60_000_000
    source = add_source("bomb", server.route("/bomb.xml", Route(body=bomb, gzip=True)))
    _assert_failed(await make_poller().poll(source), engine, source, "over the 10000000-byte limit")


async def test_redirect_loop(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    server.route("/a", Route(status=302, headers={"Location": "/b"}))
    server.route("/b", Route(status=302, headers={"Location": "/a"}))
    source = add_source("loop", server.url("/a"))
    _assert_failed(await make_poller().poll(source), engine, source, "too many redirects")


async def test_429_with_retry_after_is_honoured(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource, clock: FakeClock
) -> None:
    source = add_source("busy", server.route("/busy.xml", Route(status=429, headers={"Retry-After": "7200"})))
    _assert_failed(await make_poller().poll(source), engine, source, "HTTP 429")
    assert source_row(engine, source).next_poll_at == clock.now + dt.timedelta(seconds=7200)


async def test_admins_are_told_once_after_ten_failures_in_a_row(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    told: list[str] = []

    async def notify(message: str) -> None:
        told.append(message)

    source = add_source("down", server.route("/down.xml", Route(status=503, content_type="text/plain")))
    poller = make_poller(notify_admins=notify)
    for _ in range(12):
        await poller.poll(source, force=True)
    assert len(told) == 1
    assert "down" in told[0]
    assert "10 times in a row" in told[0]
