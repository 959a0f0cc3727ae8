"""Event Radar's extraction engine: Chinese news text (or an English press release) in, structured industry events
out.

Pure Python: no I/O, no network, no clock. The public API:

* `extract_events(text, *, published, hints=None, taxonomy=None)` -> list of `ExtractedEvent`;
* `SourceHints`, `ExtractedEvent`, `Evidence` (`extract.model`);
* `Taxonomy`, `Industry` (`extract.taxonomy`), built from config.yaml's ``industries:`` with
  `Taxonomy.from_mapping`.
"""

from __future__ import annotations

from extract.model import Evidence, ExtractedEvent, SourceHints
from extract.pipeline import extract_events
from extract.taxonomy import Industry, Taxonomy

__all__ = ["Evidence", "ExtractedEvent", "Industry", "SourceHints", "Taxonomy", "extract_events"]
