"""Sources that fight back: trickling bodies, compression bombs, private addresses, garbled text, absurd Retry-After.

Each test polls sources served by the misbehaving local feed server and checks what an admin would see: the
source's health names what went wrong, and the other sources carry on.
"""

from __future__ import annotations

import datetime as dt
import gzip
import tracemalloc
import zlib
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db.models.sources import Article
from scheduler.fetch import Access, Fetcher, FetchError, HostPacer
from scheduler.jobs import poll_all
from tests.fakes.clock import FakeClock
from tests.fakes.feed_server import FeedServer, Route
from tests.scheduler.conftest import GAMES_RSS, AddSource, PollerFactory, count, shared_feed, source_row

# A body that takes 60 s to arrive at one byte every 0.2 s: a per-read timeout never fires.
TRICKLE = Route(body=b"<rss>" + b" " * 295, mode="trickle", trickle_seconds=0.2)
GOOD_FEED = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
    b"<item><title>news</title><guid>1</guid><description>no event here</description></item></channel></rss>"
)


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
    good = add_source("good", server.route("/good.xml", Route(body=GOOD_FEED)))
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
    good = add_source("good", server.route("/good.xml", Route(body=GOOD_FEED)))
    poller = make_poller(max_concurrency=2, slow_fetch_seconds=0.5, fetch_deadline_seconds=3)
    outcomes = await poll_all(poller, [*bad, good])
    assert [outcome.ok for outcome in outcomes] == [False] * 6 + [True]
    # Two failing sources took the free slots; the good one had the first slot they gave up, not the sixth.
    asked = [request.path for request in server.requests]
    assert asked.index("/good.xml") <= 3, asked


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


COMPRESSORS: dict[str, tuple[str, Callable[[bytes], bytes]]] = {
    "gzip": ("gzip", lambda data: gzip.compress(data, compresslevel=9)),
    "deflate": ("deflate", lambda data: zlib.compress(data, 9)),
    "raw-deflate": ("deflate", _raw_deflate),
}


@pytest.mark.parametrize("name", list(COMPRESSORS))
async def test_compressed_feeds_are_read(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource, name: str
) -> None:
    encoding, compress = COMPRESSORS[name]
    route = Route(body=compress(shared_feed(GAMES_RSS)), headers={"Content-Encoding": encoding})
    source = add_source("games", server.route("/3dm.xml", route))
    outcome = await make_poller().poll(source)
    assert outcome.ok, outcome.error
    assert count(engine, Article) == 20


@pytest.mark.parametrize("name", list(COMPRESSORS))
async def test_a_compression_bomb_is_refused_without_inflating_it(
    server: FeedServer, http: httpx.AsyncClient, name: str
) -> None:
    # 30 MB of spaces is about 30 KB compressed; the limit is 1 MB.
    encoding, compress = COMPRESSORS[name]
    bomb = compress(b"<rss>" + b" " * 30_000_000)
    url = server.route("/bomb.xml", Route(body=bomb, headers={"Content-Encoding": encoding}))
    fetcher = Fetcher(http, max_body_bytes=1_000_000, max_concurrency=1, pacer=HostPacer(0.0))
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as refused:
            await fetcher.get(url, access=Access(allow_private_network=True))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Inflating whole network chunks, as before, peaked at tens of megabytes.
    assert peak < 8_000_000, f"peak {peak} bytes"
    assert refused.value.kind == "too-large"
    assert "over the 1000000-byte limit (after decompression)" in str(refused.value)


async def test_an_encoding_we_did_not_ask_for_is_named(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    route = Route(body=b"\x1b\x00\x00", headers={"Content-Encoding": "br"})
    source = add_source("brotli", server.route("/br.xml", route))
    outcome = await make_poller().poll(source)
    assert not outcome.ok
    assert "unsupported Content-Encoding 'br'" in (outcome.error or "")
    assert server.requests_to("/br.xml")[0].headers["accept-encoding"] == "gzip, deflate"


WU = "【吴晓灵】出席2027示例国际金融博览会"
WU_TEXT = f"{WU}。2027示例国际金融博览会将于2027年5月12日至14日在上海国家会展中心举办。"


def _gbk_feed(declaration: str) -> bytes:
    return (
        f'{declaration}<rss version="2.0"><channel><title>示例资讯</title><link>http://example.invalid/</link>'
        f"<description>示例</description><item><title>{WU}</title><guid>wu-1</guid>"
        "<pubDate>Mon, 02 Nov 2026 02:00:00 GMT</pubDate>"
        f"<description>{WU_TEXT}</description></item></channel></rss>"
    ).encode("gbk")


def _titles(engine: Engine) -> list[str | None]:
    with Session(engine) as session:
        return list(session.scalars(select(Article.title)))


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(
            _gbk_feed('<?xml version="1.0" encoding="gb2312" encoding="utf-8"?>'),
            "application/rss+xml",
            id="two-encodings-in-the-declaration",
        ),
        pytest.param(
            _gbk_feed('<?xml version="1.0" encoding="gbk"?>'),
            "text/xml; charset=ISO-8859-1",
            id="gbk-labelled-latin1-by-the-server",
        ),
        pytest.param(_gbk_feed(""), "text/xml; charset=ISO-8859-1", id="gbk-labelled-latin1-undeclared"),
    ],
)
async def test_a_gbk_feed_that_misdeclares_its_encoding_is_read_as_chinese(
    engine: Engine,
    server: FeedServer,
    make_poller: PollerFactory,
    add_source: AddSource,
    body: bytes,
    content_type: str,
) -> None:
    source = add_source("gbk", server.route("/gbk.xml", Route(body=body, content_type=content_type)))
    outcome = await make_poller().poll(source)
    assert outcome.ok, outcome.error
    assert _titles(engine) == [WU]


