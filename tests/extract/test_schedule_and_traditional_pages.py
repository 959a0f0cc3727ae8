"""Pages the engine did not read before (issue #10, item 6): exhibition schedules and traditional-script pages.

A schedule (展会排期) lists a city's or a venue's fairs, one per table row, list item or line; a planner expects one
calendar entry per fair, with that fair's own dates and venue. Pages from Hong Kong and Taiwan are written in
traditional script and name venues the mainland press rarely does. The pages are written by us in the style of a
商务局 schedule, a Word-exported 计划表, a 会展网 list, trafilatura's text of a schedule, a Hong Kong paper and a
Taiwan wire story; each test is named for what a user of the calendar would notice.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from extract import ExtractedEvent, Taxonomy, extract_events
from extract.normalize import normalize
from extract.spelling import fold

# A city's schedule as a CMS prints it: the whole page on one line, year only in the title, a header row, a row
# whose dates are not fixed yet, an en dash in one range.
_CITY_SCHEDULE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>2025年广州展会排期（3月-8月）-广州市商务局</title>'
    '<script type="text/javascript">var _hmt = _hmt || [];document.write("<span>访问统计</span>");</script>'
    "<style>.TRS_Editor td{padding:4px;}</style></head><body>"
    '<div class="crumb">当前位置：首页 &gt; 会展服务 &gt; 展会排期</div><div class="article">'
    '<h2>2025年广州展会排期（3月-8月）</h2><div class="meta">发布日期：2025-02-26　来源：广州市商务局</div>'
    '<div class="TRS_Editor"><p>为方便企业参展观展，现将2025年3月至8月在我市举办的部分重点展会信息公布如下，'
    "具体以主办方公布为准。</p>"
    '<table width="100%" border="1" cellspacing="0" cellpadding="0"><tbody>'
    "<tr><td><strong>序号</strong></td><td><strong>展会名称</strong></td><td><strong>举办时间</strong></td>"
    "<td><strong>举办地点</strong></td><td><strong>主办单位</strong></td></tr>"
    "<tr><td>1</td><td>第137届中国进出口商品交易会（第一期）</td><td>4月15日-19日</td>"
    "<td>中国进出口商品交易会展馆</td><td>商务部、广东省人民政府</td></tr>"
    "<tr><td>2</td><td>2025中国（广州）国际物流装备与技术展览会</td><td>5月26日至28日</td>"
    "<td>广州保利世贸博览馆</td><td>中国物流与采购联合会</td></tr>"
    "<tr><td>3</td><td>第29届广州国际美容博览会</td><td>待定</td><td>中国进出口商品交易会展馆</td>"
    "<td>广东省美容美发化妆品行业协会</td></tr>"
    "<tr><td>4</td><td>2025世界生物医药产业大会</td><td>6月10日-12日</td><td>广州白云国际会议中心</td>"
    "<td>广州市人民政府</td></tr>"
    "<tr><td>5</td><td>第二十六届中国（广州）国际建筑装饰博览会</td><td>7月8日—11日</td>"
    "<td>广交会展馆A、B区</td><td>中国建筑装饰协会</td></tr>"
    "<tr><td>6</td><td>2025亚洲电子生产设备暨微电子工业展览会</td><td>8月20日-22日</td>"
    "<td>广州南丰国际会展中心</td><td>广东省电子信息行业协会</td></tr>"
    "</tbody></table><p>（注：展会信息如有变动，以主办单位发布为准。）</p></div></div>"
    '<div class="footer">版权所有：广州市商务局　粤ICP备12345678号</div></body></html>'
)
_CITY_PUBLISHED = date(2025, 2, 26)

# (name, start, end, venue as written, city) of each dated fair of `_CITY_SCHEDULE`.
_CITY_ROWS = [
    ("第137届中国进出口商品交易会(第一期)", date(2025, 4, 15), date(2025, 4, 19), "中国进出口商品交易会展馆", "广州"),
    ("2025中国(广州)国际物流装备与技术展览会", date(2025, 5, 26), date(2025, 5, 28), "广州保利世贸博览馆", "广州"),
    ("2025世界生物医药产业大会", date(2025, 6, 10), date(2025, 6, 12), "广州白云国际会议中心", "广州"),
    ("第二十六届中国(广州)国际建筑装饰博览会", date(2025, 7, 8), date(2025, 7, 11), "广交会展馆", "广州"),
    ("2025亚洲电子生产设备暨微电子工业展览会", date(2025, 8, 20), date(2025, 8, 22), "广州南丰国际会展中心", "广州"),
]

_CITY_IDS = ["canton-fair", "logistics-expo", "biomedicine-congress", "decoration-fair", "electronics-expo"]

# The same schedule as trafilatura gives it to the poller (`scheduler.pages.read_article`): a markdown table.
_CITY_SCHEDULE_TEXT = """2025年广州展会排期（3月-8月）
发布日期：2025-02-26　来源：广州市商务局
为方便企业参展观展，现将2025年3月至8月在我市举办的部分重点展会信息公布如下，具体以主办方公布为准。
| 序号 | 展会名称 | 举办时间 | 举办地点 | 主办单位 |
|---|---|---|---|---|
| 1 | 第137届中国进出口商品交易会（第一期） | 4月15日-19日 | 中国进出口商品交易会展馆 | 商务部、广东省人民政府 |
| 2 | 2025中国（广州）国际物流装备与技术展览会 | 5月26日至28日 | 广州保利世贸博览馆 | 中国物流与采购联合会 |
| 3 | 第29届广州国际美容博览会 | 待定 | 中国进出口商品交易会展馆 | 广东省美容美发化妆品行业协会 |
| 4 | 2025世界生物医药产业大会 | 6月10日-12日 | 广州白云国际会议中心 | 广州市人民政府 |
| 5 | 第二十六届中国（广州）国际建筑装饰博览会 | 7月8日—11日 | 广交会展馆A、B区 | 中国建筑装饰协会 |
| 6 | 2025亚洲电子生产设备暨微电子工业展览会 | 8月20日-22日 | 广州南丰国际会展中心 | 广东省电子信息行业协会 |
（注：展会信息如有变动，以主办单位发布为准。）"""

# A plan exported from Word: every cell on lines of its own, a date split over paragraphs and spans, a <br> in a
# cell, attributes wrapped over lines, Word's <xml> and conditional comments in the head.
_WORD_SCHEDULE = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<title>成都市2025年下半年重点展会计划表</title>
<!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:View>Normal</w:View>
  <w:Zoom>0</w:Zoom>
 </w:WordDocument>
</xml><![endif]-->
<style>
<!--
 p.MsoNormal {margin:0cm; font-size:10.5pt; font-family:等线;}
-->
</style>
</head>
<body lang=ZH-CN style='text-justify-trim:punctuation'>
<div class=WordSection1>
<p class=MsoNormal align=center style='text-align:center'><b><span
style='font-size:16.0pt'>成都市2025年下半年重点展会计划表</span></b></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0
 style='border-collapse:collapse;border:none'>
 <tr style='height:20.0pt'>
  <td width=200 valign=top style='width:150.0pt;border:solid windowtext 1.0pt;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><b><span style='font-size:12.0pt'>展会名称</span></b></p>
  </td>
  <td width=120 valign=top style='width:90.0pt;border:solid windowtext 1.0pt;
  border-left:none;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><b><span style='font-size:12.0pt'>展期</span></b></p>
  </td>
  <td width=150 valign=top style='width:110.0pt;border:solid windowtext 1.0pt;
  border-left:none;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><b><span style='font-size:12.0pt'>展馆</span></b></p>
  </td>
 </tr>
 <tr style='height:20.0pt'>
  <td width=200 valign=top style='width:150.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span>第二十二届中国西部国际博览会</span></p>
  </td>
  <td width=120 valign=top style='width:90.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span lang=EN-US>2025</span><span>年</span></p>
  <p class=MsoNormal><span lang=EN-US>9</span><span>月</span><span lang=EN-US>25</span><span>日</span><span
  lang=EN-US>-29</span><span>日</span></p>
  </td>
  <td width=150 valign=top style='width:110.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span>中国西部国际博览城</span></p>
  </td>
 </tr>
 <tr style='height:20.0pt'>
  <td width=200 valign=top style='width:150.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span>第</span><span lang=EN-US>31</span><span>届中国（成都）国际汽车展览会</span></p>
  </td>
  <td width=120 valign=top style='width:90.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span lang=EN-US>2025</span><span>年</span><span lang=EN-US>8</span><span>月</span><span
  lang=EN-US>29</span><span>日至</span><span lang=EN-US>9</span><span>月</span><span lang=EN-US>7</span><span>日</span></p>
  </td>
  <td width=150 valign=top style='width:110.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span>中国西部国际博览城</span><span lang=EN-US><br>
  </span><span>（</span><span lang=EN-US>1-9</span><span>号馆）</span></p>
  </td>
 </tr>
 <tr style='height:20.0pt'>
  <td width=200 valign=top style='width:150.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span lang=EN-US>2025</span><span>成都国际工业博览会</span></p>
  </td>
  <td width=120 valign=top style='width:90.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span lang=EN-US>2025</span><span>年</span><span lang=EN-US>11</span><span>月</span><span
  lang=EN-US>26</span><span>日</span><span lang=EN-US>-28</span><span>日</span></p>
  </td>
  <td width=150 valign=top style='width:110.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span>成都世纪城新国际会展中心</span></p>
  </td>
 </tr>
</table>
</div>
</body>
</html>
"""

