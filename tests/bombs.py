"""Hostile report files, built small: zip members that inflate to gigabytes, tables of millions of cells, pages
and images of billions of pixels. Each is a valid file of its format; readers must refuse it before allocating."""

import io
import struct
import zipfile
import zlib

from docx import Document as new_docx
from reportlab.pdfgen import canvas

GIB = 2**30
# Deflate's best ratio is about 1030:1: 10 GiB of zeros deflate to 10 MiB.
BOMB_BYTES = 10 * GIB
ZERO_BLOCK = 2**20
_LOCAL, _CENTRAL, _END = 0x04034B50, 0x02014B50, 0x06054B50
_DEFLATED, _ZIP64_VERSION, _ZIP64_EXTRA, _FULL = 8, 45, 1, 0xFFFFFFFF
_ADLER_BASE = 65521
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XLSX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet'
    '+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{_SHEET_NS}" xmlns:r="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships"><sheets><sheet name="统计" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def zeros_deflated(size: int) -> bytes:
    """A raw deflate stream of `size` zero bytes: one fully flushed block of zeros repeated, then the rest."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(ZERO_BLOCK)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * (size // ZERO_BLOCK) + compressor.compress(bytes(size % ZERO_BLOCK)) \
        + compressor.flush(zlib.Z_FINISH)


def zip_with_deflated(members: dict[str, bytes], name: str, deflated: bytes, size: int, crc: int) -> bytes:
    """A zip of members plus one whose deflate stream is given as is, with zip64 sizes: zipfile cannot write it
    without inflating it first."""
    out, directory = io.BytesIO(), []
    entries = [(member, zlib.compress(data)[2:-4], len(data), zlib.crc32(data)) for member, data in members.items()]
    for member, data, inflated, checksum in [*entries, (name, deflated, size, crc)]:
        offset, encoded = out.tell(), member.encode()
        extra = struct.pack("<HHQQ", _ZIP64_EXTRA, 16, inflated, len(data))
        out.write(struct.pack("<IHHHHHIIIHH", _LOCAL, _ZIP64_VERSION, 0, _DEFLATED, 0, 0, checksum, _FULL, _FULL,
                              len(encoded), len(extra)) + encoded + extra + data)
        directory.append(struct.pack("<IHHHHHHIIIHHHHHII", _CENTRAL, _ZIP64_VERSION, _ZIP64_VERSION, 0, _DEFLATED, 0,
                                     0, checksum, _FULL, _FULL, len(encoded), len(extra), 0, 0, 0, 0, offset)
                         + encoded + extra)
    start, listing = out.tell(), b"".join(directory)
    out.write(listing + struct.pack("<IHHHHIIH", _END, 0, 0, len(directory), len(directory), len(listing), start, 0))
    return out.getvalue()


def docx_members() -> dict[str, bytes]:
    """The parts of python-docx's empty document."""
    out = io.BytesIO()
    new_docx().save(out)
    package = zipfile.ZipFile(out)
    return {name: package.read(name) for name in package.namelist()}


def docx_with_body(body: str) -> bytes:
    """A DOCX whose document body is the given WordprocessingML."""
    members = docx_members()
    members["word/document.xml"] = (f'<?xml version="1.0"?><w:document {_W}><w:body>{body}</w:body>'
                                    "</w:document>").encode()
    return zip_of(members)


