"""The one function that makes text safe to show: every channel (the page, iCal feeds, Telegram) passes the text
it did not write itself through :func:`clean_text` at the point where the text leaves for that channel.

What goes, and why:

* bidi controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, U+200E/U+200F/U+061C marks): an
  override in an event's name reverses what follows it on screen, so a name, a venue or a link title can be made to
  read as something else, and the reversal runs on into our own text after it;
* C0 and C1 control characters (NUL and the rest): invisible, refused by iCal (RFC 5545 TEXT), and NUL cuts strings
  short in C clients; a tab becomes a space;
* the BOM/zero-width no-break space (U+FEFF) and lone surrogates (U+D800–U+DFFF, which no UTF-8 encoder accepts,
  so Telegram's JSON and the page's bytes would fail on them), and the noncharacters U+FFFE/U+FFFF;
* every other line break (CR LF, CR, VT, FF, NEL, U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR) becomes one
  ``\\n``: each client treats those differently (U+2028 ends a line in some, is invisible in others, ends a string
  in JavaScript), while ``\\n`` is what all of them show as a new line. Newlines themselves are kept: a line break
  in a text is legitimate and each channel renders it its own way (iCal escapes it, HTML folds it into a space).

Chinese text, full-width punctuation (，。、：（）【】), emoji and their joiners (U+200D) are letters and symbols,
not controls, and stay untouched.

Why at each channel and not once at storage: rows stored before this rule existed, text that never passed the
poller (source names and addresses an admin typed, a sentence kept in a change record, a user's own words echoed
back) and whatever a later writer stores all reach readers too; only the exit sees all of it. Each channel already
has one gate that all such text passes (Telegram: ``bot.render.escape``; iCal: ``ical.render.escape_text``; the
page: the template environment's ``finalize``), so this runs once per value per channel, and costs one regular
expression search on text that is already clean.
"""

from __future__ import annotations

import re

_LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_DROP = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff\ufffe\uffff]"
)
_UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff\ufffe\uffff]"
)


def clean_text(value: str) -> str:
    """``value`` without bidi controls, control characters, BOMs or surrogates; its line breaks as ``\\n``."""
    if _UNSAFE.search(value) is None:  # nearly always: text that is clean costs one search
        return value
    value = _LINE_BREAK.sub("\n", value).replace("\t", " ")
    return _DROP.sub("", value)
