"""Rebuild demo/fonts/NotoSansSC-demo.ttf: Noto Sans CJK SC cut to the characters demo documents print.

The PDF writer (reportlab) embeds TrueType outlines only and Noto CJK ships CFF ones, so the
cubic curves are converted to quadratic. Run by hand after changing what demo documents say:
python -m demo.fonts.make_font /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

import string
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.ttCollection import TTCollection

from nianbao.demo.body import report_body
from nianbao.demo.catalog import build_catalog
from nianbao.demo.documents import DOCUMENT_CHARS
from nianbao.extract.keys import key_labels

FONT = Path(__file__).with_name("NotoSansSC-demo.ttf")
SIMPLIFIED_CHINESE = "Noto Sans CJK SC"
# Curve error in font units (of 1000 per em) when turning cubic curves quadratic.
MAX_CURVE_ERROR = 1.0
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def characters() -> str:
    """Every character a demo document or a label prints, the demo's sources and seed reports' too, and ASCII."""
    chars = set(string.printable) | set(DOCUMENT_CHARS)
    for source in Path(__file__).parents[1].glob("*.py"):
        chars |= set(source.read_text(encoding="utf-8"))
    for report in build_catalog():
        chars |= set(report_body(report, "电话：0123-45678901，邮编：100000")) | set(report.title)
    for label in key_labels():
        chars |= set(label["label"])
    for seed in SEEDS.glob("*.txt"):
        chars |= set(seed.read_text(encoding="utf-8"))
    return "".join(sorted(c for c in chars if c.isprintable()))


def _simplified(path: str) -> TTFont:
    if not path.endswith(".ttc"):
        return TTFont(path)
    return next(font for font in TTCollection(path).fonts if font["name"].getDebugName(1) == SIMPLIFIED_CHINESE)


def _quadratic(font: TTFont) -> None:
    """Replace the CFF table by glyf/loca outlines."""
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = font.getGlyphOrder()
    glyf.glyphs = {}
    for name in glyf.glyphOrder:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_CURVE_ERROR, reverse_direction=True))
        glyf[name] = pen.glyph()
    del font["CFF "]
    font["glyf"], font["loca"] = glyf, newTable("loca")
    font["maxp"] = newTable("maxp")
    font["maxp"].tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(font["maxp"], attr, 1 if attr == "maxZones" else 0)
    font["maxp"].numGlyphs = len(glyf.glyphOrder)
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 2.0
    font["post"].extraNames, font["post"].mapping = [], {}
    font.sfntVersion = "\x00\x01\x00\x00"
    font["glyf"].compile(font)
    font.recalcBBoxes = True


def build(source: str) -> None:
    """Write the demo font from a Noto Sans CJK file."""
    font = _simplified(source)
    options = subset.Options()
    options.layout_features, options.name_IDs, options.notdef_outline = [], ["*"], True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters())
    subsetter.subset(font)
    _quadratic(font)
    font.save(FONT)
    print(f"{FONT}: {len(font.getGlyphOrder())} glyphs, {FONT.stat().st_size} bytes")


if __name__ == "__main__":
    build(sys.argv[1])