# A 会展网 month list: one fair per <li>, the date last, so a fair's nearest date on a run-together line would be
# the one of the fair before it.
_LIST_SCHEDULE = (
    '<div class="list"><h1>2025年3月北京展会一览</h1><p class="info">2025-02-28 10:12 来源：北京会展网</p>'
    '<ul class="zhlist">'
    '<li><a href="/zh/20250306.html">2025中国国际智能制造装备博览会</a><span class="dd">中国国际展览中心（顺义馆）'
    '</span><span class="rq">3月6日-8日</span></li>'
    '<li><a href="/zh/20250312.html">第三十二届中国国际医疗器械博览会</a><span class="dd">国家会议中心</span>'
    '<span class="rq">3月12日至14日</span></li>'
    '<li><a href="/zh/20250326.html">第十四届中国国际储能大会</a><span class="dd">北京展览馆</span>'
    '<span class="rq">3月26日-28日</span></li>'
    "</ul></div>"
)

# A venue's month plan as plain lines, one fair per line.
_LINE_SCHEDULE = """深圳会展中心2025年4月展会安排
发布时间：2025-03-25
1、4月9日-11日 第十三届中国电子信息博览会 深圳会展中心1-9号馆
2、4月16日-18日 2025深圳国际人工智能展览会 深圳会展中心(福田)6号馆
3、4月23日至25日 第二十届中国国际半导体博览会 深圳会展中心1号馆、2号馆"""


