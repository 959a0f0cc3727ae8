"""Pure pieces of polling: pacing per host, backoff, Retry-After, encodings, Beijing days, job settings."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import cast

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from db.sources import backoff_seconds
from scheduler.decode import decode_page, mojibake
from scheduler.fetch import HostPacer, parse_retry_after
from scheduler.inflight import InFlight
from scheduler.jobs import ScheduledSource, sync_source_polls
from scheduler.poller import Poller, local_date


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.starts: list[tuple[str, float]] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def test_requests_to_one_host_are_a_second_apart_and_other_hosts_do_not_wait() -> None:
    time = FakeTime()
    pacer = HostPacer(1.0, clock=time.clock, sleep=time.sleep)
    for host in ["a.gov.cn", "a.gov.cn", "b.gov.cn", "a.gov.cn"]:
        await pacer.wait_turn(host)
        time.starts.append((host, time.now))
    a_times = [at for host, at in time.starts if host == "a.gov.cn"]
    assert all(later - earlier >= 1.0 for earlier, later in itertools.pairwise(a_times))
    b_time = next(at for host, at in time.starts if host == "b.gov.cn")
    assert b_time == a_times[1]  # b did not queue behind a


@pytest.mark.parametrize(
    ("failures", "expected"),
    [
        pytest.param(1, 1800, id="first-failure-waits-one-interval"),
        pytest.param(2, 3600, id="second-failure-doubles"),
        pytest.param(5, 28_800, id="fifth-failure-sixteen-intervals"),
        pytest.param(7, 86_400, id="capped-at-one-day"),
        pytest.param(500, 86_400, id="still-capped-after-many-failures"),
    ],
)
def test_backoff_grows_exponentially_up_to_a_day(failures: int, expected: float) -> None:
    assert backoff_seconds(30, failures, 86_400) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param("120", 120.0, id="retry-after-seconds"),
        pytest.param("Sat, 21 Nov 2026 10:01:00 GMT", 60.0, id="retry-after-http-date"),
        pytest.param("Sat, 21 Nov 2026 09:00:00 GMT", 0.0, id="retry-after-date-in-the-past"),
        pytest.param("soon", None, id="retry-after-unreadable"),
        pytest.param(None, None, id="retry-after-absent"),
        pytest.param(" 120 ", 120.0, id="retry-after-with-spaces"),
        pytest.param("99999999999999999999", 86_400.0, id="retry-after-overflowing-seconds-capped"),
        pytest.param("9" * 5000, 86_400.0, id="retry-after-thousands-of-digits-capped"),
        pytest.param("172800", 86_400.0, id="retry-after-two-days-capped-at-one"),
        pytest.param("Fri, 31 Dec 9999 23:59:59 GMT", 86_400.0, id="retry-after-year-9999-capped"),
        pytest.param("Sat, 21 Nov 2026 10:01:00 -0000", 60.0, id="retry-after-date-without-zone-is-utc"),
        pytest.param("-5", None, id="retry-after-negative"),
        pytest.param("1.5", None, id="retry-after-fraction"),
        pytest.param("١٢٠", None, id="retry-after-non-ascii-digits"),
    ],
)
def test_retry_after(header: str | None, expected: float | None) -> None:
    now = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC).timestamp()
    assert parse_retry_after(header, now, 86_400) == expected


TEXT = "2027示例市新能源汽车产业博览会将于4月在示例市国际会展中心举办，欢迎整车及零部件企业参展。"


@pytest.mark.parametrize(
    ("body", "http_charset", "override"),
    [
        pytest.param(
            f"<html><head><meta charset='utf-8'></head><body>{TEXT}</body></html>".encode(),
            "utf-8",
            None,
            id="honest-utf8",
        ),
        pytest.param(
            f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>{TEXT}</body></html>'.encode(
                "gbk"
            ),
            "utf-8",
            None,
            id="gbk-labelled-utf8-with-meta",
        ),
        pytest.param(
            f"<html><body>{TEXT * 3}</body></html>".encode("gb18030"), "utf-8", None, id="gbk-labelled-utf8-detector"
        ),
        pytest.param(f"<html><body>{TEXT}</body></html>".encode("gb18030"), None, "gbk", id="source-encoding-override"),
        pytest.param(
            b"\xef\xbb\xbf" + f"<html><body>{TEXT}</body></html>".encode(), "gbk", None, id="bom-beats-wrong-header"
        ),
        pytest.param(
            f"<html><head><meta charset='gbk'></head><body>{TEXT}</body></html>".encode("gbk"),
            "iso-8859-1",
            None,
            id="gbk-labelled-latin1-with-meta",
        ),
        pytest.param(
            f"<html><body>{TEXT * 3}</body></html>".encode("gb18030"), "windows-1252", None, id="gbk-labelled-cp1252"
        ),
        pytest.param(
            f"<html><head><meta charset='gb2312'></head><body>{TEXT}䶮</body></html>".encode("gb18030"),
            None,
            None,
            id="gb2312-read-as-gb18030",
        ),
    ],
)
def test_pages_decode_whatever_they_claim(body: bytes, http_charset: str | None, override: str | None) -> None:
    assert TEXT in decode_page(body, http_charset=http_charset, override=override)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("L'été à Paris: café, crème brûlée et théâtre. Größe, Übung, naïve façade.", id="french-german"),
        pytest.param("“Smart quotes” — and dashes… in English text, €100 ™", id="english-punctuation"),
        pytest.param(TEXT, id="chinese"),
        pytest.param("2027台北國際電子產業展覽會將於十月在南港展覽館舉行，歡迎業者參展。", id="traditional-chinese"),
    ],
)
def test_text_that_is_what_it_says_is_not_mojibake(text: str) -> None:
    assert mojibake(text * 3) is None


def test_chinese_misread_as_latin_is_mojibake() -> None:
    assert mojibake(TEXT.encode("gbk").decode("latin-1")) is not None
    assert mojibake(TEXT.encode("utf-8").decode("cp1252", errors="ignore")) is not None
    assert mojibake(TEXT.encode("gbk").decode("iso-8859-2", errors="ignore")) is not None
    assert mojibake(TEXT.encode("utf-8").decode("gbk", errors="replace")) is not None


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        pytest.param(
            dt.datetime(2021, 6, 18, 21, 28, tzinfo=dt.UTC), dt.date(2021, 6, 19), id="late-gmt-is-next-beijing-day"
        ),
        pytest.param(
            dt.datetime(2021, 6, 18, 15, 59, tzinfo=dt.UTC), dt.date(2021, 6, 18), id="before-beijing-midnight"
        ),
        pytest.param(None, None, id="undated-item"),
    ],
)
def test_feed_times_become_beijing_days(moment: dt.datetime | None, day: dt.date | None) -> None:
    assert local_date(moment) == day


async def test_each_enabled_source_gets_one_non_overlapping_job_on_its_own_interval() -> None:
    scheduler = AsyncIOScheduler(timezone=dt.UTC)
    now = dt.datetime(2026, 11, 21, 2, 0, tzinfo=dt.UTC)
    sources = [ScheduledSource(1, "demo", 60), ScheduledSource(2, "gd-gxt", 180)]
    poller = cast(Poller, object())  # the jobs are only registered here, never run
    sync_source_polls(
        scheduler,
        poller,
        InFlight(),
        sources,
        jitter_seconds=30,
        misfire_grace_seconds=300,
        now=now,
        rng=random.Random(7),
    )
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"poll:demo", "poll:gd-gxt"}
    for job, minutes in ((jobs["poll:demo"], 60), (jobs["poll:gd-gxt"], 180)):
        assert job.trigger.interval == dt.timedelta(minutes=minutes)
        assert job.trigger.jitter == 30
        assert (job.max_instances, job.coalesce, job.misfire_grace_time) == (1, True, 300)
        assert now < job.next_run_time <= now + dt.timedelta(seconds=31)


async def test_sources_added_changed_or_disabled_while_running_are_followed() -> None:
    scheduler = AsyncIOScheduler(timezone=dt.UTC)
    poller = cast(Poller, object())
    now = dt.datetime(2026, 11, 21, 2, 0, tzinfo=dt.UTC)
    sync_source_polls(
        scheduler,
        poller,
        InFlight(),
        [ScheduledSource(1, "demo", 60), ScheduledSource(2, "old", 60)],
        jitter_seconds=30,
        misfire_grace_seconds=300,
        now=now,
    )
    demo_next = scheduler.get_job("poll:demo").next_run_time

    later = now + dt.timedelta(minutes=5)
    sources = [ScheduledSource(1, "demo", 60), ScheduledSource(3, "added-by-admin", 15), ScheduledSource(2, "old", 30)]
    sync_source_polls(scheduler, poller, InFlight(), sources, jitter_seconds=30, misfire_grace_seconds=300, now=later)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"poll:demo", "poll:added-by-admin", "poll:old"}
    assert jobs["poll:demo"].next_run_time == demo_next  # untouched
    assert jobs["poll:added-by-admin"].next_run_time > later
    assert jobs["poll:old"].trigger.interval == dt.timedelta(minutes=30)

    sync_source_polls(
        scheduler,
        poller,
        InFlight(),
        [ScheduledSource(1, "demo", 60)],
        jitter_seconds=30,
        misfire_grace_seconds=300,
        now=later,
    )
    assert [job.id for job in scheduler.get_jobs()] == ["poll:demo"]
