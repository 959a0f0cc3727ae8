"""find_published() and find_dateline(): the page's own dates, never an event's."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from extract.chinese_dates import find_dates
from extract.normalize import normalize
from extract.published import Dateline, find_dateline, find_published

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
BODY = "为推进科技成果转移转化进程，加快形成开平生物医药产业的新质生产力，江门市科技局在开平联合举办了科技成果对接会。"


def _expected_rows() -> list[dict[str, object]]:
    path = SEEDS / "expected.jsonl"
    if not path.is_file():
        pytest.skip(f"seed pages not available at {SEEDS}")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            "类别:国内 发布时间:2023-02-18 08:02:00 来源:人民资讯", date(2023, 2, 18), id="label-publish-time"
        ),
        pytest.param("發(fā)布日期:2024-11-05 17:11:06", date(2024, 11, 5), id="label-traditional-with-pinyin"),
        pytest.param("发布日期：２０２４年１１月０５日", date(2024, 11, 5), id="label-chinese-date-fullwidth"),
        pytest.param("发表时间 2022/3/1", date(2022, 3, 1), id="label-slash-date"),
        pytest.param(
            f"标题\n来源:济南发布客户端\n2023-06-19 22:17:06\n{BODY}", date(2023, 6, 19), id="date-line-under-title"
        ),
        pytest.param(
            f"标题\n2024年11月05日 10:20 来源:江门日报\n{BODY}", date(2024, 11, 5), id="source-line-with-date"
        ),
        pytest.param(f"标题\n{BODY}\n相关新闻\n胶东在线 2023-06-19", None, id="related-list-date-ignored"),
        pytest.param(f"标题\n{BODY}\n发布时间:2023-02-18", date(2023, 2, 18), id="label-after-body-counts"),
        pytest.param(f"标题\n{BODY}\n来源:新华网 时间:2023年5月6日", date(2023, 5, 6), id="source-then-time-label"),
        pytest.param(f"标题\n{BODY}\n活动时间:2023年6月27日", None, id="event-time-label-is-not-publication"),
        pytest.param(f"展会通知\n活动时间:2023年6月27日\n{BODY}", None, id="event-time-in-header-is-not-publication"),
        pytest.param("快照生成时间:2023-02-18 08:45:09", None, id="snapshot-time-ignored"),
        pytest.param("发布时间:2023-02-30", None, id="impossible-date-rejected"),
        pytest.param(f"标题\n{BODY}", None, id="no-date-anywhere"),
    ],
)
def test_find_published(raw: str, expected: date | None) -> None:
    assert find_published(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            "标题\n人民网杭州10月18日电 (记者郭扬)日前,座谈会召开",
            Dateline(10, 18, None, "杭州", (3, 22)),
            id="dateline-people-daily-with-credit",
        ),
        pytest.param(
            "新华社北京3月1日电（记者 张三）会议", Dateline(3, 1, None, "北京", (0, 17)), id="dateline-xinhua"
        ),
        pytest.param("本报北京2023年3月1日讯 会议", Dateline(3, 1, 2023, "北京", (0, 14)), id="dateline-with-year"),
        pytest.param(
            "中新网上海三月一日电 展会", Dateline(3, 1, None, "上海", (0, 10)), id="dateline-chinese-numerals"
        ),
        pytest.param(
            "人民網(wǎng)杭州10月18日電 正文", Dateline(10, 18, None, "杭州", (0, 18)), id="dateline-traditional-pinyin"
        ),
        pytest.param(
            "南方日报讯 (记者/梁时禹)3月17日,梅州市举行对接活动", None, id="not-dateline-event-date-after-credit"
        ),
        pytest.param("12月20日,全省推进会在我市召开", None, id="not-dateline-plain-date"),
        pytest.param("会议指出,10月18日电力供应稳定", None, id="not-dateline-mid-sentence"),
    ],
)
def test_find_dateline(raw: str, expected: Dateline | None) -> None:
    assert find_dateline(raw) == expected


def test_seeds_publication_dates() -> None:
    for row in _expected_rows():
        raw = (SEEDS / str(row["file"])).read_text(encoding="utf-8")
        expected = row["page_published"]
        found = find_published(raw)
        assert (found.isoformat() if found else None) == expected, row["id"]


def test_seeds_publication_dates_survive_normalisation() -> None:
    for row in _expected_rows():
        raw = (SEEDS / str(row["file"])).read_text(encoding="utf-8")
        found = find_published(normalize(raw).text)
        assert (found.isoformat() if found else None) == row["page_published"], row["id"]


def test_seed_dateline_is_report_date_not_event_date() -> None:
    _expected_rows()
    raw = (SEEDS / "003_cc4e5c5c2185e5a5.txt").read_text(encoding="utf-8")
    dateline = find_dateline(raw)
    assert dateline is not None
    assert (dateline.month, dateline.day, dateline.city) == (10, 18, "杭州")
    mentions = find_dates(raw, published=None)
    assert all(m.partial_start != "10-18" for m in mentions)
    assert all(not (m.span[0] < dateline.span[1] and dateline.span[0] < m.span[1]) for m in mentions)
    # 日前 right after the dateline is the event's (vague, earlier) date.
    assert any(raw[m.span[0] : m.span[1]] == "日前" and m.relation == "before" for m in mentions)
