"""The calendar as a spreadsheet: `web.export` on events we wrote, and the page's ``/calendar.csv|xlsx`` downloads.

The XLSX files are read back with the standard library (an .xlsx is a zip of XML parts), as Excel would read them:
shared strings, cell types, the frozen header and the column widths.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from xml.etree import ElementTree

import httpx
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.config import AppConfig
from app.vocabulary import vocabulary_of
from db.calendar import CalendarEvent, EventSource
from tests.web.conftest import PUBLIC_URL, add_event, link_article
from web.export import Exporter

_NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def exporter(config: AppConfig) -> Exporter:
    vocabulary = vocabulary_of(config)
    return Exporter(vocabulary, PUBLIC_URL + "/")


def event(**fields: object) -> CalendarEvent:
    values: dict[str, object] = {
        "id": 1,
        "public_id": "Xy3",
        "name": "2025粤港澳大湾区生物医药产业博览会",
        "start_date": dt.date(2025, 4, 1),
        "end_date": dt.date(2025, 4, 3),
        "date_precision": "day",
        "venue": "广州琶洲会展中心",
        "province": "广东",
        "city": "广州",
        "district": "海珠",
        "industries": ("biomedicine", "ai"),
        "status": "upcoming",
        "version": 1,
        "first_seen_at": dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
        "updated_at": dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
        "cancelled_at": None,
        "sources": (
            EventSource("https://news.example/a.html", "报道", "新闻源", None),
            EventSource("javascript:alert(1)", "坏链接", "新闻源", None),
            EventSource("https://gov.example/b.html", None, "政府网", None),
        ),
    }
    values.update(fields)
    return CalendarEvent(**values)  # type: ignore[arg-type]


def csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def xlsx_sheet(body: bytes) -> tuple[list[list[object]], ElementTree.Element]:
    """The cells of the first sheet (strings, numbers; None for an empty cell) and the sheet's XML."""
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        strings = [
            "".join(node.itertext())
            for node in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("x:si", _NS)
        ]
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows: list[list[object]] = []
    for row in sheet.iterfind("x:sheetData/x:row", _NS):
        cells: list[object] = []
        for cell in row.iterfind("x:c", _NS):
            column = ord(re.match(r"[A-Z]+", cell.attrib["r"]).group()[0]) - ord("A")  # type: ignore[union-attr]
            cells.extend([None] * (column - len(cells)))
            assert cell.find("x:f", _NS) is None, "no cell may be a formula"
            value = cell.findtext("x:v", namespaces=_NS)
            cells.append(strings[int(value or 0)] if cell.attrib.get("t") == "s" else float(value or "nan"))
        rows.append(cells)
    return rows, sheet


def test_csv_holds_the_columns_in_chinese_and_round_trips_chinese_text(app_config: AppConfig) -> None:
    body = exporter(app_config).csv([event()], "zh")
    assert csv_rows(body) == [
        ["名称", "开始", "结束", "城市", "省份", "场馆", "行业", "状态", "来源", "链接"],
        [
            "2025粤港澳大湾区生物医药产业博览会",
            "2025-04-01",
            "2025-04-03",
            "广州",
            "广东",
            "广州琶洲会展中心",
            "生物医药、人工智能",
            "即将举行",
            "https://news.example/a.html https://gov.example/b.html",  # the javascript: one is no link
            "https://radar.example/events/Xy3",
        ],
    ]


def test_english_export_says_labels_and_dates_in_words_as_precisely_as_known(app_config: AppConfig) -> None:
    events = [
        event(status="cancelled", cancelled_at=dt.datetime(2025, 3, 2, tzinfo=dt.UTC), review="held"),
        event(date_precision="month", start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 5, 31)),
        event(start_date=None, end_date=None, date_precision="vague", partial_date="10-15"),
        event(start_date=None, end_date=None, date_precision="vague", venue=None, industries=()),
    ]
    header, cancelled, month, partial, unknown = csv_rows(exporter(app_config).csv(events, "en"))
    assert header == ["Name", "Start", "End", "City", "Province", "Venue", "Industries", "Status", "Sources", "Link"]
    assert cancelled[6:8] == ["Biomedicine, Artificial intelligence", "cancelled (unconfirmed)"]
    assert cancelled[9] == "https://radar.example/events/Xy3?lang=en"
    assert month[1:3] == ["2025-05", "2025-05"]
    assert partial[1:3] == ["10-15 (year unknown)", ""]
    assert unknown[1:3] + unknown[5:7] == ["date TBA", "", "", ""]


