# -*- coding: utf-8 -*-
"""Read every document back with an independent reader (lxml / python-docx XML /
openpyxl / pypdfium2 / plain text) and check it against its .expected.json:
the non-null expected values must equal, in order, the numeric cells found in
the document's statistics tables; 勾稽 rules are recomputed from the expected
cells.  Run: /work/main/.venv/bin/python verify.py
"""
import json
import os
import re
import sys

D = os.path.dirname(os.path.abspath(__file__))
FW = str.maketrans('０１２３４５６７８９，．＋－', '0123456789,.+-')


def num(s):
    """Number in a cell text, or None when the cell is not a number."""
    s = re.sub(r'\s+', '', s.replace('\xa0', '')).translate(FW)
    s = re.sub(r'(（件）|\(件\)|件|万元|元)$', '', s)
    s = re.sub(r'(?<=\d),(?=\d{3})', '', s)
    m = re.fullmatch(r'[+-]?\d+(\.\d+)?', s)
    if m:
        return float(s) if '.' in s else int(s)
    m = re.fullmatch(r'增(?:加)?(\d+)', s)
    if m:
        return int(m.group(1))
    m = re.fullmatch(r'减(?:少)?(\d+)', s)
    if m:
        return -int(m.group(1))
    return None


def html_numbers(path, enc, serial=False):
    import lxml.html
    raw = open(path, 'rb').read()
    text = raw.decode(enc)
    doc = lxml.html.fromstring(text)
    out = []
    for table in doc.iter('table'):
        if table.xpath('.//table'):
            continue  # layout table
        is_serial = serial and '序号' in table.text_content()
        for tr in table.iter('tr'):
            cells = [c for c in tr if c.tag in ('td', 'th')]
            if is_serial and cells and num(cells[0].text_content()) is not None:
                cells = cells[1:]
            for c in cells:
                v = num(c.text_content())
                if v is not None:
                    out.append(v)
    return out, text


def docx_numbers(path):
    import docx
    from docx.oxml.ns import qn
    d = docx.Document(path)
    out = []
    for tc in d.element.body.iter(qn('w:tc')):
        t = ''.join(x.text or '' for x in tc.iter(qn('w:t')))
        v = num(t)
        if v is not None:
            out.append(v)
    return out, '\n'.join(p.text for p in d.paragraphs)


def xlsx_numbers(path):
    import openpyxl
    ws = openpyxl.load_workbook(path).active
    out = []
    for row in ws.iter_rows(values_only=True):
        for v in row:
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                out.append(v)
    return out, ''


def region(text, start, end):
    a = text.index(start)
    b = text.index(end, a)
    return text[a:b]


def pdf_numbers(path):
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(path)
    text = '\n'.join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    reg = region(text, '二、主动公开政府信息情况', '五、存在的主要问题')
    out = [v for v in (num(t) for t in reg.split()) if v is not None]
    return out, text


def txt_numbers(path, enc):
    text = open(path, 'rb').read().decode(enc)
    reg = region(text, '二、主动公开政府信息情况', '五、存在的主要问题')
    out = []
    for line in reg.splitlines():
        if '|' not in line:
            continue
        for t in line.split('|'):
            v = num(t)
            if v is not None:
                out.append(v)
    return out, text


def rules(cells, tmpl):
    g = {(c['section'], c['row'], c['col']): c['value'] for c in cells}
    fails = []
    appl = ['natural_person', 'business', 'research', 'social_org', 'legal_service', 'other_org']
    cols = appl + ['total']
    outs = ['granted', 'partial'] + [k[1] for k in g if k[0] == 'requests' and
                                     re.match(r'(denied|unavailable|rejected|other)', k[1]) and k[2] == 'total']
    known = lambda vs: all(v is not None for v in vs)
    for c in cols:
        vs = [g[('requests', r, c)] for r in ('new', 'carried_in', 'total', 'carried_forward')]
        if known(vs) and vs[0] + vs[1] != vs[2] + vs[3]:
            fails.append('requests_balance:' + c)
        vs = [g[('requests', r, c)] for r in outs]
        t = g[('requests', 'total', c)]
        if known(vs + [t]) and sum(vs) != t:
            fails.append('requests_outcomes:' + c)
    for r in {k[1] for k in g if k[0] == 'requests'}:
        vs = [g[('requests', r, c)] for c in appl]
        t = g[('requests', r, 'total')]
        if known(vs + [t]) and sum(vs) != t:
            fails.append('requests_row_sum:' + r)
    for r in ('review', 'suit_direct', 'suit_after_review'):
        vs = [g[('appeals', r, c)] for c in ('upheld', 'corrected', 'other', 'pending')]
        t = g[('appeals', r, 'total')]
        if known(vs + [t]) and sum(vs) != t:
            fails.append('appeals_sum:' + r)
    return fails


def main():
    man = json.load(open(os.path.join(D, 'manifest.json'), encoding='utf-8'))
    bad = 0
    for m in man['documents']:
        f = m['file']
        exp = json.load(open(os.path.join(D, f + '.expected.json'), encoding='utf-8'))
        p = os.path.join(D, f)
        fmt = exp['format']
        if fmt == 'html':
            got, text = html_numbers(p, exp['encoding'], serial='序号' in exp['notes'])
            if 'http_charset' in exp:
                assert 'charset' not in text.lower().split('</head>')[0], f + ': meta charset present'
        elif fmt == 'docx':
            got, text = docx_numbers(p)
        elif fmt == 'xlsx':
            got, text = xlsx_numbers(p)
        elif fmt == 'pdf':
            got, text = pdf_numbers(p)
            flat = re.sub(r'\s+', '', text)
            for lab in ('属于国家秘密', '结转下年度继续办理', '复议后起诉', '本年度办理结果', '部分公开'):
                assert lab in flat, (f, lab)
        else:
            got, text = txt_numbers(p, exp['encoding'])
        want = [c['value'] for c in exp['cells'] if c['value'] is not None]
        keys = [(c['section'], c['row'], c['col']) for c in exp['cells']]
        ok = got == want and len(set(keys)) == len(keys)
        extra = ''
        if exp['template'] in ('2019', '2021'):
            fl = rules(exp['cells'], exp['template'])
            extra = ' rules_failed=%s' % (fl or '-')
            nreq = 25 if exp['template'] == '2021' else 23
            assert sum(1 for k in keys if k[0] == 'requests') == nreq * 7
            assert sum(1 for k in keys if k[0] == 'appeals') == 15
        nnull = sum(1 for c in exp['cells'] if c['value'] is None)
        print('%-4s %-52s cells=%-4d nulls=%-3d numbers_in_doc=%-4d%s' % ('OK' if ok else 'FAIL', f, len(keys), nnull,
                                                                            len(got), extra))
        if not ok:
            bad += 1
            for i, (a, b) in enumerate(zip(got, want)):
                if a != b:
                    print('   first diff at', i, 'doc', got[i - 2:i + 3], 'expected', want[i - 2:i + 3])
                    break
            else:
                print('   length doc %d vs expected %d' % (len(got), len(want)))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
