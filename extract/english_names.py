"""Event names in English text, which of them are one event, which series they belong to, and which are industry
events.

**Names.** English press releases title-case an event's name and end it in its kind: "the 9th China (Shanghai)
International Hydrogen Expo", "the 2025 World Artificial Intelligence Conference", "China International Fair for
Trade in Services". So a name is found from a capitalised event word (`_EVENT_WORD_RE`: Expo, Fair, Exhibition,
Show, Summit, Forum, Conference, Congress, Convention, Week, Matchmaking …) by walking left over capitalised
words, editions (9th, Ninth, 2025), a parenthesised place ("(Shanghai)") and the small words a title keeps
inside ("and", "of", "for", "&"), stopping at "the", a lower-case word, punctuation or a capitalised function
word that opens a sentence ("At", "During"). To the right it takes a title's complement ("Fair for Trade in
Services", "Forum on …"), a year ("Expo 2025") and a parenthesised short name ("(CIIE)"), which later mentions
use. "The 137th session of the China Import and Export Fair" is the fair's 137th edition. An event word followed
by what makes it another noun is not one: "Canton Fair Complex" is a venue, "Expo Centre" a building, "Forum
Secretariat" an office (`_NOT_AFTER_RE`).

**One event.** Mentions are one event when their series keys agree and their editions do not differ: the 137th
and the 136th Canton Fair are two events; "the Canton Fair" joins the 137th it follows. A short name defined in
parentheses ("China International Import Expo (CIIE)") or a known one (`KNOWN_SERIES`: Canton Fair is the China
Import and Export Fair) is the same series.

**Series** (`english_series`): the name without "the", edition and year, folded; a known series is given as its
Chinese name, so that `extract.events.series_key`, the one rule of which names are one event across reports,
puts the English and the Chinese reports of the Canton Fair in one series (广交会, 中国进出口商品交易会).

**Industry event or not** (`classify`): the rules of `extract.kinds` for English names. Fairs and expos and
matchmaking are events by what they are; forums, summits, conferences and weeks only with an economic or
industry subject (a taxonomy keyword, `_ECONOMIC_WORDS`) or as a known economic series (Boao Forum for Asia):
a summit of states names places and cooperation but no industry (China-Central Asia Summit). Markers of what
is not an industry event win over all: diplomacy (Heads of State, BRICS, G20), party and state meetings
(National People's Congress), ceremonies, culture and sports, a company's own meetings (earnings, shareholders)
and press conferences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.model import EventKind
from extract.taxonomy import Taxonomy


def _words(spaced: str) -> list[str]:
    """A lexicon written as space-separated words, the way such lists are read and reviewed."""
    return spaced.split()


_EXHIBITION_WORDS = ("Expo", "Exposition", "Fair", "Exhibition", "Show", "Messe", "Airshow")
_MATCHMAKING_WORDS = ("Matchmaking", "Roadshow")
_CONFERENCE_WORDS = ("Summit", "Forum", "Conference", "Congress", "Convention", "Symposium", "Week", "Meeting")
_EVENT_WORD_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join((*_EXHIBITION_WORDS, *_MATCHMAKING_WORDS, *_CONFERENCE_WORDS)) + r")(?![\w-])"
)
# After an event word, a noun that makes it another thing: a venue, an office, a company, a prize.
_NOT_AFTER_RE = re.compile(
    # "Exhibition and Convention Center", "Expo & Convention Centre": the noun may follow a second word.
    r"(?:\s+(?:and|&)\s+[A-Z][\w-]*)?\s+(?:Cent(?:er|re)s?|Complex|Hall|Halls|Park|Building|City|Street|Road|Avenue|Station|Area|District|Site|Zone"
    r"|Grounds?|Hotel|Venue|Group|Co\b|Company|Corporation|Ltd|Inc|Committee|Organi[sz]ing|Organi[sz]er|Bureau"
    r"|Office|Council|Secretariat|Authority|Agency|Foundation|Fund|Award|Awards|Prize|Series|Brand|Website|App"
    r"|Pavilion|Trade\s+Cent)\b"
)
# After an event word, more of the name up to another event word.
_NAME_GOES_ON_RE = re.compile(
    r"(?:[ ]+[A-Z][\w'’\-]*){0,3}?[ ]+(?:"
    + "|".join((*_EXHIBITION_WORDS, *_MATCHMAKING_WORDS, *_CONFERENCE_WORDS))
    + r")(?![\w-])"
)
_TOKEN_RE = re.compile(r"[A-Za-z0-9][\w'’.\-]*[\w]|[A-Za-z0-9]|&|[()]")
# Small words a title keeps inside it ("China Import and Export Fair", "Fair for Trade in Services").
_JOINERS = frozenset({"and", "of", "for", "&", "on", "in", "de", "the"})
_LEFT_JOINERS = frozenset({"and", "of", "for", "&", "on", "de"})
# Capitalised words that open a sentence or a phrase rather than a name.
_CAPITAL_STOPS = frozenset(
    _words(
        """The This That These Those A An At In On During As With From Since After Before By For Of And To Its Their His
        Her Our Your Both While When Where Whether Last Next Every Each Some Many More Most Over Under About Around
        Ahead Visitors Exhibitors Organizers Organisers According Meanwhile Also Besides However Today Tomorrow
        Yesterday Xinhua Reuters Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
        May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"""
    )
)
_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}
_ORDINAL = r"(?:\d{1,3}(?:st|nd|rd|th)|" + "|".join(_ORDINAL_WORDS) + ")"
_ORDINAL_RE = re.compile(rf"(?<![\w-])({_ORDINAL})(?![\w-])", re.IGNORECASE)
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# "the 137th session of the China Import and Export Fair": an edition written before the name.
_SESSION_RE = re.compile(rf"(?:\b[Tt]he\s+)?({_ORDINAL}|(?:19|20)\d\d)\s+(?:session|edition)\s+of\s+(?:the\s+)?$")
_COMPLEMENT_RE = re.compile(
    r"\s+(?:for|on|of)\s+(?:the\s+)?[A-Z][\w'’\-]*(?:\s+(?:(?:and|in|of|for|the|&)\s+)?[A-Z][\w'’\-]*){0,7}"
)
_YEAR_AFTER_RE = re.compile(r"\s+((?:19|20)\d\d)(?!\d)")
_PAREN_AFTER_RE = re.compile(r"\s*\((?P<alias>[A-Z][\w'’&\- ]{1,40}?)\)")
_MONTHS_AND_DAYS = frozenset(
    _words(
        """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
        September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"""
    )
)
_FOLD_RE = re.compile(r"[^0-9a-z]+")
_MAX_NAME = 200

# English names and short names of series that the Chinese reader knows by their Chinese names
# (`extract.events.KNOWN_ABBREVIATIONS`, `extract.placenames.SERIES_HOMES`): the same fair in both languages.
KNOWN_SERIES: dict[str, str] = {
    "canton fair": "中国进出口商品交易会",
    "china import and export fair": "中国进出口商品交易会",
    "ciie": "中国国际进口博览会",
    "china international import expo": "中国国际进口博览会",
    "ciftis": "中国国际服务贸易交易会",
    "china international fair for trade in services": "中国国际服务贸易交易会",
    "china hi-tech fair": "中国国际高新技术成果交易会",
    "china international consumer products expo": "中国国际消费品博览会",
    "cicpe": "中国国际消费品博览会",
    "china international fair for investment and trade": "中国国际投资贸易洽谈会",
    "cifit": "中国国际投资贸易洽谈会",
    "china-asean expo": "中国—东盟博览会",
    "caexpo": "中国—东盟博览会",
    "china international supply chain expo": "中国国际供应链促进博览会",
    "cisce": "中国国际供应链促进博览会",
    "china international big data industry expo": "中国国际大数据产业博览会",
    "china (shenzhen) international cultural industries fair": "中国(深圳)国际文化产业博览交易会",
    "china international industry fair": "中国国际工业博览会",
    "world artificial intelligence conference": "世界人工智能大会",
    "waic": "世界人工智能大会",
    "world internet conference": "世界互联网大会",
    "world manufacturing convention": "世界制造业大会",
    "boao forum for asia": "博鳌亚洲论坛",
    "zhongguancun forum": "中关村论坛",
    "lujiazui forum": "陆家嘴论坛",
    "china development forum": "中国发展高层论坛",
    "hongqiao international economic forum": "虹桥国际经济论坛",
}
_KNOWN_FOLDED = {_FOLD_RE.sub("", key): chinese for key, chinese in KNOWN_SERIES.items()}
# Economic forums whose names state no industry.
_KNOWN_ECONOMIC = ("Boao Forum", "Davos", "World Economic Forum", "Annual Meeting of the New Champions")
# Summits of states whatever their words.
_KNOWN_POLITICAL = ("Belt and Road Forum", "Forum on China-Africa Cooperation", "China-Arab States Summit")

_ECONOMIC_WORDS = re.compile(
    r"\b(?:Industry|Industries|Industrial|Economic|Economy|Trade|Investment|Investors?|Business|Commerce|Commercial"
    r"|Finance|Financial|Fintech|Technology|Technologies|Tech|Hi-Tech|High-Tech|Innovation|Digital|Internet|Data"
    r"|Energy|Manufacturing|Logistics|Supply Chain|Automotive|Auto|Motor|Medical|Health|Healthcare|Pharmaceutical"
    r"|Agriculture|Agricultural|Food|Tourism|Entrepreneurs?|Enterprises?|Market|Markets|Consumer|Brands?|Export"
    r"|Import|Materials|Engineering|Aviation|Aerospace|Maritime|Shipping|Mining|Chemical|Textile|Electronics?)\b"
)
_NOT_EVENT_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a press conference or briefing", re.compile(r"\b(?:Press|News|Media)\s+(?:Conference|Briefing)|Briefing\b")),
    (
        "diplomatic meeting",
        re.compile(
            r"\b(?:Heads? of (?:State|Government)|Leaders'?|Ministerial|Ministers'?|BRICS|G20|G7|SCO|NATO|UN|United"
            r" Nations|Shanghai Cooperation Organi[sz]ation|States|Peace|Security|Parties|Climate Change|Bilateral"
            r"|Diplomatic|State Visit)\b"
        ),
    ),
    (
        "party or government meeting",
        re.compile(
            r"\b(?:Communist|(?<![\w-])Party(?![\w-])|People's Congress|NPC|CPPCC|Political|Plenary|Plenum"
            r"|Government Work)\b"
        ),
    ),
    (
        "ceremony or commemoration",
        re.compile(r"\b(?:Anniversary|Awards?|Ceremony|Commemoration|Celebration|Gala)\b"),
    ),
    (
        "culture, media or social event",
        re.compile(
            r"\b(?:Film|Movie|Art|Arts|Music|Sports?|Games|Olympics?|Marathon|Festival|Youth|Women|Talk Show"
            r"|Light Show|Fashion Show|Comedy)\b"
        ),
    ),
    (
        "a company's own meeting",
        re.compile(r"\b(?:Earnings|Shareholders?|General Meeting|Investor Day|Results|Product Launch|Developers?)\b"),
    ),
    ("not a particular event", re.compile(r"\b(?:Sub-Forums?|Parallel Forums?|Breakout|Side Events?)\b")),
)


@dataclass(frozen=True, slots=True)
class EnglishMention:
    """A name of an event in English text: `name` to show (edition first: "137th China Import and Export
    Fair"), `series`/`edition` from `english_series`, the span of the name as written, the event word, and the
    short name it defines in parentheses, if any."""

    name: str
    series: str
    edition: str | None
    start: int
    end: int
    event_word: str
    alias: str | None = None
    by_alias: bool = False


@dataclass(frozen=True, slots=True)
class EnglishDecision:
    kind: EventKind | None
    reasons: tuple[str, ...]


def english_series(name: str) -> tuple[str, str | None, bool]:
    """(series, edition, known) of an English name: the folded name without "the", edition and year; for a
    known series (`KNOWN_SERIES`) its Chinese name, with `known` True. The edition is "n137" for 137th or
    Ninth, else "y2025" for a year, else None (the forms of `extract.events.series_key`)."""
    ordinal = _ORDINAL_RE.search(name)
    edition: str | None = None
    if ordinal is not None:
        word = ordinal.group(1).lower()
        number = _ORDINAL_WORDS.get(word) or int(word[:-2])
        edition = f"n{number}"
    elif (year := _YEAR_RE.search(name)) is not None:
        edition = f"y{year.group(1)}"
    core = re.sub(r"\s*\([^()]*\)\s*$", "", name)  # a short name in brackets after the name: "(CIIE)"
    core = _ORDINAL_RE.sub(" ", core)
    core = _YEAR_RE.sub(" ", core)
    core = re.sub(r"(?i)\b(?:the|session of|edition of)\b", " ", core)
    folded = _FOLD_RE.sub("", core.casefold())
    known = _KNOWN_FOLDED.get(folded)
    if known is not None:
        return known, edition, True
    return folded, edition, False


def _is_name_word(token: str) -> bool:
    if token in _CAPITAL_STOPS:
        return False
    if token.endswith(("'s", "’s", "s'")):
        return False  # "Guangdong's Investment Fair": a possessive is the organiser, not the name
    return token[0].isupper() or token[0].isdigit()


def _left_edge(text: str, floor: int, word_start: int) -> int:
    """Where the name ending in the event word at `word_start` begins (see the module docstring)."""
    tokens = [(m.start(), m.group()) for m in _TOKEN_RE.finditer(text, floor, word_start)]
    edge = word_start
    depth = 0  # inside a parenthesised part of the name: "China (Shanghai) International …"
    for i in range(len(tokens) - 1, -1, -1):
        start, token = tokens[i]
        if text[start + len(token) : edge].strip():
            break  # punctuation between: a comma, a quote, a dash
        if token == ")":
            depth += 1
        elif token == "(":
            if depth == 0:
                break
            depth -= 1
        elif depth > 0:
            if not _is_name_word(token):
                break
        elif token in _LEFT_JOINERS:
            # Inside a name only between two of its words: "Import and Export", not "the expo and …".
            if i == 0 or not _is_name_word(tokens[i - 1][1]):
                break
        elif not _is_name_word(token):
            if _ORDINAL_RE.fullmatch(token):
                edge = start  # "the ninth China … Expo": the edition opens the name
            break
        edge = start
    if depth:
        return word_start  # an unbalanced bracket: no name to trust
    # A name never opens with a joiner.
    while (m := re.match(r"(?:and|of|for|&|on|de)\s+", text[edge:word_start])) is not None:
        edge += m.end()
    return edge


def find_english_mentions(text: str, start: int, end: int, limit: int) -> list[EnglishMention]:
    """The first `limit` event names in ``text[start:end]``, in text order (see the module docstring)."""
    mentions: list[EnglishMention] = []
    last_end = start
    for m in _EVENT_WORD_RE.finditer(text, start, end):
        if len(mentions) >= limit:
            break
        if m.start() < last_end:
            continue  # inside the previous name's complement
        if _NOT_AFTER_RE.match(text, m.end()):
            continue
        if _NAME_GOES_ON_RE.match(text, m.end()):
            continue  # "Matchmaking Conference", "Expo Forum": the name ends at the later event word
        # A name is never longer than this: a page without line breaks must not make each name read the page.
        floor = max(start, _line_start(text, m.start()), m.start() - _MAX_NAME)
        left = _left_edge(text, floor, m.start())
        right = m.end()
        complement = _COMPLEMENT_RE.match(text, right, end)
        if complement and not _ends_in_date_word(complement.group()):
            right = complement.end()
        if year := _YEAR_AFTER_RE.match(text, right, end):
            right = year.end()
        alias: str | None = None
        if paren := _PAREN_AFTER_RE.match(text, right, end):
            alias = paren["alias"].strip()
            right = paren.end()
        core = text[left : (paren.start() if paren else right)].strip()
        if core == m.group() and not alias:
            continue  # "the Expo": the event word alone names nothing
        edition_text = None
        if session := _SESSION_RE.search(text, max(start, left - 60), left):
            edition_text = session.group(1)
        display = f"{edition_text} {core}" if edition_text else core
        series, edition, _ = english_series(display)
        mentions.append(EnglishMention(display, series, edition, left, right, m.group(), alias))
        last_end = right
    return mentions


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _ends_in_date_word(complement: str) -> bool:
    """ "Expo on June 27", "Summit on Tuesday": the complement is a date, not part of the name."""
    words = complement.split()
    return any(word.strip(",.") in _MONTHS_AND_DAYS for word in words[1:3])


def find_alias_mentions(text: str, start: int, end: int, aliases: dict[str, EnglishMention]) -> list[EnglishMention]:
    """Later mentions of the short names that the text defined ("CIIE") or that are known ("Canton Fair" is
    found as a name of its own), as mentions of the event that defined them."""
    if not aliases:
        return []
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True)) + r")(?![\w-])"
    )
    found = []
    for m in pattern.finditer(text, start, end):
        owner = aliases[m.group()]
        found.append(
            EnglishMention(owner.name, owner.series, owner.edition, m.start(), m.end(), owner.event_word, None, True)
        )
    return found


def classify(name: str, event_word: str, taxonomy: Taxonomy | None) -> EnglishDecision:
    """Whether the gathering `name` (ending in `event_word`) is an industry event, and its kind, with reasons."""
    for known in _KNOWN_POLITICAL:
        if known.casefold() in name.casefold():
            return EnglishDecision(None, (f"{known}: a summit of states",))
    for label, marker in _NOT_EVENT_MARKERS:
        found = marker.search(name)
        if found is not None:
            return EnglishDecision(None, (f"{found.group()}: {label}",))
    industries = taxonomy.match_en(name) if taxonomy is not None else []
    subject_match = _ECONOMIC_WORDS.search(name)
    subject = industries[0] if industries else (subject_match.group() if subject_match else None)
    known_series = english_series(name)[2] or any(k.casefold() in name.casefold() for k in _KNOWN_ECONOMIC)
    if re.search(r"\bMatchmaking\b|\bRoadshow\b|Investment Promotion|Promotion (?:Conference|Meeting)", name):
        return EnglishDecision("matchmaking", (f"{event_word}: matchmaking or investment promotion",))
    if event_word in _EXHIBITION_WORDS:
        if event_word == "Show" and subject is None and not known_series:
            return EnglishDecision(None, ("Show without a trade: a performance or a display",))
        return EnglishDecision("exhibition", (f"{event_word}: an exhibition or trade fair",))
    if known_series:
        return EnglishDecision("conference", (f"{name}: a known economic forum",))
    if subject is not None:
        return EnglishDecision("conference", (f"{event_word} on {subject}",))
    return EnglishDecision(None, (f"{event_word} without an economic or industry subject",))
