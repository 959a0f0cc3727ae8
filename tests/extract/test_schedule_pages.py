"""Pages the engine did not read before (issue #10, item 6): exhibition schedules.

A schedule (展会排期) lists a city's or a venue's fairs, one per table row, list item or line; a planner expects one
calendar entry per fair, with that fair's own dates and venue. The pages (`tests/extract/schedule_pages.py`) are
written by us in the style of a 商务局 schedule, a Word-exported 计划表, a 会展网 list and trafilatura's text of a
schedule; each test is named for what a user of the calendar would notice. Traditional-script pages are in
test_traditional_pages.py.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from extract import Taxonomy
from extract.normalize import normalize
from extract.spelling import fold
from tests.extract.reading import by_name, read_events
from tests.extract.schedule_pages import (
    CITY_IDS,
    CITY_PUBLISHED,
    CITY_ROWS,
    CITY_SCHEDULE,
    CITY_SCHEDULE_TEXT,
    LINE_SCHEDULE,
    LIST_SCHEDULE,
    WORD_SCHEDULE,
)

# --- schedules: one event per row, with that row's dates and venue ---------------------------------------------


@pytest.mark.parametrize(("name", "start", "end", "venue", "city"), CITY_ROWS, ids=CITY_IDS)
def test_schedule_table_row_keeps_its_own_dates(
    name: str, start: date, end: date, venue: str, city: str, taxonomy: Taxonomy
) -> None:
    event = by_name(read_events(CITY_SCHEDULE, taxonomy, CITY_PUBLISHED), name)
    assert (event.start, event.end, event.date_precision) == (start, end, "day")
    assert event.status == "upcoming"


@pytest.mark.parametrize(("name", "start", "end", "venue", "city"), CITY_ROWS, ids=CITY_IDS)
def test_schedule_table_row_keeps_its_own_venue(
    name: str, start: date, end: date, venue: str, city: str, taxonomy: Taxonomy
) -> None:
    event = by_name(read_events(CITY_SCHEDULE, taxonomy, CITY_PUBLISHED), name)
    assert (event.venue, event.city, event.province) == (venue, city, "广东")


def test_undated_schedule_row_does_not_borrow_a_neighbours_dates(taxonomy: Taxonomy) -> None:
    event = by_name(read_events(CITY_SCHEDULE, taxonomy, CITY_PUBLISHED), "第29届广州国际美容博览会")
    assert (event.start, event.end, event.partial_date) == (None, None, None)
    assert event.venue == "中国进出口商品交易会展馆"


def test_schedule_row_is_one_line_of_its_cells() -> None:
    lines = normalize(CITY_SCHEDULE).text.splitlines()
    assert "序号，展会名称，举办时间，举办地点，主办单位" in lines
    assert "4，2025世界生物医药产业大会，6月10日-12日，广州白云国际会议中心，广州市人民政府" in lines


def test_schedule_header_row_is_not_an_event(taxonomy: Taxonomy) -> None:
    names = [e.name for e in read_events(CITY_SCHEDULE, taxonomy, CITY_PUBLISHED)]
    assert not [n for n in names if re.search("名称|序号|举办时间|举办地点|主办单位", n)]


def test_schedule_row_evidence_points_at_its_own_row(taxonomy: Taxonomy) -> None:
    events = read_events(CITY_SCHEDULE, taxonomy, CITY_PUBLISHED)
    for name, start, _, _, _ in CITY_ROWS:
        evidence = by_name(events, name).evidence
        quoted = CITY_SCHEDULE[evidence.start : evidence.end]
        assert quoted == evidence.sentence
        # Only this row: it names this fair's own date and never reaches into the next row.
        assert f"{start.month}月{start.day}日" in quoted
        assert "<tr>" not in quoted, quoted


def test_markdown_table_reads_like_the_html_table(taxonomy: Taxonomy) -> None:
    """The poller hands over trafilatura's text of a page, where the table is a markdown table."""
    row = re.compile(r"\d，")
    html_rows = [line for line in normalize(CITY_SCHEDULE).text.splitlines() if row.match(line)]
    text_rows = [line for line in normalize(CITY_SCHEDULE_TEXT).text.splitlines() if row.match(line)]
    assert len(html_rows) == 6
    assert text_rows == html_rows

    def read(text: str) -> set[tuple[str, date | None, date | None, str | None]]:
        return {(e.name, e.start, e.end, e.venue) for e in read_events(text, taxonomy, CITY_PUBLISHED)}

    assert read(CITY_SCHEDULE_TEXT) == read(CITY_SCHEDULE)


