"""The regional groupings users filter and subscribe by (粤港澳大湾区, 长三角, 京津冀, 成渝, 珠三角): their model.

The groupings themselves are data in config.yaml (``regions.groups``): a deployment adds or
changes one without touching code, and the bot, the page, the feeds and the alerts all get the same list, because
the composition root builds the one region vocabulary from it (`extract.regions.regions_of`).

Business-development and investment-promotion staff think in the state's regional strategies more than in
provinces: "events in the Greater Bay Area" is one request, not eleven. Each group lists the names people write for
it, an ascii key for deep links and buttons, its English name, and its members as names of the gazetteer's regions
(`extract.regions.RegionVocabulary` resolves them; a group contains an event that any member contains).

The shipped config's members follow each plan's own scope, at the level of whole cities or provinces:

* 粤港澳大湾区: the nine cities of 广东 named in the 粤港澳大湾区发展规划纲要 (2019) and 香港, 澳门.
* 珠三角: the same nine cities of 广东 (珠三角九市).
* 长三角: 上海, 江苏, 浙江, 安徽, the whole of the 长江三角洲区域一体化发展规划纲要's scope (2019).
* 京津冀: 北京, 天津, 河北.
* 成渝: the 成渝地区双城经济圈建设规划纲要 (2021) names 27 districts and counties of 重庆 (and parts of two more) and
  15 cities of 四川, three of them without a county or two. Events are stored by city, so the group takes 重庆
  whole and the 15 cities whole: an event in 重庆's 城口 or 绵阳's 北川 counts as 成渝 too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RegionGroup:
    """``names[0]`` is the canonical name (what a subscription stores); ``members`` are region names."""

    names: tuple[str, ...]
    key: str
    english: str
    members: tuple[str, ...]
