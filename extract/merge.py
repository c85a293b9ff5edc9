"""One report from a page and the files it links: the numbers of every source cross-checked, the fullest kept."""

from dataclasses import replace

from nianbao.extract.checks import FAILED, OK, cell_values
from nianbao.extract.report import ParsedReport

RULE = "sources_agree"


def _stated(report: ParsedReport) -> int:
    """How many cells of a source state a number."""
    return sum(cell["value"] is not None for cell in report.statistics.cells)


def _disagreements(base: ParsedReport, other: ParsedReport, source: str) -> list[dict]:
    mine, theirs = cell_values(base.statistics.cells), cell_values(other.statistics.cells)
    return [{"rule": RULE, "where": "/".join(key), "left": mine[key], "right": theirs[key], "source": source}
            for key in mine if mine[key] is not None and theirs.get(key) is not None and theirs[key] != mine[key]]


def merge_sources(page: ParsedReport, page_url: str, files: list[tuple[str, ParsedReport]]) -> ParsedReport:
    """The page's report with its files: numbers from the source that states most, checked against the others.

    A page that only says "详见附件" takes the file's text and numbers; its own metadata block still
    names the agency and date. Where two sources state a cell differently, sources_agree fails
    and each disagreement is a finding naming the other source.
    """
    sources = [(page_url, page)] + [(url, report) for url, report in files if report.meta.is_report or _stated(report)]
    base_url, base = max(sources, key=lambda source: _stated(source[1]))
    if _stated(base) == 0:
        return page
    others = [(url, other) for url, other in sources if url != base_url and _stated(other)]
    findings = [finding for url, other in others for finding in _disagreements(base, other, url)]
    statistics = replace(base.statistics, checks=dict(base.statistics.checks),
                         findings=base.statistics.findings + findings)
    if others:
        statistics.checks[RULE] = FAILED if findings else OK
    meta = page.meta
    if base is not page:
        meta = replace(meta, title=meta.title or base.meta.title, agency=meta.agency or base.meta.agency,
                       year=meta.year or base.meta.year, template=base.meta.template,
                       is_report=meta.is_report or base.meta.is_report)
    text = page.text if base is page else "\n".join(filter(None, [page.text, base.text]))
    return ParsedReport(meta, text, page.container, statistics)