def test_cells_that_a_spreadsheet_would_run_as_formulas_stay_text(app_config: AppConfig) -> None:
    hostile = event(
        name='=HYPERLINK("https://evil.example","点击")',
        venue="+1+cmd|' /C calc'!A0",
        city="-2",
        province="@SUM(A1)",
    )
    row = csv_rows(exporter(app_config).csv([hostile], "zh"))[1]
    assert row[0] == '\'=HYPERLINK("https://evil.example","点击")'
    assert (row[5], row[3], row[4]) == ("'+1+cmd|' /C calc'!A0", "'-2", "'@SUM(A1)")
    cells, _ = xlsx_sheet(exporter(app_config).xlsx([hostile], "zh"))
    assert cells[1][0] == '\'=HYPERLINK("https://evil.example","点击")'  # a string cell (the reader checks: no <f>)
    assert cells[1][3:6] == ["'-2", "'@SUM(A1)", "'+1+cmd|' /C calc'!A0"]


def test_xlsx_has_a_frozen_header_real_dates_and_widths(app_config: AppConfig) -> None:
    events = [event(), event(date_precision="month", start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 5, 31))]
    cells, sheet = xlsx_sheet(exporter(app_config).xlsx(events, "zh"))
    assert cells[0] == ["名称", "开始", "结束", "城市", "省份", "场馆", "行业", "状态", "来源", "链接"]
    assert cells[1][0] == "2025粤港澳大湾区生物医药产业博览会"
    # Excel dates: days since 1899-12-30, shown with a date format.
    assert cells[1][1:3] == [(dt.date(2025, 4, 1) - _EXCEL_EPOCH).days, (dt.date(2025, 4, 3) - _EXCEL_EPOCH).days]
    assert cells[1][6] == "生物医药、人工智能"
    assert cells[2][1:3] == ["2025-05", "2025-05"]
    pane = sheet.find("x:sheetViews/x:sheetView/x:pane", _NS)
    assert pane is not None
    assert (pane.get("ySplit"), pane.get("state")) == ("1", "frozen")
    widths: dict[int, float] = {}
    for col in sheet.iterfind("x:cols/x:col", _NS):  # equal neighbours share one <col min max>
        for column in range(int(col.attrib["min"]), int(col.attrib["max"]) + 1):
            widths[column] = float(col.attrib["width"])
    assert sorted(widths) == list(range(1, 11))
    assert widths[1] > 3 * widths[2] - 1
    assert widths[9] > widths[4]


def test_the_page_downloads_what_it_lists_with_its_filters(engine: Engine, client: httpx.Client) -> None:
    with Session(engine) as session, session.begin():
        fair = add_event(session, name="广州药博会", province="广东", city="广州", industries=["biomedicine"])
        link_article(session, fair, "https://news.example/fair.html", "药博会报道")
        fair_id = fair.public_id
        add_event(session, name="深圳芯片展", province="广东", city="深圳", industries=["semiconductors"])
        add_event(session, name="上海医药论坛", province="上海", city="上海", industries=["biomedicine"])
        add_event(session, name="去年的展会", start_date=dt.date(2025, 1, 5), end_date=dt.date(2025, 1, 6))

    response = client.get("/calendar.csv?industry=生物医药&region=广东")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="eventradar-2025-03-10.csv"'
    (_header, row) = csv_rows(response.content)
    assert (row[0], row[8]) == ("广州药博会", "https://news.example/fair.html")
    assert row[9] == f"{PUBLIC_URL}/events/{fair_id}"

    everything = csv_rows(client.get("/calendar.csv").content)[1:]
    assert sorted(r[0] for r in everything) == ["上海医药论坛", "广州药博会", "深圳芯片展"]
    past = client.get("/calendar.csv?when=past&lang=en")
    assert past.headers["content-disposition"] == 'attachment; filename="eventradar-2025-03-10-past.csv"'
    assert [r[0] for r in csv_rows(past.content)] == ["Name", "去年的展会"]

    excel = client.get("/calendar.xlsx?region=上海")
    assert excel.status_code == 200
    assert excel.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert excel.headers["content-disposition"] == 'attachment; filename="eventradar-2025-03-10.xlsx"'
    cells, _ = xlsx_sheet(excel.content)
    assert [r[0] for r in cells] == ["名称", "上海医药论坛"]


def test_the_page_links_its_downloads_with_the_chosen_filters(client: httpx.Client) -> None:
    page = client.get("/?industry=biomedicine&region=广东&when=past&lang=en").text
    assert 'href="/calendar.csv?industry=biomedicine&amp;region=%E5%B9%BF%E4%B8%9C&amp;when=past&amp;lang=en"' in page
    assert 'id="export-xlsx" href="/calendar.xlsx?industry=biomedicine&amp;region=' in page
    plain = client.get("/").text
    assert '导出 <a id="export-csv" href="/calendar.csv" download>CSV</a> / <a id="export-xlsx"' in plain


def test_bad_filters_are_the_feeds_400(client: httpx.Client) -> None:
    for path in ("/calendar.csv?region=亚特兰蒂斯", "/calendar.xlsx?industry=火星采矿", "/calendar.csv?when=someday"):
        response = client.get(path)
        assert response.status_code == 400, path
        assert response.text.startswith("400 Bad Request: "), path
    assert "亚特兰蒂斯" in client.get("/calendar.csv?region=亚特兰蒂斯").text
