"""The one function that makes text safe to show (outgoing.text.clean_text), case by case."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from outgoing.text import clean_text

KEPT = [
    "2026中国（广州）国际生物医药博览会",
    "第135届广交会第二期：4月23日至27日，琶洲展馆。",
    "【重磅】“一带一路”国际合作高峰论坛；《邀请函》、报名！？",
    "全角　空格与半角 空格",  # U+3000 is a space in Chinese text, not a control
    "第一行\n第二行",
    "Café, Zürich — naïve",
    "👩\u200d💻 开发者大会",  # the joiner of an emoji sequence is part of the emoji
    "مؤتمر الصين",  # right-to-left script itself is text, not a control
    "",
]
CLEANED = [
    ("名称\u202e会览博", "名称会览博"),  # RIGHT-TO-LEFT OVERRIDE
    ("a\u202ab\u202bc\u202cd\u202de", "abcde"),  # embeddings, pop
    ("\u2066a\u2067b\u2068c\u2069", "abc"),  # isolates
    ("a\u200eb\u200fc\u061cd", "abcd"),  # marks
    ("博览\x00会", "博览会"),  # NUL
    ("\x01\x07\x08\x1b[31m红\x7f", "[31m红"),  # C0 controls and DEL
    ("a\x80b\x9fc", "abc"),  # C1 controls
    ("\ufeff标题", "标题"),  # BOM
    ("a\ud800b", "ab"),  # a lone surrogate
    ("a\ufffeb\uffff", "ab"),  # noncharacters
    ("一\u2028二\u2029三", "一\n二\n三"),  # LINE and PARAGRAPH SEPARATOR
    ("一\r\n二\r三\x0b四\x0c五\x85六", "一\n二\n三\n四\n五\n六"),
    ("名称\t场馆", "名称 场馆"),
]


@pytest.mark.parametrize("value", KEPT)
def test_legitimate_text_is_left_as_it_is(value: str) -> None:
    assert clean_text(value) == value


@pytest.mark.parametrize(("value", "expected"), CLEANED)
def test_controls_go_and_line_breaks_become_newlines(value: str, expected: str) -> None:
    assert clean_text(value) == expected


@given(st.text())
def test_the_result_is_clean_whatever_comes_in(value: str) -> None:
    cleaned = clean_text(value)
    assert clean_text(cleaned) == cleaned
    cleaned.encode("utf-8")  # no surrogate left to make an encoder fail
    for char in cleaned:
        assert char == "\n" or not (ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F), repr(char)
        assert char not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u2028\u2029\ufeff"