async def test_a_feed_garbled_by_its_site_is_mended_when_nothing_was_lost(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    # The site stored its UTF-8 text read as Latin-1, and serves that as UTF-8.
    feed = _gbk_feed('<?xml version="1.0" encoding="utf-8"?>').decode("gbk")
    garbled = feed.encode("utf-8").decode("latin-1").encode("utf-8")
    source = add_source("double", server.route("/double.xml", Route(body=garbled)))
    outcome = await make_poller().poll(source)
    assert outcome.ok, outcome.error
    assert _titles(engine) == [WU]


async def test_a_feed_of_mojibake_is_refused_not_stored(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    # The site read its UTF-8 text as GBK (绀轰緥 for 示例), losing the bytes GBK has no character for.
    feed = _gbk_feed('<?xml version="1.0" encoding="utf-8"?>').decode("gbk")
    garbled = feed.encode("utf-8").decode("gbk", errors="replace").encode("utf-8")
    source = add_source("garbled", server.route("/garbled.xml", Route(body=garbled)))
    outcome = await make_poller().poll(source)
    assert not outcome.ok
    assert "garbled text (mojibake): the document declares utf-8" in (outcome.error or "")
    assert "garbled text" in (source_row(engine, source).last_error or "")
    assert count(engine, Article) == 0


async def test_a_garbled_item_is_left_out_and_the_rest_of_its_feed_is_read(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    # One item of the feed was GBK read as Latin-1 somewhere along the way (feedparser mends UTF-8 read as Latin-1).
    good = f"<item><title>{WU}</title><guid>wu-1</guid><description>{WU_TEXT}</description></item>"
    bad = good.replace("wu-1", "wu-2").replace(WU, WU.encode("gbk").decode("latin-1"))
    bad = bad.replace(WU_TEXT.removeprefix(WU), WU_TEXT.removeprefix(WU).encode("gbk").decode("latin-1"))
    feed = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>示例</title>{good}{bad}</channel></rss>'
    source = add_source("half", server.route("/half.xml", Route(body=feed.encode())))
    outcome = await make_poller().poll(source)
    assert outcome.ok, outcome.error
    assert _titles(engine) == [WU]


async def test_a_source_encoding_overrides_what_its_feed_declares(
    engine: Engine, server: FeedServer, make_poller: PollerFactory, add_source: AddSource
) -> None:
    body = _gbk_feed('<?xml version="1.0" encoding="utf-8"?>')
    source = add_source("forced", server.route("/forced.xml", Route(body=body)), encoding="gb18030")
    outcome = await make_poller().poll(source)
    assert outcome.ok, outcome.error
    assert _titles(engine) == [WU]


@pytest.mark.parametrize(
    "retry_after",
    [
        pytest.param("99999999999999999999", id="twenty-digit-seconds"),
        pytest.param("Fri, 31 Dec 9999 23:59:59 GMT", id="year-9999"),
    ],
)
async def test_an_absurd_retry_after_waits_no_longer_than_max_backoff(
    engine: Engine,
    server: FeedServer,
    make_poller: PollerFactory,
    add_source: AddSource,
    clock: FakeClock,
    retry_after: str,
) -> None:
    route = Route(status=503, content_type="text/plain", headers={"Retry-After": retry_after})
    source = add_source("busy", server.route("/busy.xml", route))
    poller = make_poller()
    outcome = await poller.poll(source)
    assert not outcome.ok
    row = source_row(engine, source)
    assert row.consecutive_failures == 1
    assert "HTTP 503" in (row.last_error or "")
    # Back in a day (max_backoff_seconds), not never.
    assert row.next_poll_at == clock.now + dt.timedelta(days=1)
    clock.advance(hours=25)
    server.route("/busy.xml", Route(body=GOOD_FEED))
    assert (await poller.poll(source)).ok
