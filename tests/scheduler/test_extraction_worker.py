"""The extraction worker process dying under a poll (OOM killer, `kill -9`): replaced, the batch read once more,
and a batch that kills a fresh worker too is its own source's failure, not everyone's.

Real worker processes; the tasks in :mod:`tests.scheduler.worker_faults` kill their own worker with SIGKILL.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db.models.events import Event
from extract import SourceHints, Taxonomy
from scheduler.extraction import ExtractionError, ProcessExtractor
from scheduler.poller import Poller
from tests.fakes.feed_server import FeedServer, Route
from tests.scheduler.conftest import source_row
from tests.scheduler.worker_faults import DIE_ONCE, DOWN_WHILE, POISON, extract_or_die

EXPO = "2027示例国际生物医药博览会将于2027年5月12日至14日在上海国家会展中心举办，预计吸引500家医药企业参展。"
MEETING = "2027示例智能制造产业对接会将于2027年6月8日在广州琶洲会展中心举行，200余家装备制造企业参加对接。"
PUBLISHED = dt.date(2026, 11, 2)


@pytest.fixture
def extractor(taxonomy: Taxonomy) -> Iterator[ProcessExtractor]:
    extractor = ProcessExtractor(taxonomy, task=extract_or_die)
    yield extractor
    extractor.close()


def _rss(guid: str, text: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>示例资讯</title>'
        "<link>http://example.invalid/</link><description>示例</description>"
        f'<item><title>{guid}</title><guid isPermaLink="false">{guid}</guid>'
        f"<pubDate>Mon, 02 Nov 2026 02:00:00 GMT</pubDate><description><![CDATA[<p>{text}</p>]]></description>"
        "</item></channel></rss>"
    ).encode()


async def test_a_batch_whose_worker_dies_is_read_again_on_a_new_worker(
    extractor: ProcessExtractor, tmp_path: Path
) -> None:
    marker = tmp_path / "died"
    found = await extractor.extract([(f"{EXPO}{DIE_ONCE}{marker} 。", PUBLISHED)], SourceHints())
    assert marker.exists()  # the first worker really died on it
    assert [event.name for event in found[0]] == ["2027示例国际生物医药博览会"]
    assert (extractor.status.restarts, extractor.status.broken) == (1, False)
    # The new worker goes on serving later batches.
    again = await extractor.extract([(MEETING, PUBLISHED)], SourceHints())
    assert [event.name for event in again[0]] == ["2027示例智能制造产业对接会"]
    assert extractor.status.restarts == 1


async def test_a_batch_that_kills_every_worker_fails_with_a_clear_error_and_the_next_batch_works(
    extractor: ProcessExtractor,
) -> None:
    with pytest.raises(ExtractionError, match=r"died while reading this batch .*twice: 1 item\(s\) not read$"):
        await extractor.extract([(f"{EXPO}{POISON}", PUBLISHED)], SourceHints())
    # The batch was the cause, not the worker: the third worker, started after it, is up.
    assert (extractor.status.restarts, extractor.status.broken) == (2, False)
    found = await extractor.extract([(MEETING, PUBLISHED)], SourceHints())
    assert [event.name for event in found[0]] == ["2027示例智能制造产业对接会"]
    assert extractor.status.restarts == 2


async def test_a_worker_that_dies_on_anything_is_down_until_one_works_again(
    extractor: ProcessExtractor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_memory = tmp_path / "no-memory"
    no_memory.touch()
    monkeypatch.setenv(DOWN_WHILE, str(no_memory))
    with pytest.raises(ExtractionError, match=r"not read; no new worker works either$"):
        await extractor.extract([(MEETING, PUBLISHED)], SourceHints())
    assert extractor.status.broken is True
    no_memory.unlink()
    found = await extractor.extract([(MEETING, PUBLISHED)], SourceHints())
    assert [event.name for event in found[0]] == ["2027示例智能制造产业对接会"]
    assert extractor.status.broken is False


async def test_a_source_whose_articles_kill_the_worker_fails_alone(
    engine: Engine,
    server: FeedServer,
    make_poller: Callable[..., Poller],
    add_source: Callable[..., int],
    extractor: ProcessExtractor,
) -> None:
    poisoned = add_source("poisoned", server.route("/poisoned.xml", Route(body=_rss("p-1", f"{EXPO}{POISON}"))))
    healthy = add_source("healthy", server.route("/healthy.xml", Route(body=_rss("h-1", MEETING))))
    poller = make_poller(extractor=extractor)

    failed = await poller.poll(poisoned)
    assert not failed.ok
    assert failed.error is not None
    assert "extraction worker died" in failed.error
    row = source_row(engine, poisoned)
    assert row.consecutive_failures == 1
    assert row.last_error is not None
    assert "extraction worker died" in row.last_error
    assert row.next_poll_at is not None  # it backs off like any failing source

    fine = await poller.poll(healthy)
    assert fine.ok, fine.error
    with Session(engine) as session:
        assert list(session.scalars(select(Event.name))) == ["2027示例智能制造产业对接会"]
    assert source_row(engine, healthy).consecutive_failures == 0


async def test_a_batch_that_kills_every_worker_costs_no_other_batch_in_flight(extractor: ProcessExtractor) -> None:
    # Both batches are on the worker when the first kills it; both are read again, the killer on its own.
    poisoned, fine = await asyncio.gather(
        extractor.extract([(f"{EXPO}{POISON}", PUBLISHED)], SourceHints()),
        extractor.extract([(MEETING, PUBLISHED)], SourceHints()),
        return_exceptions=True,
    )
    assert isinstance(poisoned, ExtractionError)
    assert not isinstance(fine, BaseException)
    assert [event.name for event in fine[0]] == ["2027示例智能制造产业对接会"]
