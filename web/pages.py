"""The calendar page and each event's page: view models in Chinese or English, rendered by autoescaping Jinja2.

Every string that came from a scraped article (names, venues, titles, URLs) reaches the HTML only through Jinja2's
autoescape, and a link only when ``outgoing.links.safe_link`` allows it (the rule Telegram and iCal follow too):
escaping alone would still let ``javascript:`` through. A source whose address is not a link is left out. Every
value a template prints is first made safe to show (``outgoing.text.clean_text``, in the environment's finalize).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from db.calendar import CalendarEvent, display_names
from db.models.corrections import REPORT_REASONS
from db.reports import MAX_COMMENT
from outgoing.links import safe_link
from outgoing.text import clean_text
from web.calendar import PageData, place_text
from web.filters import VIEWS, Problem, Selection, Vocabulary, When
from web.reports import Answer, Sent

TEMPLATES = Path(__file__).with_name("templates")


def _finalize(value: object) -> object:
    """Every ``{{ value }}`` of the templates passes here before autoescape: the page's one gate for text we did not
    write, made safe to show (``outgoing.text.clean_text``: no bidi overrides, controls or odd line separators)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return clean_text(value)
    return value


_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    finalize=_finalize,
    trim_blocks=True,
    lstrip_blocks=True,
)

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "html_lang": "zh-CN",
        "site": "产业活动日历",
        "language": "语言",
        "heading": "近期产业展会、论坛与对接会",
        "tagline": "从新闻中发现的展会、博览会、论坛和对接会，按月份排列。选择行业和地区，再把日历订阅到手机或电脑。",
        "industry": "行业",
        "region": "地区",
        "other_region": "其他地区：",
        "region_placeholder": "如 苏州、海珠区、大湾区",
        "apply": "筛选",
        "filters": "行业和地区",
        "subscribe_summary": "订阅日历 · Telegram 提醒",
        "reset": "清除筛选",
        "subscribe": "订阅日历",
        "subscribe_app": "在日历应用中订阅",
        # The feed's own scheme (server.public_url's): an "https" button must not lead to an http:// address.
        "subscribe_url": "{scheme} 订阅地址",
        "subscribe_hint": "苹果、Outlook 等日历应用可直接打开订阅；谷歌日历请在“通过网址添加”中粘贴下面的地址。",
        "telegram": "在 Telegram 接收提醒",
        "telegram_what": "新活动、变更和开幕前提醒，由 Telegram 机器人发送。将订阅：",
        "telegram_any": "新活动、变更和开幕前提醒，由 Telegram 机器人发送。",
        "events": "活动列表",
        "no_events": "没有符合条件的活动。",
        "no_past_events": "近 90 天没有符合条件的活动。",
        "search": "搜索",
        "export": "导出",
        "search_placeholder": "名称或场馆，如 广交会",
        "views": "查看",
        "upcoming_view": "近期活动",
        "past_view": "往期活动（近 90 天）",
        "past_heading": "近 90 天的往期活动",
        "cancelled": "已取消",
        "tba": "日期待定",
        "date_tba": "日期待定",
        "month_tba": "具体日期待定",
        "back": "返回日历",
        "dates": "日期",
        "phases": "分期",
        "venue": "场馆",
        "place": "地点",
        "aliases": "又名",
        "sources": "来源",
        "no_sources": "暂无来源链接。",
        "add_to_calendar": "添加到日历",
        "footer": "活动信息由程序从公开新闻中整理，请以主办方公布为准。",
        "unconfirmed": "待确认",
        "report_title": "报告问题",
        "report_intro": "发现这条活动信息有误？告诉我们，管理员会核实并更正。无需登录。",
        "report_reason": "问题",
        "reason_not_event": "不是产业活动",
        "reason_wrong_dates": "日期有误",
        "reason_wrong_place": "地点有误",
        "reason_duplicate": "与其他活动重复",
        "reason_cancelled": "已取消",
        "reason_postponed": "已延期",
        "report_comment": "补充说明（可选）",
        "report_comment_placeholder": "如正确的日期、地点，或重复的是哪个活动",
        "report_send": "提交",
        "report_thanks": "谢谢！您的报告已收到，管理员会尽快核实。",
        "report_problem_bad_form": "表单内容无法读取，请重新填写。",
        "report_problem_no_reason": "请选择一个问题类型。",
        "report_problem_comment_too_long": "补充说明最多 500 字，请缩短后再提交。",
        "report_problem_cross_site": "请在本站的活动页面上提交报告。",
        "report_problem_too_many": "您提交的报告太多了，请稍后再试。",
        "report_problem_gone": "这个活动已不在日历中。",
        "not_found": "找不到这个活动。",
        "bad_request": "请求有误",
        "problems": "筛选条件有误，请修改后再试：",
        "problem_unknown_region": "没有找到地区“{value}”。可以填省、市、区县，"
        "或“粤港澳大湾区”“长三角”这样的区域。试试：",
        "problem_ambiguous_region": "“{value}”不止一个地方，请选一个：",
        "problem_unknown_industry": "没有找到行业“{value}”。试试：",
        "problem_unknown_parameter": "网址中的参数“{value}”无法识别，可用的参数：",
        "problem_unknown_language": "不支持语言“{value}”，可选：",
        "problem_unknown_view": "没有“{value}”这种列表，可选：",
        "problem_too_many": "“{parameter}”的选项太多（{value} 个，最多 40 个）。",
        "problem_too_long": "“{value}”太长（最多 60 个字）。",
    },
    "en": {
        "html_lang": "en",
        "site": "Industry events calendar",
        "language": "Language",
        "heading": "Upcoming expos, forums and matchmaking meetings in China",
        "tagline": "Expos, fairs, forums and matchmaking meetings found in the news, by month. Pick industries and "
        "regions, then subscribe to the calendar on your phone or computer.",
        "industry": "Industry",
        "region": "Region",
        "other_region": "Other region:",
        "region_placeholder": "e.g. 苏州, 海珠区, 大湾区",
        "apply": "Filter",
        "filters": "Industries and regions",
        "subscribe_summary": "Subscribe · Telegram alerts",
        "reset": "Clear filters",
        "subscribe": "Subscribe",
        "subscribe_app": "Subscribe in your calendar app",
        "subscribe_url": "{scheme} feed address",
        "subscribe_hint": "Apple Calendar and Outlook open the subscription directly; in Google Calendar, paste the "
        "address below under “From URL”.",
        "telegram": "Get alerts in Telegram",
        "telegram_what": "New events, changes and reminders before they open, from our Telegram bot. Subscribes to:",
        "telegram_any": "New events, changes and reminders before they open, from our Telegram bot.",
        "events": "Events",
        "no_events": "No events match these filters.",
        "no_past_events": "No events of the last 90 days match these filters.",
        "search": "Search",
        "export": "Download",
        "search_placeholder": "Event name or venue, e.g. Canton Fair",
        "views": "Show",
        "upcoming_view": "Upcoming events",
        "past_view": "Past events (last 90 days)",
        "past_heading": "Events of the last 90 days",
        "cancelled": "Cancelled",
        "tba": "Date to be announced",
        "date_tba": "Date TBA",
        "month_tba": "day TBA",
        "back": "Back to the calendar",
        "dates": "Dates",
        "phases": "Phases",
        "venue": "Venue",
        "place": "Place",
        "aliases": "Also known as",
        "sources": "Sources",
        "no_sources": "No source links yet.",
        "add_to_calendar": "Add to calendar",
        "footer": "Event details are gathered automatically from public news; the organiser's announcement prevails.",
        "unconfirmed": "Unconfirmed",
        "report_title": "Report a problem",
        "report_intro": "Is something wrong with this event? Tell us and an administrator will check and correct it. "
        "No account needed.",
        "report_reason": "What is wrong",
        "reason_not_event": "Not an industry event",
        "reason_wrong_dates": "Wrong dates",
        "reason_wrong_place": "Wrong place",
        "reason_duplicate": "Duplicate of another event",
        "reason_cancelled": "Cancelled",
        "reason_postponed": "Postponed",
        "report_comment": "Comment (optional)",
        "report_comment_placeholder": "e.g. the right dates or place, or which event it duplicates",
        "report_send": "Send",
        "report_thanks": "Thank you! Your report is in; an administrator will check it soon.",
        "report_problem_bad_form": "The form could not be read; please fill it in again.",
        "report_problem_no_reason": "Please choose what is wrong.",
        "report_problem_comment_too_long": "The comment can be at most 500 characters; please shorten it.",
        "report_problem_cross_site": "Please send reports from the event's page on this site.",
        "report_problem_too_many": "You have sent too many reports; please try again later.",
        "report_problem_gone": "This event is no longer in the calendar.",
        "not_found": "No such event.",
        "bad_request": "Bad request",
        "problems": "Please correct these filters:",
        "problem_unknown_region": "No region “{value}” found. Enter a province, city or district, or an area such as "
        "粤港澳大湾区 (Greater Bay Area) or 长三角 (Yangtze River Delta). Try:",
        "problem_ambiguous_region": "“{value}” is more than one place. Pick one:",
        "problem_unknown_industry": "No industry “{value}” found. Try:",
        "problem_unknown_parameter": "The address has a parameter “{value}” we do not know. Known parameters:",
        "problem_unknown_language": "Language “{value}” is not offered. Choose:",
        "problem_unknown_view": "There is no list “{value}”. Choose:",
        "problem_too_many": "Too many choices for “{parameter}” ({value}, at most 40).",
        "problem_too_long": "“{value}” is too long (at most 60 characters).",
    },
}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    checked: bool


