"""Exhibition schedules (展会排期) written by us (issue #10, item 6) in the style of a 商务局 schedule, trafilatura's
text of it, a Word-exported 计划表, a 会展网 list and a venue's month plan, with what a planner expects of them."""

from __future__ import annotations

from datetime import date

# A city's schedule as a CMS prints it: the whole page on one line, year only in the title, a header row, a row
# whose dates are not fixed yet, an en dash in one range.
CITY_SCHEDULE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>2025年广州展会排期（3月-8月）-广州市商务局</title>'
    '<script type="text/javascript">var _hmt = _hmt || [];document.write("<span>访问统计</span>");</script>'
    "<style>.TRS_Editor td{padding:4px;}</style></head><body>"
    '<div class="crumb">当前位置：首页 &gt; 会展服务 &gt; 展会排期</div><div class="article">'
    '<h2>2025年广州展会排期（3月-8月）</h2><div class="meta">发布日期：2025-02-26　来源：广州市商务局</div>'
    '<div class="TRS_Editor"><p>为方便企业参展观展，现将2025年3月至8月在我市举办的部分重点展会信息公布如下，'
    "具体以主办方公布为准。</p>"
    '<table width="100%" border="1" cellspacing="0" cellpadding="0"><tbody>'
    "<tr><td><strong>序号</strong></td><td><strong>展会名称</strong></td><td><strong>举办时间</strong></td>"
    "<td><strong>举办地点</strong></td><td><strong>主办单位</strong></td></tr>"
    "<tr><td>1</td><td>第137届中国进出口商品交易会（第一期）</td><td>4月15日-19日</td>"
    "<td>中国进出口商品交易会展馆</td><td>商务部、广东省人民政府</td></tr>"
    "<tr><td>2</td><td>2025中国（广州）国际物流装备与技术展览会</td><td>5月26日至28日</td>"
    "<td>广州保利世贸博览馆</td><td>中国物流与采购联合会</td></tr>"
    "<tr><td>3</td><td>第29届广州国际美容博览会</td><td>待定</td><td>中国进出口商品交易会展馆</td>"
    "<td>广东省美容美发化妆品行业协会</td></tr>"
    "<tr><td>4</td><td>2025世界生物医药产业大会</td><td>6月10日-12日</td><td>广州白云国际会议中心</td>"
    "<td>广州市人民政府</td></tr>"
    "<tr><td>5</td><td>第二十六届中国（广州）国际建筑装饰博览会</td><td>7月8日—11日</td>"
    "<td>广交会展馆A、B区</td><td>中国建筑装饰协会</td></tr>"
    "<tr><td>6</td><td>2025亚洲电子生产设备暨微电子工业展览会</td><td>8月20日-22日</td>"
    "<td>广州南丰国际会展中心</td><td>广东省电子信息行业协会</td></tr>"
    "</tbody></table><p>（注：展会信息如有变动，以主办单位发布为准。）</p></div></div>"
    '<div class="footer">版权所有：广州市商务局　粤ICP备12345678号</div></body></html>'
)
CITY_PUBLISHED = date(2025, 2, 26)

# (name, start, end, venue as written, city) of each dated fair of `CITY_SCHEDULE`.
CITY_ROWS = [
    ("第137届中国进出口商品交易会(第一期)", date(2025, 4, 15), date(2025, 4, 19), "中国进出口商品交易会展馆", "广州"),
    ("2025中国(广州)国际物流装备与技术展览会", date(2025, 5, 26), date(2025, 5, 28), "广州保利世贸博览馆", "广州"),
    ("2025世界生物医药产业大会", date(2025, 6, 10), date(2025, 6, 12), "广州白云国际会议中心", "广州"),
    ("第二十六届中国(广州)国际建筑装饰博览会", date(2025, 7, 8), date(2025, 7, 11), "广交会展馆", "广州"),
    ("2025亚洲电子生产设备暨微电子工业展览会", date(2025, 8, 20), date(2025, 8, 22), "广州南丰国际会展中心", "广州"),
]

CITY_IDS = ["canton-fair", "logistics-expo", "biomedicine-congress", "decoration-fair", "electronics-expo"]

# The same schedule as trafilatura gives it to the poller (`scheduler.pages.read_article`): a markdown table.
CITY_SCHEDULE_TEXT = """2025年广州展会排期（3月-8月）
发布日期：2025-02-26　来源：广州市商务局
为方便企业参展观展，现将2025年3月至8月在我市举办的部分重点展会信息公布如下，具体以主办方公布为准。
| 序号 | 展会名称 | 举办时间 | 举办地点 | 主办单位 |
|---|---|---|---|---|
| 1 | 第137届中国进出口商品交易会（第一期） | 4月15日-19日 | 中国进出口商品交易会展馆 | 商务部、广东省人民政府 |
| 2 | 2025中国（广州）国际物流装备与技术展览会 | 5月26日至28日 | 广州保利世贸博览馆 | 中国物流与采购联合会 |
| 3 | 第29届广州国际美容博览会 | 待定 | 中国进出口商品交易会展馆 | 广东省美容美发化妆品行业协会 |
| 4 | 2025世界生物医药产业大会 | 6月10日-12日 | 广州白云国际会议中心 | 广州市人民政府 |
| 5 | 第二十六届中国（广州）国际建筑装饰博览会 | 7月8日—11日 | 广交会展馆A、B区 | 中国建筑装饰协会 |
| 6 | 2025亚洲电子生产设备暨微电子工业展览会 | 8月20日-22日 | 广州南丰国际会展中心 | 广东省电子信息行业协会 |
（注：展会信息如有变动，以主办单位发布为准。）"""

