"""The bigram search index finds exactly the reports that contain a query, at any query length, on this SQLite."""

import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.publish.search import build_search_index, fts_query, highlight, snippet

# Few distinct characters, so that random queries often occur, partly occur, or overlap a run's edges.
ALPHABET = "复议诉讼依申请公开年度，。 \n"
TEXTS = st.text(alphabet=ALPHABET, max_size=40)


def indexed(texts: list[str]) -> sqlite_utils.Database:
    db = sqlite_utils.Database(memory=True)
    db["reports"].insert_all([{"id": str(i), "title": "", "text": t} for i, t in enumerate(texts)], pk="id")
    build_search_index(db)
    return db


def found(db, query: str) -> list[int]:
    sql = "SELECT rowid FROM reports_fts WHERE reports_fts MATCH ? ORDER BY rowid"
    return [row[0] for row in db.execute(sql, [fts_query(query)])]


def containing(texts: list[str], query: str) -> list[int]:
    """What a full scan finds: every whitespace-separated term occurs in the text."""
    return [i + 1 for i, text in enumerate(texts) if all(term in text for term in query.split())]


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(TEXTS, min_size=1, max_size=8), query=st.text(alphabet="复议诉讼依申请公开年度", min_size=1,
                                                                   max_size=5))
def test_search_finds_exactly_what_a_full_scan_finds(texts, query):
    assert found(indexed(texts), query) == containing(texts, query)


def test_one_two_and_longer_queries_on_report_sentences():
    texts = ["本机关收到行政复议申请3件，行政诉讼1件。", "2021年度依申请公开情况", "复议决定维持", "议",
             "ABC公司2020年报告"]
    db = indexed(texts)
    for query in ("复议", "诉讼", "依申请公开", "议", "行政复议申请", "复议 诉讼", "年度", "年"):
        assert found(db, query) == containing(texts, query), query
    assert found(db, "2021年") == [2]
    assert found(db, "abc公司") == [5]
    assert found(db, "ＡＢＣ公司") == [5], "full-width letters are the same letters"
    assert found(db, "？") == []


def test_snippet_is_around_the_first_hit_and_highlight_escapes_everything_else():
    text = "前言" * 50 + "收到行政复议申请<script>x</script>" + "结语" * 50
    piece = snippet(text, "复议")
    assert piece.startswith("…") and piece.endswith("…") and "复议" in piece
    marked = highlight(piece, "复议")
    assert "<mark>复议</mark>" in marked and "&lt;script&gt;" in marked and "<script>" not in marked
    assert snippet("短文", "没有") == "短文"