@dataclass(frozen=True, slots=True)
class Item:
    public_id: str
    name: str
    when: tuple[str, ...]
    where: str | None
    industries: list[str]
    cancelled: bool
    href: str
    unconfirmed: bool = False


@dataclass(frozen=True, slots=True)
class ProblemView:
    """A filter problem as the page says it: a sentence, and links that each retry with one valid choice."""

    text: str
    links: list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Month:
    label: str
    events: list[Item]


def format_day(day: dt.date, language: str) -> str:
    return f"{_MONTHS_EN[day.month - 1]} {day.day}" if language == "en" else f"{day.month}月{day.day}日"


def format_month(year: int, month: int, language: str) -> str:
    return f"{_MONTHS_EN[month - 1]} {year}" if language == "en" else f"{year}年{month}月"


def format_when(event: CalendarEvent, language: str, *, with_year: bool = False) -> str:
    return " · ".join(when_parts(event, language, with_year=with_year))


def when_parts(event: CalendarEvent, language: str, *, with_year: bool = False) -> tuple[str, ...]:
    """An event's dates as the pieces a line may break between, never inside (12月15日–16日 is one piece)."""
    texts = TEXTS[language]
    start, end = event.start_date, event.last_day
    if start is None or end is None or event.date_precision == "vague":
        return (texts["date_tba"],)
    if event.date_precision == "month":
        return (format_month(start.year, start.month, language), texts["month_tba"])
    return (format_range(start, end, language, with_year=with_year),)


