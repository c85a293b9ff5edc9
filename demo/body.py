"""Report bodies as Word pastes them into a CMS: MsoNormal paragraphs, spans, spanned tables."""

from html import escape

from nianbao.demo.catalog import DemoReport
from nianbao.extract.keys import APPEAL_COLS, APPEAL_ROWS, REQUEST_COLS

_SPAN = '<span style="font-family:宋体;font-size:12.0pt;mso-bidi-font-family:宋体">{}</span>'
_ORG_COLS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")


def _p(text: str, align: str = "justify") -> str:
    spans = "".join(_SPAN.format(escape(part)) for part in text.split("|"))
    return f'<p class="MsoNormal" align="{align}" style="text-indent:2em;line-height:28pt">{spans}</p>'


def _td(text: str = "", rowspan: int = 1, colspan: int = 1) -> str:
    spans = "".join(f'<p class="MsoNormal" align="center">{_SPAN.format(escape(line) or "&nbsp;")}</p>'
                    for line in str(text).split("\n"))
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    return f'<td{attrs} valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt">{spans}</td>'


def _table(rows: list[list[str]]) -> str:
    body = "".join(f"<tr>{''.join(row)}</tr>" for row in rows)
    return (f'<div align="center"><table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
            f'style="border-collapse:collapse;border:none"><tbody>{body}</tbody></table></div>')


def _num(value) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _signed(value: int) -> str:
    return f"增{value}" if value > 0 else f"减{-value}" if value < 0 else "0"