def _events(text: str, taxonomy: Taxonomy, published: date | None) -> list[ExtractedEvent]:
    return extract_events(text, published=published, taxonomy=taxonomy)


def _by_name(events: list[ExtractedEvent], name: str) -> ExtractedEvent:
    found = [e for e in events if e.name == name]
    assert len(found) == 1, (name, [e.name for e in events])
    return found[0]


# --- schedules: one event per row, with that row's dates and venue ---------------------------------------------


@pytest.mark.parametrize(("name", "start", "end", "venue", "city"), _CITY_ROWS, ids=_CITY_IDS)
def test_schedule_table_row_keeps_its_own_dates(
    name: str, start: date, end: date, venue: str, city: str, taxonomy: Taxonomy
) -> None:
    event = _by_name(_events(_CITY_SCHEDULE, taxonomy, _CITY_PUBLISHED), name)
    assert (event.start, event.end, event.date_precision) == (start, end, "day")
    assert event.status == "upcoming"


@pytest.mark.parametrize(("name", "start", "end", "venue", "city"), _CITY_ROWS, ids=_CITY_IDS)
def test_schedule_table_row_keeps_its_own_venue(
    name: str, start: date, end: date, venue: str, city: str, taxonomy: Taxonomy
) -> None:
    event = _by_name(_events(_CITY_SCHEDULE, taxonomy, _CITY_PUBLISHED), name)
    assert (event.venue, event.city, event.province) == (venue, city, "广东")