@pytest.mark.parametrize(
    ("name", "start", "end", "venue"),
    [
        ("第二十二届中国西部国际博览会", date(2025, 9, 25), date(2025, 9, 29), "中国西部国际博览城"),
        ("第31届中国(成都)国际汽车展览会", date(2025, 8, 29), date(2025, 9, 7), "中国西部国际博览城"),
        ("2025成都国际工业博览会", date(2025, 11, 26), date(2025, 11, 28), "成都世纪城新国际会展中心"),
    ],
    ids=["western-china-fair", "auto-show", "industry-fair"],
)
def test_word_exported_schedule_rows_are_read_whole(
    name: str, start: date, end: date, venue: str, taxonomy: Taxonomy
) -> None:
    event = by_name(read_events(WORD_SCHEDULE, taxonomy, date(2025, 7, 1)), name)
    assert (event.start, event.end, event.venue, event.city) == (start, end, venue, "成都")


def test_word_markup_is_not_read_as_text() -> None:
    text = normalize(WORD_SCHEDULE).text
    assert text.splitlines()[0] == "成都市2025年下半年重点展会计划表"
    assert "Normal" not in text
    assert "MsoNormal" not in text
    assert "font-size" not in text


def test_raw_page_headline_is_its_title_not_markup() -> None:
    text = normalize(CITY_SCHEDULE).text
    assert text.splitlines()[0] == "2025年广州展会排期(3月-8月)-广州市商务局"
    assert "_hmt" not in text
    assert "访问统计" not in text
    assert "padding" not in text


@pytest.mark.parametrize(
    ("name", "start", "end", "venue"),
    [
        ("2025中国国际智能制造装备博览会", date(2025, 3, 6), date(2025, 3, 8), "中国国际展览中心(顺义馆)"),
        ("第三十二届中国国际医疗器械博览会", date(2025, 3, 12), date(2025, 3, 14), "国家会议中心"),
        ("第十四届中国国际储能大会", date(2025, 3, 26), date(2025, 3, 28), "北京展览馆"),
    ],
    ids=["first-item", "middle-item", "last-item"],
)
def test_schedule_list_item_keeps_its_own_dates(
    name: str, start: date, end: date, venue: str, taxonomy: Taxonomy
) -> None:
    event = by_name(read_events(LIST_SCHEDULE, taxonomy, date(2025, 2, 28)), name)
    assert (event.start, event.end, event.venue, event.city) == (start, end, venue, "北京")


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        ("第十三届中国电子信息博览会", date(2025, 4, 9), date(2025, 4, 11)),
        ("2025深圳国际人工智能展览会", date(2025, 4, 16), date(2025, 4, 18)),
        ("第二十届中国国际半导体博览会", date(2025, 4, 23), date(2025, 4, 25)),
    ],
    ids=["first-line", "middle-line", "last-line"],
)
def test_schedule_line_keeps_its_own_dates(name: str, start: date, end: date, taxonomy: Taxonomy) -> None:
    event = by_name(read_events(LINE_SCHEDULE, taxonomy, date(2025, 3, 25)), name)
    assert (event.start, event.end, event.city, event.province) == (start, end, "深圳", "广东")
    assert event.venue is not None
    assert event.venue.startswith("深圳会展中心")