def format_range(start: dt.date, end: dt.date, language: str, *, with_year: bool = False) -> str:
    """Days as users read them: 4月15日–5月5日, 4月23日–27日, April 23–27."""
    first = format_day(start, language)
    if with_year:
        first = f"{start.year}年{first}" if language == "zh" else f"{first}, {start.year}"
    if end == start:
        return first
    if end.month == start.month and end.year == start.year:
        last = str(end.day) + ("日" if language == "zh" else "")
    else:
        last = format_day(end, language)
    return f"{first}–{last}"


def phase_days(start: dt.date | None, end: dt.date | None, language: str) -> str:
    """A phase's days as the page shows them: 4月23日–27日, 5月1日起 when only its opening is known."""
    if start is None and end is None:
        return TEXTS[language]["date_tba"]
    if start is None or end is None:
        known = start or end
        assert known is not None
        word = ("起" if start else "止") if language == "zh" else (" onward" if start else " (last day)")
        return format_day(known, language) + word
    return format_range(start, end, language)


class Pages:
    def __init__(self, vocabulary: Vocabulary, public_url: str) -> None:
        self.vocabulary = vocabulary
        self.public_url = public_url.rstrip("/")

    def _common(self, selection: Selection, path: str) -> dict[str, Any]:
        language = selection.language
        languages = []
        for code, label in (("zh", "中文"), ("en", "English")):
            switched = dataclasses.replace(selection, language=code)
            query = switched.query(with_language=True, with_view=True)
            languages.append((code, label, f"{path}?{query}" if query else path))
        return {
            "t": TEXTS[language],
            "language": language,
            "languages": languages,
            "root": "",
            "lang_query": "?lang=en" if language == "en" else "",
        }

    def _item(self, event: CalendarEvent, language: str) -> Item:
        where = " · ".join(part for part in (place_text(event), event.venue) if part) or None
        return Item(
            public_id=event.public_id,
            name=display_names(event.name, event.aliases, language)[0],
            when=when_parts(event, language),
            where=where,
            industries=[self.vocabulary.industry_label(i, language) for i in event.industries],
            cancelled=event.cancelled,
            unconfirmed=event.unconfirmed,
            href=f"/events/{event.public_id}" + ("?lang=en" if language == "en" else ""),
        )

    def _telegram(self, selection: Selection, bot: str | None) -> dict[str, str] | None:
        """The "get alerts in Telegram" link: the bot's deep link that subscribes to the chosen industries in the
        chosen regions (`bot.choices.Choices.deep_link`, the bot's own rule), with what it subscribes to; the bot
        alone when nothing is chosen or the choice is too long for a link (its /subscribe does the rest)."""
        if bot is None:
            return None
        url = f"https://t.me/{bot}"
        if not (selection.industries or selection.regions):
            return {"url": url, "what": ""}
        payload = self.vocabulary.choices.deep_link(selection.industries, selection.regions)
        if payload is None:
            return {"url": url, "what": ""}
        language = selection.language
        industries = [self.vocabulary.industry_label(i, language) for i in selection.industries]
        regions = [self.vocabulary.choices.region_label(r, language) for r in selection.regions]
        any_words = ("全部行业", "全国") if language == "zh" else ("all industries", "all of China")
        what = " · ".join([", ".join(industries) or any_words[0], ", ".join(regions) or any_words[1]])
        return {"url": f"{url}?start={payload}", "what": what}

    @staticmethod
    def _href(selection: Selection) -> str:
        """The page's address for a selection (its filters, view and language)."""
        query = selection.query(with_language=True, with_view=True)
        return f"/?{query}" if query else "/"

    @staticmethod
    def _export_href(selection: Selection, format: str) -> str:
        query = selection.query(with_language=True, with_view=True)
        return f"/calendar.{format}" + (f"?{query}" if query else "")

    def problem_text(self, problem: Problem, language: str) -> str:
        """A filter problem in the page's language, with its choices (for pages that offer no links)."""
        text = TEXTS[language][f"problem_{problem.code}"].format(value=problem.value, parameter=problem.parameter)
        choices = problem.choices
        if problem.code == "unknown_industry":
            choices = tuple(self.vocabulary.industry_label(choice, language) for choice in choices)
        return " ".join([text, ("、" if language == "zh" else ", ").join(choices)]).strip()

    def _problem_view(self, selection: Selection, problem: Problem) -> ProblemView:
        texts = TEXTS[selection.language]
        text = texts[f"problem_{problem.code}"].format(value=problem.value, parameter=problem.parameter)
        links: list[tuple[str, str]] = []
        industries, regions, language = selection.industries, selection.regions, selection.language
        for choice in problem.choices:
            if choice in industries or choice in regions:
                continue
            if problem.code in ("unknown_region", "ambiguous_region"):
                retry = self.vocabulary.selection(industries, (*regions, choice), language)
            elif problem.code == "unknown_industry":
                retry = self.vocabulary.selection((*industries, choice), regions, language)
                choice = self.vocabulary.industry_label(choice, language)
            elif problem.code == "unknown_language":
                retry = dataclasses.replace(selection, language=choice)
            elif problem.code == "unknown_view":
                retry = dataclasses.replace(selection, when=cast(When, choice))
                choice = TEXTS[language][f"{choice}_view"]
            else:
                text += " " + ", ".join(problem.choices)
                break
            links.append((choice, self._href(retry)))
        return ProblemView(text, links)

    def index(
        self,
        selection: Selection,
        data: PageData | None,
        feed_name: str,
        problems: Sequence[Problem] = (),
        *,
        bot: str | None = None,
    ) -> str:
        """The calendar page; with ``problems`` (and no ``data``), the 400 answer: the form with the user's usable
        filters kept, what was wrong said in the page's language, and links that retry with a valid choice. ``bot``
        is the Telegram bot's username, when one is known: the page links to it with the chosen filters."""
        language = selection.language
        months: list[Month] = []
        undated: list[Item] = []
        for event in data.events if data is not None else ():
            item = self._item(event, language)
            if event.start_date is None or event.date_precision == "vague":
                undated.append(item)
                continue
            # An event already running is listed under the current month, where a reader looks for it; past events
            # under the month they started in, the most recent month first.
            assert data is not None
            day = event.start_date if data.past else max(event.start_date, data.today.replace(day=1))
            label = format_month(day.year, day.month, language)
            if not months or months[-1].label != label:
                months.append(Month(label, []))
            months[-1].events.append(item)
        query = selection.query()
        feed_url = f"{self.public_url}/calendar.ics" + (f"?{query}" if query else "")
        scheme, rest = feed_url.split("://", 1)
        regions = list(self.vocabulary.featured_regions)
        regions.extend(r for r in selection.regions if r not in regions)
        context = {
            **self._common(selection, "/"),
            "months": months,
            "undated": undated,
            "filtered": selection.filtered,
            "past": selection.when == "past",
            "text": selection.text,
            "views": [
                (when, TEXTS[language][f"{when}_view"], self._href(dataclasses.replace(selection, when=when)))
                for when in VIEWS
            ],
            # The downloads carry what the list shows: its filters, its view and its language.
            "export_csv": self._export_href(selection, "csv"),
            "export_xlsx": self._export_href(selection, "xlsx"),
            "feed_name": feed_name,
            "feed_url": feed_url,
            "feed_label": TEXTS[language]["subscribe_url"].format(scheme=scheme),
            # webcal:// is the same address for calendar apps (they fetch it over http or https as they can).
            "webcal_url": f"webcal://{rest}",
            "industry_options": [
                Option(i.id, i.en if language == "en" else i.zh, i.id in selection.industries)
                for i in self.vocabulary.industries
            ],
            "region_options": [Option(r, r, r in selection.regions) for r in regions],
            "problems": [self._problem_view(selection, problem) for problem in problems],
            "telegram": self._telegram(selection, bot),
            # What the folded filters hold, shown on their summary line.
            "chosen": " · ".join(
                [*(self.vocabulary.industry_label(i, language) for i in selection.industries), *selection.regions]
            ),
            # What the user typed and we could not read stays in the box, to be corrected rather than retyped.
            "typed_region": " ".join(p.value for p in problems if p.parameter == "region" and p.code != "too_many"),
        }
        return _ENV.get_template("index.html").render(context)

    def event(self, selection: Selection, event: CalendarEvent, report: Answer | None = None) -> str:
        """An event's page; ``report`` is what became of its "report a problem" form when one was just sent."""
        language = selection.language
        sources = [
            {
                "url": safe_link(source.url),
                "title": source.title,
                "source_name": source.source_name,
                "published": source.published_at.date().isoformat() if source.published_at else None,
            }
            for source in event.sources
        ]
        name, aliases = display_names(event.name, event.aliases, language)
        view = {
            "name": name,
            "aliases": aliases,
            "when": format_when(event, language, with_year=True),
            "phases": [(phase.label, phase_days(phase.start, phase.end, language)) for phase in event.phases],
            "venue": event.venue,
            "place": place_text(event),
            "industries": [self.vocabulary.industry_label(i, language) for i in event.industries],
            "cancelled": event.cancelled,
            "unconfirmed": event.unconfirmed,
            "ics_href": f"/events/{event.public_id}.ics" if event.dated else None,
            "sources": [s for s in sources if s["url"]],
        }
        path = f"/events/{event.public_id}"
        context = {**self._common(selection, path), "event": view, "report": self._report_form(path, language, report)}
        return _ENV.get_template("event.html").render(context)

    def _report_form(self, path: str, language: str, answer: Answer | None) -> dict[str, Any]:
        """The form's view: thanks after a report went in; else the reasons, the comment and why it was refused."""
        texts = TEXTS[language]
        sent = answer.sent if answer is not None else Sent()
        problem = answer.problem if answer is not None else None
        return {
            "thanks": answer is not None and problem is None,
            "problem": texts[f"report_problem_{problem}"] if problem else None,
            "action": f"{path}/report" + ("?lang=en" if language == "en" else ""),
            "reasons": [Option(r, texts[f"reason_{r}"], r == sent.reason) for r in REPORT_REASONS],
            "comment": sent.comment,
            "max_comment": MAX_COMMENT,
        }

    def error(self, selection: Selection, status: int, message: str) -> str:
        context = {**self._common(selection, "/"), "status": status, "message": message}
        return _ENV.get_template("error.html").render(context)
