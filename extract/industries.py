"""Which industries an event is about.

An event's industries come from what the text says it is about, not from its name alone:

1. the event's own names (生物医药产业高质量发展推进会 is biomedicine whatever the article says around it);
2. what the sentence says the event shows or covers: a clause after the name with 展示, 聚焦, 围绕, 设立…展区,
   涵盖 … adds its industries to the name's (“AI&机器人融合创新大会”…展示人工智能与机器人最新成果 is robotics
   and AI, so a subscriber to 人工智能 is told), unless the clause's subject is the people there (与会嘉宾围绕…);
3. a name with no industry word (融通创新展) takes those of the rest of its sentence, then of its paragraph;
   the pipeline passes no such context for forums and summits, whose sentences report what speakers said;
4. a fair, matchmaking meeting or economic forum that names no industry is a general one, and the corpus spec
   files a general trade fair under trade (`general`).

Only when the text gives nothing do the source's hinted industries apply: a source's industries are a default,
not a label for everything it publishes (a trade ministry's feed also reports a robotics fair).
With no taxonomy, industries come from the hints alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extract.model import SourceHints
from extract.taxonomy import Taxonomy

# A clause that says what an event shows or covers.
_ABOUT_RE = re.compile(
    r"(?:展示|展出|聚焦|围绕|涵盖|覆盖|设立|设置|设有|主题|专区|展区|板块|领域|集中亮相)[^。；;！!？?\n]{0,80}"
)

# 与会嘉宾围绕…发言: a clause whose subject is the people at the event says what they talked about, not what the
# event is about (a general forum's speakers range over every industry).
_SPEAKERS_RE = re.compile(r"嘉宾|代表|专家|学者|人士|企业家|负责人|领导|院士|官员")


def industries_for(
    names: Iterable[str],
    contexts: Iterable[str],
    taxonomy: Taxonomy | None,
    hints: SourceHints | None,
    *,
    about: str = "",
    general: str | None = None,
) -> tuple[str, ...]:
    """Taxonomy ids for an event: from its `names` and what `about` (the text after its name in its sentence)
    says it shows or covers; else from the first of `contexts` (narrowest first) that names any; else `general`
    (the id for a general fair or forum); else the hints. Ids keep the order in which the text mentions them."""
    if taxonomy is not None:
        found: dict[str, None] = {}
        for name in names:
            found.update(dict.fromkeys(taxonomy.match(name)))
        for clause in _ABOUT_RE.finditer(about):
            clause_start = max(about.rfind("，", 0, clause.start()), about.rfind(",", 0, clause.start())) + 1
            if _SPEAKERS_RE.search(about, clause_start, clause.start()):
                continue
            found.update(dict.fromkeys(taxonomy.match(clause.group())))
        if found:
            return tuple(found)
        for context in contexts:
            ids = taxonomy.match(context)
            if ids:
                return tuple(ids)
        if general is not None and general in taxonomy.ids:
            return (general,)
    if hints is not None and hints.industries:
        return tuple(dict.fromkeys(hints.industries))
    return ()
