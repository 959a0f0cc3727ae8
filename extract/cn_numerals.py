"""Chinese numerals as they appear in dates: 二〇二三, 十二, 二十一, 廿五, 卅一.

Only the small-number grammar that dates need (no 百/千/万), so a value can
never exceed 9999 and a bad string is rejected rather than guessed.
"""

from __future__ import annotations

DIGITS: dict[str, int] = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

# Characters a numeral regex may use; 十/廿/卅 are the tens markers.
NUMERAL_CHARS = "〇○零一二两兩三四五六七八九十廿卅"


def parse_cn_int(s: str) -> int | None:
    """Value of a Chinese or ASCII numeral, or None when it is not one.

    Digit-by-digit years (二〇二三) and positional numbers below 100 (十五,
    二十, 三十一, 廿五) are understood; anything else returns None.
    """
    if not s:
        return None
    if s.isascii():
        return int(s) if s.isdigit() else None
    if all(ch in DIGITS for ch in s):
        if len(s) == 1:
            return DIGITS[s]
        # 二〇二三: read digit by digit, which is how years are written.
        value = 0
        for ch in s:
            value = value * 10 + DIGITS[ch]
        return value
    tens_markers = {"十": 1, "廿": 2, "卅": 3}
    marker_positions = [i for i, ch in enumerate(s) if ch in tens_markers]
    if len(marker_positions) != 1:
        return None
    i = marker_positions[0]
    head, tail = s[:i], s[i + 1 :]
    if len(head) > 1 or len(tail) > 1:
        return None
    if head and (s[i] != "十" or head not in DIGITS or DIGITS[head] == 0):
        return None
    if tail and (tail not in DIGITS or DIGITS[tail] == 0):
        return None
    tens = DIGITS[head] if head else tens_markers[s[i]]
    return tens * 10 + (DIGITS[tail] if tail else 0)