def active_table(report: DemoReport) -> str:
    """二、主动公开政府信息情况, in the report's template."""
    a = report.active
    if report.template == "2021":
        rows = [[_td("第二十条第（一）项", colspan=4)],
                [_td("信息内容"), _td("本年制发件数"), _td("本年废止件数"), _td("现行有效件数")]]
        rows += [[_td(label)] + [_td(_num(a[(key, c)])) for c in ("issued", "repealed", "in_force")]
                 for key, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件"))]
        for clause, items in (("（五）", (("licensing", "行政许可"),)),
                              ("（六）", (("penalties", "行政处罚"), ("coercion", "行政强制")))):
            rows += [[_td(f"第二十条第{clause}项", colspan=4)], [_td("信息内容"), _td("本年处理决定数量", colspan=3)]]
            rows += [[_td(label), _td(_num(a[(key, "decisions")]), colspan=3)] for key, label in items]
        rows += [[_td("第二十条第（八）项", colspan=4)], [_td("信息内容"), _td("本年收费金额（单位：万元）", colspan=3)],
                 [_td("行政事业性收费"), _td(_num(a[("fees", "amount")]), colspan=3)]]
        return _table(rows)
    rows = [[_td("第二十条第（一）项", colspan=4)],
            [_td("信息内容"), _td("本年新\n制作数量"), _td("本年新\n公开数量"), _td("对外公开总数量")]]
    rows += [[_td(label)] + [_td(_num(a[(key, c)])) for c in ("made", "published", "total")]
             for key, label in (("regulations", "规章"), ("normative_documents", "规范性文件"))]
    for clause, items in (("（五）", (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项"))),
                          ("（六）", (("penalties", "行政处罚"), ("coercion", "行政强制")))):
        rows += [[_td(f"第二十条第{clause}项", colspan=4)],
                 [_td("信息内容"), _td("上一年项目数量"), _td("本年增/减"), _td("处理决定数量")]]
        rows += [[_td(label), _td(_num(a[(key, "prev_items")])), _td(_signed(a[(key, "change")])),
                  _td(_num(a[(key, "decisions")]))] for key, label in items]
    rows += [[_td("第二十条第（八）项", colspan=4)],
             [_td("信息内容"), _td("上一年项目数量"), _td("本年增/减", colspan=2)],
             [_td("行政事业性收费"), _td(_num(a[("fees", "prev_items")])), _td(_signed(a[("fees", "change")]), colspan=2)],
             [_td("第二十条第（九）项", colspan=4)],
             [_td("信息内容"), _td("采购项目数量"), _td("采购总金额（单位：万元）", colspan=2)],
             [_td("政府集中采购"), _td(_num(a[("procurement", "projects")])),
              _td(_num(a[("procurement", "amount")]), colspan=2)]]
    return _table(rows)


def _request_rows(template: str) -> list[tuple[str, list]]:
    """(row key, leading label cells) of the requests table, as the official form lays them out."""
    denied = ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
              "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]
    unavailable = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
    rejected = ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                "5.要求行政机关确认或重新出具已获取信息"]
    others = (["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
               "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]
              if template == "2021" else [])
    groups = [("denied", "（三）不予公开", denied), ("unavailable", "（四）无法提供", unavailable),
              ("rejected", "（五）不予处理", rejected)]
    keys = {"denied": ["denied_state_secret", "denied_prohibited", "denied_three_safeties", "denied_third_party",
                       "denied_internal", "denied_process", "denied_enforcement", "denied_query"],
            "unavailable": ["unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear"],
            "rejected": ["rejected_complaint", "rejected_repeat", "rejected_publication", "rejected_excessive",
                         "rejected_confirmation"]}
    outcome_count = 2 + len(denied) + len(unavailable) + len(rejected) + max(1, len(others)) + 1
    rows = [("new", [_td("一、本年新收政府信息公开申请数量", colspan=3)]),
            ("carried_in", [_td("二、上年结转政府信息公开申请数量", colspan=3)]),
            ("granted", [_td("三、本年度办理结果", rowspan=outcome_count), _td("（一）予以公开", colspan=2)]),
            ("partial", [_td("（二）部分公开\n（区分处理的，只计这一情形，不计其他情形）", colspan=2)])]
    for group, heading, labels in groups:
        for index, (key, label) in enumerate(zip(keys[group], labels)):
            lead = [_td(heading, rowspan=len(labels))] if index == 0 else []
            rows.append((key, lead + [_td(label)]))
    if others:
        for index, (key, label) in enumerate(zip(("other_no_correction", "other_unpaid_fee", "other_misc"), others)):
            rows.append((key, ([_td("（六）其他处理", rowspan=3)] if index == 0 else []) + [_td(label)]))
    else:
        rows.append(("other", [_td("（六）其他处理", colspan=2)]))
    rows += [("total", [_td("（七）总计", colspan=2)]), ("carried_forward", [_td("四、结转下年度继续办理", colspan=3)])]
    return rows


def requests_table(report: DemoReport) -> str:
    """三、收到和处理政府信息公开申请情况."""
    header = [[_td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3),
               _td("申请人情况", colspan=7)],
              [_td("自然人", rowspan=2), _td("法人或其他组织", colspan=5), _td("总计", rowspan=2)],
              [_td(label) for label in _ORG_COLS]]
    body = [lead + [_td(_num(report.requests.get((key, col), 0))) for col in REQUEST_COLS]
            for key, lead in _request_rows(report.template)]
    return _table(header + body)


def appeals_table(report: DemoReport) -> str:
    """四、政府信息公开行政复议、行政诉讼情况, header labels one character per line as Word leaves them."""
    results = ["结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计"]
    header = [[_td("行政复议", colspan=5), _td("行政诉讼", colspan=10)],
              [_td(label, rowspan=2) for label in results] + [_td("未经复议直接起诉", colspan=5),
                                                               _td("复议后起诉", colspan=5)],
              [_td(label) for label in results * 2]]
    values = [[_td(_num(report.appeals[(row, col)])) for row in APPEAL_ROWS for col in APPEAL_COLS]]
    return _table(header + values)


def legacy_table(report: DemoReport) -> str:
    """The 2014-2018 统计表: 统计指标 / 单位 / 统计数."""
    rows = [[_td("统 计 指 标"), _td("单位"), _td("统计数")], [_td("一、主动公开情况"), _td(""), _td("")]]
    rows += [[_td(label), _td("条" if "信息数" in label else "件" if "申请" in label else "篇"), _td(_num(value))]
             for label, value in report.legacy.items()]
    return _table(rows)


def report_body(report: DemoReport, contact: str) -> str:
    """The whole report as pasted from Word: opening, sections, tables, closing."""
    y = report.year
    parts = [
        _p(f"本报告根据《中华人民共和国政府信息公开条例》要求，由{report.agency}编制。全文包括总体情况、主动公开政府信息情况、"
           f"收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
           f"本报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"),
        _p(f"如对本报告有任何疑问，请联系：{report.agency}办公室（{contact}）。"),
        _p("一、总体情况", "left"),
        _p(f"{y}年，{report.agency}坚持以人民为中心，|全面推进政务公开标准化规范化建设，|主动公开政府信息"
           f"{len(report.agency) * 37 + y % 100}条，全文电子化率达100%。"),
    ]
    if report.template == "legacy":
        parts += [_p(f"附件：{y}年度政府信息公开工作情况统计表", "center"), legacy_table(report)]
    else:
        parts += [_p("二、主动公开政府信息情况", "left"), active_table(report),
                  _p("三、收到和处理政府信息公开申请情况", "left"), requests_table(report),
                  _p("四、政府信息公开行政复议、行政诉讼情况", "left"), appeals_table(report)]
    parts += [_p("五、存在的主要问题及改进情况", "left"),
              _p("政策解读的形式还不够丰富，|下一步将加强解读材料的图文化、|可视化。"),
              _p("六、其他需要报告的事项", "left"), _p("无。")]
    if report.correction:
        parts.append(_p(report.correction))
    return "\n".join(parts)