# A plan exported from Word: every cell on lines of its own, a date split over paragraphs and spans, a <br> in a
# cell, attributes wrapped over lines, Word's <xml> and conditional comments in the head.
WORD_SCHEDULE = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<title>成都市2025年下半年重点展会计划表</title>
<!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:View>Normal</w:View>
  <w:Zoom>0</w:Zoom>
 </w:WordDocument>
</xml><![endif]-->
<style>
<!--
 p.MsoNormal {margin:0cm; font-size:10.5pt; font-family:等线;}
-->
</style>
</head>
<body lang=ZH-CN style='text-justify-trim:punctuation'>
<div class=WordSection1>
<p class=MsoNormal align=center style='text-align:center'><b><span
style='font-size:16.0pt'>成都市2025年下半年重点展会计划表</span></b></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0
 style='border-collapse:collapse;border:none'>
 <tr style='height:20.0pt'>
  <td width=200 valign=top style='width:150.0pt;border:solid windowtext 1.0pt;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><b><span style='font-size:12.0pt'>展会名称</span></b></p>
  </td>
  <td width=120 valign=top style='width:90.0pt;border:solid windowtext 1.0pt;
  border-left:none;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><b><span style='font-size:12.0pt'>展期</span></b></p>
  </td>
  <td width=150 valign=top style='width:110.0pt;border:solid windowtext 1.0pt;
  border-left:none;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><b><span style='font-size:12.0pt'>展馆</span></b></p>
  </td>
 </tr>
 <tr style='height:20.0pt'>
  <td width=200 valign=top style='width:150.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span>第二十二届中国西部国际博览会</span></p>
  </td>
  <td width=120 valign=top style='width:90.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span lang=EN-US>2025</span><span>年</span></p>
  <p class=MsoNormal><span lang=EN-US>9</span><span>月</span><span lang=EN-US>25</span><span>日</span><span
  lang=EN-US>-29</span><span>日</span></p>
  </td>
  <td width=150 valign=top style='width:110.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span>中国西部国际博览城</span></p>
  </td>
 </tr>
 <tr style='height:20.0pt'>
  <td width=200 valign=top style='width:150.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span>第</span><span lang=EN-US>31</span><span>届中国（成都）国际汽车展览会</span></p>
  </td>
  <td width=120 valign=top style='width:90.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span lang=EN-US>2025</span><span>年</span><span lang=EN-US>8</span><span>月</span><span
  lang=EN-US>29</span><span>日至</span><span lang=EN-US>9</span><span>月</span><span lang=EN-US>7</span><span>日</span></p>
  </td>
  <td width=150 valign=top style='width:110.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span>中国西部国际博览城</span><span lang=EN-US><br>
  </span><span>（</span><span lang=EN-US>1-9</span><span>号馆）</span></p>
  </td>
 </tr>
 <tr style='height:20.0pt'>
  <td width=200 valign=top style='width:150.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span lang=EN-US>2025</span><span>成都国际工业博览会</span></p>
  </td>
  <td width=120 valign=top style='width:90.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span lang=EN-US>2025</span><span>年</span><span lang=EN-US>11</span><span>月</span><span
  lang=EN-US>26</span><span>日</span><span lang=EN-US>-28</span><span>日</span></p>
  </td>
  <td width=150 valign=top style='width:110.0pt;border-top:none;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><span>成都世纪城新国际会展中心</span></p>
  </td>
 </tr>
</table>
</div>
</body>
</html>
"""

# A 会展网 month list: one fair per <li>, the date last, so a fair's nearest date on a run-together line would be
# the one of the fair before it.
LIST_SCHEDULE = (
    '<div class="list"><h1>2025年3月北京展会一览</h1><p class="info">2025-02-28 10:12 来源：北京会展网</p>'
    '<ul class="zhlist">'
    '<li><a href="/zh/20250306.html">2025中国国际智能制造装备博览会</a><span class="dd">中国国际展览中心（顺义馆）'
    '</span><span class="rq">3月6日-8日</span></li>'
    '<li><a href="/zh/20250312.html">第三十二届中国国际医疗器械博览会</a><span class="dd">国家会议中心</span>'
    '<span class="rq">3月12日至14日</span></li>'
    '<li><a href="/zh/20250326.html">第十四届中国国际储能大会</a><span class="dd">北京展览馆</span>'
    '<span class="rq">3月26日-28日</span></li>'
    "</ul></div>"
)

# A venue's month plan as plain lines, one fair per line.
LINE_SCHEDULE = """深圳会展中心2025年4月展会安排
发布时间：2025-03-25
1、4月9日-11日 第十三届中国电子信息博览会 深圳会展中心1-9号馆
2、4月16日-18日 2025深圳国际人工智能展览会 深圳会展中心(福田)6号馆
3、4月23日至25日 第二十届中国国际半导体博览会 深圳会展中心1号馆、2号馆"""
