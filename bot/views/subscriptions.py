"""Subscriptions as the chat sees them: industry and region labels, words the bot did not know, the /subscribe
picker's two steps, what a subscription added, and /subscriptions with its remove buttons."""

from __future__ import annotations

from collections.abc import Sequence

from bot import actions
from bot.buttons import ALL, PickerStep, Unsubscribe
from bot.choices import Choices, Parsed
from bot.render import escape
from bot.texts import text
from bot.views.keyboard import Keyboard, button, rows, ticked
from db.models.subscribers import ANY

# /subscriptions offers a remove button for this many subscriptions at most (the keyboard stays usable).
_REMOVE_BUTTONS = 30


def pair_label(choices: Choices, industry: str, region: str, language: str) -> str:
    """One subscription as the chat reads it: ``生物医药 · 广东`` (not escaped)."""
    industry_label = text("any_industry", language) if industry == ANY else choices.industry_label(industry, language)
    region_label = text("any_region", language) if region == ANY else choices.region_label(region, language)
    return f"{industry_label} · {region_label}"


def pairs(choices: Choices, items: Sequence[tuple[str, str]], language: str) -> str:
    """Subscriptions as a bulleted list."""
    return "\n".join(f"• {escape(pair_label(choices, i, r, language))}" for i, r in items)


def industry_list(choices: Choices, language: str) -> str:
    """Every industry with the id to type for it, for /help and the hint after unknown words."""
    return text("list_separator", language).join(
        f"{escape(choices.industry_label(i.id, language))} (<code>{i.id}</code>)" for i in choices.industries
    )


def unknown_words(choices: Choices, parsed: Parsed, language: str) -> str:
    """The words that are no industry or region, what each may have meant, and what may be written."""
    separator = text("list_separator", language)
    lines = [text("unknown_words", language, words=separator.join(escape(word) for word, _ in parsed.unknown))]
    for word, suggestions in parsed.unknown:
        if suggestions:
            joined = separator.join(escape(s) for s in suggestions)
            lines.append(text("did_you_mean", language, word=escape(word), suggestions=joined))
    lines.append(text("choices_hint", language, industries=industry_list(choices, language)))
    return "\n".join(lines)


def subscribed(choices: Choices, result: actions.SubscribeResult) -> str:
    """What a subscription added, and what the chat already had."""
    language = result.language
    parts = []
    if result.added:
        parts.append(text("subscribed", language, items=pairs(choices, result.added, language)))
    if result.existing:
        parts.append(text("already_subscribed", language, items=pairs(choices, result.existing, language)))
    return "\n".join(parts)


def unsubscribed(count: int, language: str) -> str:
    return text("unsubscribed", language, count=count) if count else text("nothing_to_unsubscribe", language)


# --- the /subscribe picker ----------------------------------------------------------------------------------


def industry_step(choices: Choices, chosen: Sequence[str], language: str) -> tuple[str, Keyboard]:
    """Step 1: the industries, two a row, the chosen ones ticked (none chosen: all industries)."""
    buttons = [
        button(ticked(i.id in chosen, choices.industry_label(i.id, language)), PickerStep("industry", i.id))
        for i in choices.industries
    ]
    keyboard = rows(buttons, 2)
    keyboard.append(
        [
            button(ticked(not chosen, text("btn_all_industries", language)), PickerStep("industry", ALL)),
            button(text("btn_next", language), PickerStep("next")),
        ]
    )
    return text("pick_industries", language), keyboard


def region_step(
    choices: Choices,
    industries: Sequence[str],
    regions: Sequence[str],
    *,
    province: str | None,
    all_provinces: bool,
    language: str,
) -> tuple[str, Keyboard]:
    """Step 2: the chosen industries and regions, with the provinces (featured, or all of them) to pick from, or,
    with a ``province`` open, that province whole and its cities."""
    names = [choices.industry_label(i, language) for i in industries] or [text("any_industry", language)]
    separator = text("list_separator", language)
    body = text("pick_regions", language, industries=escape(separator.join(names)))
    labels = [choices.region_label(r, language) for r in regions] or [text("any_region", language)]
    body += "\n" + text("selected_regions", language, regions=escape(separator.join(labels)))
    return body, _region_keyboard(choices, regions, province, all_provinces, language)


def _region_keyboard(
    choices: Choices, chosen: Sequence[str], province: str | None, all_provinces: bool, language: str
) -> Keyboard:
    if province:
        whole = choices.region_name(province)
        assert whole is not None
        label = text("btn_whole_province", language, province=choices.region_label(province, language))
        keyboard = [[button(ticked(province in chosen, label), PickerStep("region", whole.key))]]
        cities = choices.cities_of(province)
        keyboard += rows([button(ticked(c.name in chosen, c.name), PickerStep("region", c.key)) for c in cities], 4)
        keyboard.append([button(text("btn_back", language), PickerStep("back"))])
        return keyboard
    provinces = choices.provinces if all_provinces else choices.featured_provinces
    buttons = [
        button(
            ticked(p.name in chosen or any(_in_province(choices, c, p.name) for c in chosen), p.name),
            PickerStep("province", p.key),
        )
        for p in provinces
    ]
    keyboard = rows(buttons, 4)
    if not all_provinces:
        keyboard.append([button(text("btn_more_provinces", language), PickerStep("more"))])
    keyboard.append(
        [
            button(ticked(not chosen, text("btn_all_regions", language)), PickerStep("region", ALL)),
            button(text("btn_done", language), PickerStep("done")),
        ]
    )
    return keyboard


def _in_province(choices: Choices, region: str, province: str) -> bool:
    found = choices.region_name(region)
    return found is not None and found.province == province and found.name != province


# --- /subscriptions -----------------------------------------------------------------------------------------


def subscriptions(choices: Choices, listing: actions.SubscriptionList) -> tuple[str, Keyboard | None]:
    """The chat's subscriptions, each with a button to remove it, and one to remove them all."""
    language = listing.language
    if not listing.items:
        return text("no_subscriptions", language), None
    items = pairs(choices, [(i, r) for _, i, r in listing.items], language)
    keyboard = [
        [button(text("btn_remove", language, label=pair_label(choices, i, r, language)), Unsubscribe(sid))]
        for sid, i, r in listing.items[:_REMOVE_BUTTONS]
    ]
    keyboard.append([button(text("btn_remove_all", language), Unsubscribe(None))])
    return text("subscriptions", language, items=items), keyboard
