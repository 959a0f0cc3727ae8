"""Sources that fight back: trickling bodies, compression bombs, private addresses, garbled text, absurd Retry-After.

Each test polls sources served by the misbehaving local feed server and checks what an admin would see: the
source's health names what went wrong, and the other sources carry on.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from scheduler.jobs import poll_all
from scheduler.poller import Poller
from tests.fakes.feed_server import FeedServer, Route
from tests.scheduler.conftest import shared_feed, source_row

PollerFactory = Callable[..., Poller]
AddSource = Callable[..., int]
GAMES_RSS = "rsshub_3dm_news_2023-04-01.rss.xml"
# A body that takes 60 s to arrive at one byte every 0.2 s: a per-read timeout never fires.
TRICKLE = Route(body=b"<rss>" + b" " * 295, mode="trickle", trickle_seconds=0.2)


async def test_a_trickling_body_fails_at_the_fetch_deadline(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    source = add_source("trickle", server.route("/trickle.xml", TRICKLE))
    outcome = await make_poller(fetch_deadline_seconds=2).poll(source)
    assert not outcome.ok
    assert "timed out: no complete answer within 2 s" in (outcome.error or "")
    row = source_row(engine, source)
    assert row.consecutive_failures == 1
    assert "timed out" in (row.last_error or "")


async def test_trickling_sources_give_up_their_slots_to_a_healthy_one(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    # Two fetch slots, four trickling sources ahead of a good one in the queue.
    bad = [add_source(f"trickle-{n}", server.route(f"/trickle-{n}.xml", TRICKLE)) for n in range(4)]
    good = add_source("good", server.route("/good.xml", Route(body=shared_feed(GAMES_RSS))))
    poller = make_poller(max_concurrency=2, slow_fetch_seconds=0.5, fetch_deadline_seconds=3)
    finished: list[str] = []
    outcomes = await poll_all(poller, [*bad, good], on_done=lambda outcome: finished.append(outcome.source))
    by_source = {outcome.source: outcome for outcome in outcomes}
    assert by_source["good"].ok, by_source["good"].error
    # Two moved to the slow lane and ran into the deadline only after the good source was done; the other two
    # found the slow lane full and were told so.
    errors = {outcome.source: outcome.error or "" for outcome in outcomes if not outcome.ok}
    deadline = [key for key, error in errors.items() if "no complete answer within 3 s" in error]
    lane_full = [key for key, error in errors.items() if "every slow-fetch slot is taken" in error]
    assert (len(deadline), len(lane_full)) == (2, 2), errors
    assert all(finished.index("good") < finished.index(key) for key in deadline)
    assert all(source_row(engine, source).consecutive_failures == 1 for source in bad)


async def test_sources_that_failed_last_time_wait_behind_healthy_ones(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    bad = [
        add_source(f"trickle-{n}", server.route(f"/trickle-{n}.xml", TRICKLE), consecutive_failures=1) for n in range(6)
    ]
    good = add_source("good", server.route("/good.xml", Route(body=shared_feed(GAMES_RSS))))
    poller = make_poller(max_concurrency=2, slow_fetch_seconds=0.5, fetch_deadline_seconds=3)
    finished: list[str] = []
    outcomes = await poll_all(poller, [*bad, good], on_done=lambda outcome: finished.append(outcome.source))
    assert finished[0] == "good"
    assert [outcome.ok for outcome in outcomes] == [False] * 6 + [True]
