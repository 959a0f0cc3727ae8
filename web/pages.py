"""The calendar's pages: the list of events with its filters and subscriptions, an event's page with its "report a
problem" form, and the error pages; view models in Chinese or English, rendered by `web.page_views`.

Every string that came from a scraped article (names, venues, titles, URLs) reaches the HTML only through Jinja2's
autoescape, and a link only when ``outgoing.links.safe_link`` allows it (the rule Telegram and iCal follow too):
escaping alone would still let ``javascript:`` through. A source whose address is not a link is left out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from db.calendar import CalendarEvent, display_names
from db.models.corrections import REPORT_REASONS
from db.reports import MAX_COMMENT
from outgoing.links import safe_link
from web.calendar import PageData, place_text
from web.filters import VIEWS, Problem, Selection, Vocabulary, When
from web.page_texts import TEXTS
from web.page_views import Option, format_month, format_when, phase_days, render, when_parts
from web.reports import Answer, Sent


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
        return render("index.html", context)

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
        return render("event.html", context)

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
        return render("error.html", context)