def test_undated_schedule_row_does_not_borrow_a_neighbours_dates(taxonomy: Taxonomy) -> None:
    event = _by_name(_events(_CITY_SCHEDULE, taxonomy, _CITY_PUBLISHED), "第29届广州国际美容博览会")
    assert (event.start, event.end, event.partial_date) == (None, None, None)
    assert event.venue == "中国进出口商品交易会展馆"


def test_schedule_row_is_one_line_of_its_cells() -> None:
    lines = normalize(_CITY_SCHEDULE).text.splitlines()
    assert "序号，展会名称，举办时间，举办地点，主办单位" in lines
    assert "4，2025世界生物医药产业大会，6月10日-12日，广州白云国际会议中心，广州市人民政府" in lines


def test_schedule_header_row_is_not_an_event(taxonomy: Taxonomy) -> None:
    names = [e.name for e in _events(_CITY_SCHEDULE, taxonomy, _CITY_PUBLISHED)]
    assert not [n for n in names if re.search("名称|序号|举办时间|举办地点|主办单位", n)]


def test_schedule_row_evidence_points_at_its_own_row(taxonomy: Taxonomy) -> None:
    events = _events(_CITY_SCHEDULE, taxonomy, _CITY_PUBLISHED)
    for name, start, _, _, _ in _CITY_ROWS:
        evidence = _by_name(events, name).evidence
        quoted = _CITY_SCHEDULE[evidence.start : evidence.end]
        assert quoted == evidence.sentence
        # Only this row: it names this fair's own date and never reaches into the next row.
        assert f"{start.month}月{start.day}日" in quoted
        assert "<tr>" not in quoted, quoted


def test_markdown_table_reads_like_the_html_table(taxonomy: Taxonomy) -> None:
    """The poller hands over trafilatura's text of a page, where the table is a markdown table."""
    row = re.compile(r"\d，")
    html_rows = [line for line in normalize(_CITY_SCHEDULE).text.splitlines() if row.match(line)]
    text_rows = [line for line in normalize(_CITY_SCHEDULE_TEXT).text.splitlines() if row.match(line)]
    assert len(html_rows) == 6
    assert text_rows == html_rows

    def read(text: str) -> set[tuple[str, date | None, date | None, str | None]]:
        return {(e.name, e.start, e.end, e.venue) for e in _events(text, taxonomy, _CITY_PUBLISHED)}

    assert read(_CITY_SCHEDULE_TEXT) == read(_CITY_SCHEDULE)


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
    event = _by_name(_events(_WORD_SCHEDULE, taxonomy, date(2025, 7, 1)), name)
    assert (event.start, event.end, event.venue, event.city) == (start, end, venue, "成都")


def test_word_markup_is_not_read_as_text() -> None:
    text = normalize(_WORD_SCHEDULE).text
    assert text.splitlines()[0] == "成都市2025年下半年重点展会计划表"
    assert "Normal" not in text
    assert "MsoNormal" not in text
    assert "font-size" not in text


def test_raw_page_headline_is_its_title_not_markup() -> None:
    text = normalize(_CITY_SCHEDULE).text
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
    event = _by_name(_events(_LIST_SCHEDULE, taxonomy, date(2025, 2, 28)), name)
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
    event = _by_name(_events(_LINE_SCHEDULE, taxonomy, date(2025, 3, 25)), name)
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
    event = _by_name(_events(page, taxonomy, date(2025, 5, 30)), "2025年梅州市生物医药产业招商推介会")
    assert (event.start, event.city) == (date(2025, 6, 18), "梅州")


