"""config.yaml's industries and regions (``industries``, ``regions.featured``, ``regions.groups``) as the bot
(:class:`bot.choices.Choices`) and the page, the feeds and ``events list`` (:class:`web.filters.Vocabulary`) read
them: one mapping, so what a user may choose is the same everywhere.
"""

from __future__ import annotations

from app.config import AppConfig
from bot.choices import Choices
from extract.gazetteer import default_gazetteer
from web.filters import Vocabulary


def choices_of(config: AppConfig) -> Choices:
    return Choices(config.taxonomy(), default_gazetteer(), config.regions.featured, config.region_groups())


def vocabulary_of(config: AppConfig) -> Vocabulary:
    return Vocabulary(config.taxonomy(), default_gazetteer(), config.regions.featured, config.region_groups())
