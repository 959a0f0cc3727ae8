"""Which industries an event is about.

The event's own names decide first (生物医药产业高质量发展推进会 is biomedicine whatever the article says
around it). A name with no industry word (融通创新展) takes the industries of what the article says about it,
widening step by step and stopping at the first step that finds any:

1. from the name to the end of its sentence (…举办融通创新展,设立生物医药、新能源汽车…等展区);
2. the whole sentence;
3. the paragraph.

Only when the text gives nothing do the source's hinted industries apply: a source's industries are a default,
not a label for everything it publishes (a trade ministry's feed also reports a robotics fair).
With no taxonomy, industries come from the hints alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from extract.model import SourceHints
from extract.taxonomy import Taxonomy


def industries_for(
    names: Iterable[str],
    contexts: Iterable[str],
    taxonomy: Taxonomy | None,
    hints: SourceHints | None,
) -> tuple[str, ...]:
    """Taxonomy ids for an event: from its `names`, else from the first of `contexts` (narrowest first) that
    names any, else from the hints. Ids keep the order in which the text mentions them."""
    if taxonomy is not None:
        found: dict[str, None] = {}
        for name in names:
            found.update(dict.fromkeys(taxonomy.match(name)))
        if found:
            return tuple(found)
        for context in contexts:
            ids = taxonomy.match(context)
            if ids:
                return tuple(ids)
    if hints is not None and hints.industries:
        return tuple(dict.fromkeys(hints.industries))
    return ()
