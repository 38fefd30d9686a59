#!/usr/bin/env python3
"""Makes the report's common faces: Noto Sans Hans cut down to the characters nearly every report uses.

A report is drawn with these (about 2 MB a face instead of 8.5 MB: a quarter of the glyphs, and about a third of the
memory while a report is drawn); one whose text has a character they lack is drawn again with the full faces
(reports/fonts.ts). They hold:
  - Basic Latin, Latin-1 and Latin Extended-A, general punctuation, currency, letterlike symbols, arrows, mathematical
    operators, enclosed numbers, box drawing and geometric shapes, CJK symbols and punctuation, full-width forms;
  - every Chinese character of GB 2312 (6,763: what nearly all Simplified Chinese text uses);
  - every other character of the text Assay itself draws (its message catalogues, the built-in rulebook, the reports'
    code), so that its own words never need the full faces (test/reports/fonts.test.ts holds it to that).

Run from the repository's root with fontTools (Debian: python3-fonttools), then update CHECKSUMS:
  /usr/bin/python3 reports/fonts/subset.py && (cd reports/fonts && sha256sum *.otf OFL.txt > CHECKSUMS)
"""
import pathlib
import sys

from fontTools import subset

root = pathlib.Path(__file__).resolve().parents[2]
folder = root / "reports" / "fonts"

ranges = [(0x20, 0x7F), (0xA0, 0x180), (0x2000, 0x2070), (0x20A0, 0x20C0), (0x2100, 0x2300), (0x2460, 0x2600), (0x3000, 0x3040), (0xFF00, 0xFFF0)]
chars = set()
for start, end in ranges:
    chars.update(range(start, end))
for high in range(0xA1, 0xF8):
    for low in range(0xA1, 0xFF):
        try:
            chars.add(ord(bytes([high, low]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
# the text Assay draws itself
for pattern in ["server/i18n/catalogues/**/*.ts", "audits/**/*.ts", "audits/**/*.json", "reports/**/*.ts"]:
    for path in root.glob(pattern):
        chars.update(ord(c) for c in path.read_text(encoding="utf-8") if ord(c) >= 0x80)

text = "".join(chr(c) for c in sorted(chars))
for face in ["Regular", "Bold"]:
    source = folder / f"NotoSansHans-{face}.otf"
    target = folder / f"NotoSansHans-{face}.common.otf"
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)
    print(f"{target.name}: {len(font.getGlyphOrder())} glyphs, {target.stat().st_size:,} bytes", file=sys.stderr)