def test_layout_table_keeps_the_article_paragraphs(taxonomy: Taxonomy) -> None:
    """An older government site lays the whole page out in a table: its cells are blocks, not a row of data."""
    article = (
        "<p>为加快推进生物医药产业高质量发展，搭建企业与科研院所、投资机构交流合作平台，经研究，"
        "定于2025年6月18日在市会展中心举办2025年梅州市生物医药产业招商推介会，现将有关事项通知如下。</p>"
        "<p>一、参会人员：各县（市、区）商务主管部门分管负责同志，重点生物医药企业负责人，"
        "有关高校、科研院所和投资机构代表。请各单位于6月10日前将参会回执报送市商务局投资促进科。</p>"
        "<p>二、活动安排：上午举行开幕式和项目签约仪式，下午分设创新药、医疗器械、中医药三个专场，"
        "开展项目路演和对接洽谈，参会企业可提前提交合作需求，主办方将根据需求安排一对一洽谈。</p>"
        "<p>三、其他事项：请参会人员提前二十分钟到场签到，会场不设停车位，请尽量乘坐公共交通前往。"
        "联系人：李先生，联系电话0753-2188888。各单位务必高度重视，认真组织，确保活动取得实效。</p>"
    )
    page = (
        '<table width="1000" align="center"><tr><td width="200" valign="top">'
        '<div class="menu"><a href="/">首页</a><a href="/tzgg/">通知公告</a></div></td>'
        '<td width="800" valign="top"><h1>关于举办2025年梅州市生物医药产业招商推介会的通知</h1>'
        f'<div class="date">发布时间：2025-05-30</div>{article}</td></tr></table>'
    )
    lines = normalize(page).text.splitlines()
    assert "关于举办2025年梅州市生物医药产业招商推介会的通知" in lines
    assert any(line.startswith("二、活动安排") for line in lines)
    event = by_name(read_events(page, taxonomy, date(2025, 5, 30)), "2025年梅州市生物医药产业招商推介会")
    assert (event.start, event.city) == (date(2025, 6, 18), "梅州")


@pytest.mark.parametrize(
    "page", [CITY_SCHEDULE, CITY_SCHEDULE_TEXT, WORD_SCHEDULE, LIST_SCHEDULE], ids=["html", "md", "word", "list"]
)
def test_schedule_page_maps_back_to_the_page(page: str) -> None:
    """Every character of the clean text points, in order, at the part of the page it came from."""
    result = normalize(page)
    positions = [result.to_original(i) for i in range(len(result.text) + 1)]
    assert positions == sorted(positions)
    for i, ch in enumerate(result.text):
        start, end = result.original_span(i, i + 1)
        assert 0 <= start < end <= len(page)
        # A character stands for itself (folded: 會 is 会, （ is (); a line break or cell separator for a tag.
        assert fold(page[start:end]) == ch or end - start > 1 or ch in "\n ，", (i, ch, page[start:end])


# --- schedules: a title's year and venue, listing titles ----------------------------------------------------


def test_schedule_title_year_gives_the_year_of_its_rows(taxonomy: Taxonomy) -> None:
    page = (
        "2025年上海展会排期\n发布时间：2024-12-20\n"
        "| 展会名称 | 举办时间 | 举办地点 |\n|---|---|---|\n"
        "| 第八届中国国际进口博览会 | 11月5日至10日 | 国家会展中心（上海） |\n"
        "| 2025上海国际汽车工业展览会 | 4月23日-5月2日 | 国家会展中心（上海） |"
    )
    events = read_events(page, taxonomy, date(2024, 12, 20))
    assert by_name(events, "第八届中国国际进口博览会").start == date(2025, 11, 5)


def test_venue_schedule_row_takes_the_venue_of_the_page(taxonomy: Taxonomy) -> None:
    page = (
        "<h1>深圳国际会展中心2025年下半年展会排期</h1><p>发布时间：2025-06-18</p><table>"
        "<tr><th>展会名称</th><th>展览时间</th><th>展馆</th></tr>"
        "<tr><td>第26届中国国际光电博览会</td><td>2025年9月10日-12日</td><td>1-12号馆</td></tr>"
        "<tr><td>2025中国国际医疗器械博览会</td><td>2025年12月3日-5日</td><td>9号馆、10号馆</td></tr></table>"
    )
    event = by_name(read_events(page, taxonomy, date(2025, 6, 18)), "第26届中国国际光电博览会")
    assert (event.start, event.end) == (date(2025, 9, 10), date(2025, 9, 12))
    assert (event.venue, event.city) == ("深圳国际会展中心", "深圳")


def test_schedule_row_named_with_a_bare_zhan_is_an_event(taxonomy: Taxonomy) -> None:
    page = (
        "<h1>香港會議展覽中心活動日程</h1><table><tr><th>展覽會名稱</th><th>日期</th></tr>"
        "<tr><td>香港秋季電子產品展</td><td>2025年10月13日至16日</td></tr></table>"
    )
    event = by_name(read_events(page, taxonomy, date(2025, 6, 30)), "香港秋季电子产品展")
    assert (event.start, event.end) == (date(2025, 10, 13), date(2025, 10, 16))


def test_schedule_title_is_not_an_event(taxonomy: Taxonomy) -> None:
    names = [e.name for e in read_events(CITY_SCHEDULE, taxonomy, CITY_PUBLISHED)]
    assert not [n for n in names if n.endswith("展会")], names
