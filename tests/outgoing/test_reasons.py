"""A reason a reader reports reads the same on the page's form and in the bot, in every language, and every reason
that can be stored has its words."""

from __future__ import annotations

import pytest

from bot.texts import LANGUAGES, text
from db.models.corrections import REPORT_REASONS
from web.page_texts import TEXTS


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("reason", REPORT_REASONS)
def test_page_and_bot_name_each_reason_alike(language: str, reason: str) -> None:
    in_bot = text(f"reason_{reason}", language)
    assert in_bot == TEXTS[language][f"reason_{reason}"]
    assert in_bot
    assert in_bot != f"reason_{reason}"


def test_no_reason_has_words_but_cannot_be_stored() -> None:
    for language in LANGUAGES:
        offered = {key.removeprefix("reason_") for key in TEXTS[language] if key.startswith("reason_")}
        assert offered == set(REPORT_REASONS)
