"""Every text the bot sends, in Chinese (the default) and English, and the one lookup (:func:`text`). The texts
themselves live by domain in this package's modules, each with a ``ZH`` and an ``EN`` table.

Texts are ``str.format`` templates in HTML parse mode: whatever is substituted into them must already be escaped
by the caller with ``bot.render.escape`` (which also makes it safe to show), because scraped names and places can
contain ``<`` and ``&``, and bidi overrides.
"""

from __future__ import annotations

from bot.texts import admin, alerts, chat, events, review, settings, subscriptions

DEFAULT_LANGUAGE = "zh"
LANGUAGES = ("zh", "en")
_DOMAINS = (chat, subscriptions, events, settings, admin, alerts, review)


def _merged(tables: list[dict[str, str]]) -> dict[str, str]:
    """One language's texts from every domain; a key in two domains would make one of them silently unused."""
    merged: dict[str, str] = {}
    for table in tables:
        twice = merged.keys() & table.keys()
        if twice:
            raise ValueError(f"texts defined in two domains: {sorted(twice)}")
        merged.update(table)
    return merged


TEXTS: dict[str, dict[str, str]] = {
    "zh": _merged([domain.ZH for domain in _DOMAINS]),
    "en": _merged([domain.EN for domain in _DOMAINS]),
}


def language_for(language_code: str | None) -> str:
    """Telegram's IETF tag (zh-hans, en-US, ...) to one of our languages; Chinese when unknown."""
    if language_code and language_code.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def text(key: str, language: str, /, **values: object) -> str:
    """The text ``key`` in ``language`` (Chinese when missing there), with ``values`` substituted (pre-escaped)."""
    template = TEXTS.get(language, TEXTS[DEFAULT_LANGUAGE]).get(key)
    if template is None:
        template = TEXTS[DEFAULT_LANGUAGE][key]
    return template.format(**values) if values else template