def zip_of(members: dict[str, bytes | str]) -> bytes:
    """A deflated zip of the members."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return out.getvalue()


def docx_inflating(size: int, declared: int | None = None) -> bytes:
    """A DOCX whose word/document.xml inflates to `size` zero bytes; its directory says `declared` (a lie) or size.

    An honest bomb's CRC is left 0: computing it takes seconds, and a reader finds it wrong only after inflating
    the whole member. A lie's CRC is that of the bytes it declares, so that only its size lies.
    """
    members = docx_members()
    del members["word/document.xml"]
    crc = 0 if declared is None else zlib.crc32(bytes(declared))
    return zip_with_deflated(members, "word/document.xml", zeros_deflated(size), declared or size, crc)


def docx_spanning(span: int) -> bytes:
    """A DOCX whose one table cell spans `span` grid columns."""
    return docx_with_body(f'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p><w:r>'
                          "<w:t>收到申请数</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")


def docx_merged_down(rows: int, columns: int, top: str = "") -> bytes:
    """A DOCX table of rows × columns cells, every column one cell merged down all the rows, saying `top`."""
    first = "<w:tr>" + ('<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'
                        f"<w:p><w:r><w:t>{top}</w:t></w:r></w:p></w:tc>") * columns + "</w:tr>"
    rest = "<w:tr>" + "<w:tc><w:tcPr><w:vMerge/></w:tcPr></w:tc>" * columns + "</w:tr>"
    return docx_with_body(f"<w:tbl>{first}{rest * (rows - 1)}</w:tbl>")


def docx_laughing() -> bytes:
    """A DOCX whose document declares the billion laughs: ten entities each ten times the one before."""
    entities = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    members = docx_members()
    members["word/document.xml"] = (f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]><w:document {_W}>'
                                    "<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>").encode()
    return zip_of(members)


def docx_of_members(count: int) -> bytes:
    """A DOCX package of `count` members, nearly all empty."""
    members = docx_members()
    members.update({f"word/media/{number}.bin": b"" for number in range(count - len(members))})
    return zip_of(members)


def xlsx_with_sheet(sheet: str) -> bytes:
    """An XLSX of one sheet whose worksheet XML holds the given sheetData and what follows it."""
    return zip_of({**_XLSX_PARTS, "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet xmlns="{_SHEET_NS}">'
                   f"{sheet}</worksheet>"})


def xlsx_merging(ref: str) -> bytes:
    """An XLSX whose one sheet merges the range ref."""
    return xlsx_with_sheet(f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>统计指标</t></is></c></row>'
                           f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>')


def xlsx_reaching(cell: str) -> bytes:
    """An XLSX whose one sheet has a number in A1 and one in `cell`."""
    row = "".join(filter(str.isdigit, cell))
    return xlsx_with_sheet(f'<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="{row}"><c r="{cell}"><v>2</v>'
                           "</c></row></sheetData>")


def xlsx_laughing() -> bytes:
    """An XLSX whose sheet declares the billion laughs."""
    entities = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    return zip_of({**_XLSX_PARTS, "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><!DOCTYPE worksheet '
                   f'[{entities}]><worksheet xmlns="{_SHEET_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
                   "<t>&l9;</t></is></c></row></sheetData></worksheet>"})


def pdf_of_pages(count: int, size: tuple[float, float]) -> bytes:
    """A PDF of `count` blank pages of the given size in points."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=size)
    for _ in range(count):
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def pdf_of_scan(pixels: int, page: tuple[float, float] = (595, 842)) -> bytes:
    """A PDF whose one page is one grey image of pixels × pixels, deflated (zeros: black), covering the page."""
    stream = zeros_zlib(pixels * pixels)
    width, height = page
    content = f"q {width} 0 0 {height} 0 0 cm /Im0 Do Q".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Resources << /XObject << /Im0 5 0 R"
               " >> >> /Contents 4 0 R >>".encode(),
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8"
               b" /Filter /FlateDecode /Length %d >>\nstream\n" % (pixels, pixels, len(stream)) + stream
               + b"\nendstream"]
    return _pdf(objects)


def zeros_zlib(size: int) -> bytes:
    """A zlib stream (PDF's FlateDecode) of `size` zero bytes: a header, the raw deflate, the zeros' Adler-32."""
    return b"\x78\xda" + zeros_deflated(size) + struct.pack(">I", ((size % _ADLER_BASE) << 16) | 1)


def pdf_drawing(size: int) -> bytes:
    """A PDF whose one page's content stream inflates to `size` bytes (zeros: PDF whitespace)."""
    stream = zeros_zlib(size)
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                 b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"])


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start))
    return out.getvalue()


def html_spanning(cells: int) -> bytes:
    """An HTML table row of `cells` cells, each spanning 50 columns and 200 rows."""
    return ("<html><body><table><tr>" + '<td colspan="50" rowspan="200">1</td>' * cells
            + "</tr></table></body></html>").encode()
