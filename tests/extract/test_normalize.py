"""normalize(): cleaning rules, the offset map back to the page, and the real seed pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.chinese_dates import find_dates
from extract.normalize import normalize
from extract.spelling import fold

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def _seed_texts() -> dict[str, str]:
    if not (SEEDS / "expected.jsonl").is_file():
        pytest.skip(f"seed pages not available at {SEEDS}")
    out: dict[str, str] = {}
    for line in (SEEDS / "expected.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out[row["id"]] = (SEEDS / row["file"]).read_text(encoding="utf-8")
    return out


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            "省會經濟圈生物醫藥產業聯盟在濟南召開",
            "省会经济圈生物医药产业联盟在济南召开",
            id="traditional-to-simplified",
        ),
        pytest.param("開平市人民政府門戶網(wǎng)站", "开平市人民政府门户网站", id="pinyin-debris-after-char"),
        pytest.param("推進(jìn)會(huì )在我市召開(kāi)", "推进会在我市召开", id="pinyin-debris-with-inner-space"),
        pytest.param("對接會（huì）在開平舉辦", "对接会在开平举办", id="pinyin-debris-fullwidth-parens"),
        pytest.param(
            "科技成果对接会(生物医药领域)在开平举办", "科技成果对接会(生物医药领域)在开平举办", id="real-parens-kept"
        ),
        pytest.param("对接活动（梅州）举行", "对接活动(梅州)举行", id="fullwidth-parens-kept-and-folded"),
        pytest.param("人工智能(AI)产业大会", "人工智能(AI)产业大会", id="latin-acronym-in-parens-kept"),
        pytest.param("高原(pinyin)文化", "高原(pinyin)文化", id="toneless-latin-word-in-parens-kept"),
        pytest.param("２０２３年６月２７日，ＡＩ大会", "2023年6月27日，AI大会", id="fullwidth-digits-and-letters"),
        pytest.param("发布时间：2023－02－18", "发布时间:2023-02-18", id="fullwidth-colon-and-hyphen"),
        pytest.param("“大手拉小手”、《倡议》，共赢。", "“大手拉小手”、《倡议》，共赢。", id="chinese-punctuation-kept"),
        pytest.param('<thead id="xudex"></thead>正文内容', "正文内容", id="html-tags-stripped"),
        pytest.param("A&amp;B&nbsp;展会", "A&B 展会", id="html-entities-decoded"),
        pytest.param("标题\n![]() |\n正文", "标题\n正文", id="markdown-image-line-removed"),
        pytest.param(
            "   江门市对接会   在开平\t\t举办  ", "江门市对接会 在开平 举办", id="whitespace-trimmed-and-collapsed"
        ),
        pytest.param("标题\n\n\n正文", "标题\n正文", id="blank-lines-removed"),
        pytest.param("标题\r\n正文\r\n", "标题\n正文", id="crlf-line-endings"),
        pytest.param("第一段<br>第二段<p>第三段</p>", "第一段\n第二段\n第三段", id="html-block-tags-break-lines"),
        pytest.param("您當前的位置:首頁 > 開平市科工商務局 > 政務公開\n正文", "正文", id="nav-breadcrumb-removed"),
        pytest.param("正文\n返回顶部", "正文", id="nav-back-to-top-removed"),
        pytest.param("正文\n上一篇：某某新闻\n下一篇：另一条新闻", "正文", id="nav-prev-next-removed"),
        pytest.param("正文\n新聞中心首頁(yè)", "正文", id="nav-section-home-removed"),
        pytest.param("• 我的订阅\n  • 国内\n正文", "正文", id="nav-menu-bullets-removed"),
        pytest.param("正文\n版權所有: 齊魯網 All Rights Reserved", "正文", id="copyright-line-removed"),
        pytest.param("正文\n魯ICP備09062847號-1", "正文", id="icp-line-removed"),
        pytest.param("正文\n分享到：微信 微博 QQ空间", "正文", id="share-bar-removed"),
        pytest.param("正文\n责任编辑：张三", "正文", id="editor-credit-removed"),
        pytest.param("正文\n責 編:劉 佳 |", "正文", id="spaced-editor-credit-removed"),
        pytest.param("正文\n(记者翟倩倩、焦娇)", "正文", id="reporter-credit-line-removed"),
        pytest.param("国产精品制服丝袜美腿控,日韩人妻无码一区\n正文", "正文", id="seo-spam-line-removed"),
        pytest.param(
            "正文\n" + "中国版权保护中心发布版权所有权登记数据,著作权登记总量持续增长。" * 8,
            "正文\n" + "中国版权保护中心发布版权所有权登记数据,著作权登记总量持续增长。" * 8,
            id="long-paragraph-about-copyright-kept",
        ),
        pytest.param("国产大飞机亮相欧美和日韩市场", "国产大飞机亮相欧美和日韩市场", id="spam-words-in-real-news-kept"),
        pytest.param(
            "会议在焦作召开，全省生物医药产业高质量发展。\n会议在焦作召开，全省生物医药产业高质量发展。",
            "会议在焦作召开，全省生物医药产业高质量发展。",
            id="repeated-paragraph-kept-once",
        ),
        pytest.param("来源:济南日报\n来源:济南日报", "来源:济南日报\n来源:济南日报", id="short-repeated-line-kept"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


BODY = "为推进科技成果转移转化进程，加快形成开平生物医药产业的新质生产力，江门市科技局在开平联合举办了科技成果对接会。"


@pytest.mark.parametrize(
    ("raw", "expected_tail"),
    [
        pytest.param(f"{BODY}\n相关新闻\n另一条新闻", "相关新闻\n另一条新闻", id="main-end-at-related-news"),
        pytest.param(f"{BODY}\n信息原文地址:\n千亿大手笔", "信息原文地址:\n千亿大手笔", id="main-end-at-source-link"),
        pytest.param(
            f"{BODY}\n版权声明:凡注明来源的作品\n- 其他新闻标题", "- 其他新闻标题", id="main-end-after-footer"
        ),
        pytest.param(f"{BODY}\n推荐阅读", "推荐阅读", id="main-end-marker-last-line"),
        pytest.param(f"{BODY}\n正文继续", "", id="main-end-without-marker"),
        pytest.param(f"相关新闻\n{BODY}", "", id="marker-before-body-ignored"),
    ],
)
def test_main_end(raw: str, expected_tail: str) -> None:
    result = normalize(raw)
    assert result.text[result.main_end :] == expected_tail


def test_offsets_point_into_original_across_removed_pinyin() -> None:
    raw = "<p>開平市人民政府門戶網(wǎng)站</p>發(fā)布日期"
    result = normalize(raw)
    start = result.text.index("门户网站")
    o_start, o_end = result.original_span(start, start + len("门户网站"))
    assert raw[o_start:o_end] == "門戶網(wǎng)站"
    pos = result.text.index("发布")
    assert raw[result.to_original(pos)] == "發"


def test_offsets_end_of_text_and_bounds() -> None:
    result = normalize("正文\n返回顶部\n")
    assert result.text == "正文"
    assert result.to_original(len(result.text)) == 2
    with pytest.raises(IndexError):
        result.to_original(len(result.text) + 1)
    assert normalize("").to_original(0) == 0


def test_fold_keeps_length_and_simplifies() -> None:
    raw = "會議將於６月２７日（週二）舉辦"
    folded = fold(raw)
    assert len(folded) == len(raw)
    assert folded == "会议将于6月27日(周二)举办"


def _check_map(raw: str) -> None:
    result = normalize(raw)
    positions = [result.to_original(i) for i in range(len(result.text) + 1)]
    assert all(0 <= p <= len(raw) for p in positions)
    assert positions == sorted(positions)
    for i in range(len(result.text)):
        start, end = result.original_span(i, i + 1)
        assert 0 <= start < end <= len(raw)
    assert 0 <= result.main_end <= len(result.text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_normalizes_with_monotonic_map(raw: str) -> None:
    _check_map(raw)


_PIECES = st.sampled_from(
    [
        "網(wǎng)",
        "會(huì )",
        "（梅州）",
        "\n",
        "相关新闻",
        "版权所有",
        "<p>",
        "&amp;",
        "６月２７日",
        "将于",
        " ",
        "近日",
        "召开",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=30).map("".join))
def test_page_like_text_normalizes_with_monotonic_map(raw: str) -> None:
    _check_map(raw)


def test_one_megabyte_page_completes() -> None:
    unit = "2023年6月27日至30日，融通创新展将于广州琶洲会展中心举办。網(wǎng)站(生物医药领域)\n版权所有\n1-5月份累计增长6.5%。"
    raw = unit * (1_000_000 // len(unit.encode()) + 1)
    result = normalize(raw)
    assert result.text
    assert find_dates(raw, published=None)


# --- real pages -----------------------------------------------------------


def test_seed_traditional_page_is_simplified_without_pinyin() -> None:
    text = normalize(_seed_texts()["002_dbf68695d20766c9"]).text
    assert "江门市“邑科汇”科技成果对接会(生物医药领域)" in text
    assert "(wǎng)" not in text
    assert "版权所有" not in text
    assert "无码" not in text


def test_seed_spam_first_line_removed() -> None:
    text = normalize(_seed_texts()["001_3ee0c7ef94521e89"]).text
    assert "无码" not in text
    assert text.startswith("省会经济圈生物医药产业联盟推动融合发展")


def test_seed_repeated_article_kept_once() -> None:
    text = normalize(_seed_texts()["004_ea434ea53d8dbac5"]).text
    assert text.count("12月20日,全省生物医药产业高质量发展推进会在我市召开") == 1
    assert "总值班" not in text


def test_seed_related_list_after_main_end() -> None:
    result = normalize(_seed_texts()["000_62fbf19e6f16b442"])
    assert result.text[result.main_end :].startswith("信息原文地址")
    assert "将于6月27-30日" in result.text[: result.main_end]


def test_seed_offsets_recover_original_characters() -> None:
    for raw in _seed_texts().values():
        result = normalize(raw)
        for i, ch in enumerate(result.text):
            if ch == "\n":
                continue
            start, end = result.original_span(i, i + 1)
            assert fold(raw[start:end])[:1] == ch or len(raw[start:end]) > 1, (i, ch, raw[start:end])