@pytest.mark.parametrize(
    "page", [_CITY_SCHEDULE, _CITY_SCHEDULE_TEXT, _WORD_SCHEDULE, _LIST_SCHEDULE], ids=["html", "md", "word", "list"]
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
    events = _events(page, taxonomy, date(2024, 12, 20))
    assert _by_name(events, "第八届中国国际进口博览会").start == date(2025, 11, 5)


def test_venue_schedule_row_takes_the_venue_of_the_page(taxonomy: Taxonomy) -> None:
    page = (
        "<h1>深圳国际会展中心2025年下半年展会排期</h1><p>发布时间：2025-06-18</p><table>"
        "<tr><th>展会名称</th><th>展览时间</th><th>展馆</th></tr>"
        "<tr><td>第26届中国国际光电博览会</td><td>2025年9月10日-12日</td><td>1-12号馆</td></tr>"
        "<tr><td>2025中国国际医疗器械博览会</td><td>2025年12月3日-5日</td><td>9号馆、10号馆</td></tr></table>"
    )
    event = _by_name(_events(page, taxonomy, date(2025, 6, 18)), "第26届中国国际光电博览会")
    assert (event.start, event.end) == (date(2025, 9, 10), date(2025, 9, 12))
    assert (event.venue, event.city) == ("深圳国际会展中心", "深圳")


def test_schedule_row_named_with_a_bare_zhan_is_an_event(taxonomy: Taxonomy) -> None:
    page = (
        "<h1>香港會議展覽中心活動日程</h1><table><tr><th>展覽會名稱</th><th>日期</th></tr>"
        "<tr><td>香港秋季電子產品展</td><td>2025年10月13日至16日</td></tr></table>"
    )
    event = _by_name(_events(page, taxonomy, date(2025, 6, 30)), "香港秋季电子产品展")
    assert (event.start, event.end) == (date(2025, 10, 13), date(2025, 10, 16))


def test_schedule_title_is_not_an_event(taxonomy: Taxonomy) -> None:
    names = [e.name for e in _events(_CITY_SCHEDULE, taxonomy, _CITY_PUBLISHED)]
    assert not [n for n in names if n.endswith("展会")], names


# --- Hong Kong and Taiwan pages in traditional script ----------------------------------------------------------

_HONG_KONG_PAGE = """<html><head><meta charset="utf-8">
<title>香港國際醫療器材及用品展下月揭幕 逾300家展商參展｜香港經濟日報</title></head>
<body><div class="article">
<h1>香港國際醫療器材及用品展下月揭幕 逾300家展商參展</h1>
<div class="time">2025年04月10日 14:32</div>
<p>香港貿發局主辦的香港國際醫療器材及用品展將於2025年5月6日至8日在香港會議展覽中心舉行，預計吸引來自15個國家及\
地區逾300家展商參展，展出醫療器械、康復護理產品及智慧醫療方案。</p>
<p>貿發局表示，今屆展覽特設「創新醫療科技」展區，並設有買家配對服務，協助業界拓展大灣區及東盟市場。</p>
<p>（記者 陳家明）</p>
</div></body></html>
"""

_TAIWAN_PAGE = """<html><head><meta charset="utf-8"><title>台北國際電腦展5月登場 AI伺服器成焦點 - 中央社 CNA</title></head>
<body><div class="paragraph">
<h1>台北國際電腦展5月登場 AI伺服器成焦點</h1>
<div class="updatetime">2025/04/22 18:05</div>
<p>（中央社記者吳家豪台北22日電）外貿協會今天宣布，2025台北國際電腦展將於2025年5月20日至23日在南港展覽館舉行，\
主題為「AI Next」，預計有1400家廠商使用4800個攤位。</p>
<p>貿協指出，今年展覽聚焦人工智慧運算、先進通訊及未來移動三大主題，多家半導體大廠執行長將發表主題演講。</p>
</div></body></html>
"""


def test_hong_kong_page_in_traditional_script(taxonomy: Taxonomy) -> None:
    event = _by_name(_events(_HONG_KONG_PAGE, taxonomy, date(2025, 4, 10)), "香港国际医疗器材及用品展")
    assert (event.start, event.end, event.date_precision) == (date(2025, 5, 6), date(2025, 5, 8), "day")
    assert (event.venue, event.city, event.province, event.district) == ("香港会议展览中心", "香港", "香港", "湾仔")
    assert "biomedicine" in event.industries
    assert event.status == "upcoming"
    # The evidence is the page's own (traditional) sentence.
    assert event.evidence.sentence.startswith("香港貿發局主辦的香港國際醫療器材及用品展將於")


def test_taiwan_page_in_traditional_script(taxonomy: Taxonomy) -> None:
    event = _by_name(_events(_TAIWAN_PAGE, taxonomy, date(2025, 4, 22)), "2025台北国际电脑展")
    assert (event.start, event.end, event.date_precision) == (date(2025, 5, 20), date(2025, 5, 23), "day")
    assert (event.venue, event.city, event.province) == ("南港展览馆", "台北", "台湾")
    assert event.status == "upcoming"


@pytest.mark.parametrize(
    ("sentence", "name", "venue", "city", "province"),
    [
        pytest.param(
            "2025香港秋季國際電子產品展將於10月13日至16日在灣仔會展舉行。",
            "2025香港秋季国际电子产品展",
            "湾仔会展",
            "香港",
            "香港",
            id="wan-chai",
        ),
        pytest.param(
            "2025亞洲國際物流博覽會將於11月19日至21日在亞博館舉行。",
            "2025亚洲国际物流博览会",
            "亚博馆",
            "香港",
            "香港",
            id="asiaworld-expo",
        ),
        pytest.param(
            "2025台北國際食品展覽會將於6月25日至28日在臺北南港展覽館1館舉行。",
            "2025台北国际食品展览会",
            "台北南港展览馆",
            "台北",
            "台湾",
            id="nangang-hall-1",
        ),
        pytest.param(
            "第二十屆台北國際車用電子展將於10月16日至19日在台北世貿一館舉行。",
            "第二十届台北国际车用电子展",
            "台北世贸一馆",
            "台北",
            "台湾",
            id="taipei-world-trade-center",
        ),
        pytest.param(
            "2025高雄國際食品展將於6月19日至22日在高雄展覽館舉辦。",
            "2025高雄国际食品展",
            "高雄展览馆",
            "高雄",
            "台湾",
            id="kaohsiung",
        ),
    ],
)
def test_hong_kong_and_taiwan_venues_place_the_event(
    sentence: str, name: str, venue: str, city: str, province: str, taxonomy: Taxonomy
) -> None:
    event = _by_name(_events(sentence, taxonomy, date(2025, 4, 22)), name)
    assert (event.venue, event.city, event.province) == (venue, city, province)
    assert event.start is not None
    assert event.start.year == 2025


def test_hong_kong_schedule_table_in_traditional_script(taxonomy: Taxonomy) -> None:
    page = (
        "<h1>香港貿發局2025年下半年展覽會日程</h1><p>更新日期：2025年6月30日</p>"
        '<table class="event-list"><tr><th>展覽會名稱</th><th>日期</th><th>地點</th></tr>'
        "<tr><td>香港國際珠寶展</td><td>2025年9月16日至20日</td><td>亞洲國際博覽館</td></tr>"
        "<tr><td>香港國際葡萄酒及烈酒展覽會</td><td>2025年11月6日至8日</td><td>香港會議展覽中心</td></tr>"
        "<tr><td>2025亞洲國際物流博覽會</td><td>2025年11月19日至21日</td><td>亞洲國際博覽館</td></tr>"
        "</table>"
    )
    events = _events(page, taxonomy, date(2025, 6, 30))
    expected = {
        "香港国际珠宝展": (date(2025, 9, 16), date(2025, 9, 20), "亚洲国际博览馆", "香港"),
        "香港国际葡萄酒及烈酒展览会": (date(2025, 11, 6), date(2025, 11, 8), "香港会议展览中心", "香港"),
        "2025亚洲国际物流博览会": (date(2025, 11, 19), date(2025, 11, 21), "亚洲国际博览馆", "香港"),
    }
    for name, row in expected.items():
        e = _by_name(events, name)
        assert (e.start, e.end, e.venue, e.city) == row


def test_taiwan_fair_with_its_english_name_in_brackets(taxonomy: Taxonomy) -> None:
    text = "外貿協會今天宣布，2025台北國際電腦展（COMPUTEX 2025）將於2025年5月20日至23日在南港展覽館舉行。"
    event = _by_name(_events(text, taxonomy, date(2025, 4, 22)), "2025台北国际电脑展(COMPUTEX 2025)")
    assert (event.start, event.city) == (date(2025, 5, 20), "台北")


def test_taiwan_city_without_a_known_venue(taxonomy: Taxonomy) -> None:
    text = "2025台北國際自行車展覽會將於3月26日至29日在台北舉行，預計吸引逾千家廠商參展。"
    event = _by_name(_events(text, taxonomy, date(2025, 2, 20)), "2025台北国际自行车展览会")
    assert (event.city, event.province) == ("台北", "台湾")
