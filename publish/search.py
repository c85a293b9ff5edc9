"""Chinese full-text search: a bigram index any SQLite with FTS5 can hold, its query language, and snippets.

FTS5's default tokenizer keeps a run of Chinese characters as one token, so 复议 inside 行政复议 is never
found; the trigram tokenizer finds nothing under three characters. So each run of Chinese characters is
indexed as its overlapping bigrams plus its last character alone (复议决定 → 复议 议决 决定 定): every
occurrence of a character starts a token, a two-character query is one token, a longer one a phrase of
consecutive bigrams, and a one-character query a prefix. Everything else goes to unicode61 as words.
"""

import html
import re
import unicodedata

import sqlite_utils

FTS_TABLE = "reports_fts"
FTS_COLUMNS = ("title", "text")
SNIPPET_CHARS = 60
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUNS = re.compile(f"([{_CJK}]+)")
_TERM_SPLIT = re.compile(r'[\s"]+')
# Matches nothing, and is valid FTS5: what a query with no searchable character becomes.
NOTHING = '"\u3007\u3007\u3007"'


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _run_tokens(run: str, closed: bool) -> list[str]:
    """A run's bigrams; with its last character alone when the run is known to end there (closed)."""
    if len(run) == 1:
        return [run]
    tokens = [run[i:i + 2] for i in range(len(run) - 1)]
    return tokens + [run[-1]] if closed else tokens


def index_text(text: str | None) -> str:
    """The text as the search index stores it: Chinese runs as bigram tokens, the rest as it is."""
    if not text:
        return ""
    parts = _RUNS.split(_normal(text))
    return " ".join(" ".join(_run_tokens(part, closed=True)) if i % 2 else part for i, part in enumerate(parts))


def _term_query(term: str) -> str | None:
    """One whitespace-free term as an FTS5 phrase; None when nothing in it is searchable."""
    parts = [p for p in _RUNS.split(term) if p]
    tokens = []
    prefix = False
    for i, part in enumerate(parts):
        if _RUNS.fullmatch(part):
            last = i == len(parts) - 1
            # A run followed by more of the term ends there in the text too; one at the end may go on.
            tokens += _run_tokens(part, closed=not last)
            prefix = last and len(part) == 1
        else:
            words = re.findall(r"\w+", part)
            tokens += words
            prefix = prefix and not words
    if not tokens:
        return None
    return f'"{" ".join(tokens)}"' + (" *" if prefix else "")


def terms(query: str | None) -> list[str]:
    """The whitespace-separated terms of a query, normalised as the index is."""
    return [t for t in _TERM_SPLIT.split(_normal(query or "")) if t]


def fts_query(query: str | None) -> str:
    """A user's search box text as an FTS5 query: every whitespace-separated term must occur as written."""
    phrases = [p for p in map(_term_query, terms(query)) if p]
    return " ".join(phrases) if phrases else NOTHING


def _first_hit(text: str, query: str | None) -> tuple[int, int] | None:
    words = terms(query)
    hits = [(text.find(w), len(w)) for w in words]
    if not any(start >= 0 for start, _ in hits):
        # Only then fold the text as the index does (full-width letters, case): a long text is slow to fold.
        folded = _normal(text)
        if len(folded) != len(text):  # NFKC changed lengths (rare ligatures): positions would not map back
            folded = text.lower()
        hits = [(folded.find(w), len(w)) for w in words]
    hits = [h for h in hits if h[0] >= 0]
    return min(hits) if hits else None


def snippet(text: str | None, query: str | None, chars: int = SNIPPET_CHARS) -> str | None:
    """About chars characters of text around the first place a query term occurs (the start if none)."""
    if text is None:
        return None
    hit = _first_hit(text, query)
    start = max(0, hit[0] - chars // 2) if hit else 0
    end = min(len(text), start + chars + (hit[1] if hit else 0))
    piece = " ".join(text[start:end].split())
    return ("…" if start else "") + piece + ("…" if end < len(text) else "")


def highlight(text: str, query: str | None) -> str:
    """HTML of text, escaped, with every occurrence of a query term in <mark>."""
    words = sorted(set(terms(query)), key=len, reverse=True)
    if not words:
        return html.escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, pos = [], 0
    for match in pattern.finditer(text):
        out += [html.escape(text[pos:match.start()]), f"<mark>{html.escape(match.group())}</mark>"]
        pos = match.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


def build_search_index(db: sqlite_utils.Database) -> int:
    """(Re)build the reports' search index, linked by rowid; returns the number of reports indexed."""
    db.execute(f"DROP TABLE IF EXISTS [{FTS_TABLE}]")
    db.execute(f"CREATE VIRTUAL TABLE [{FTS_TABLE}] USING fts5({', '.join(FTS_COLUMNS)}, content='', "
               "detail=full)")
    rows = ((rowid, index_text(title), index_text(text))
            for rowid, title, text in db.execute("SELECT rowid, title, text FROM reports"))
    with db.conn:
        db.conn.executemany(f"INSERT INTO [{FTS_TABLE}](rowid, title, text) VALUES (?, ?, ?)", rows)
        db.execute(f"INSERT INTO [{FTS_TABLE}]([{FTS_TABLE}]) VALUES ('optimize')")
    return db["reports"].count
