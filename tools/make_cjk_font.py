"""Rebuild utils/fonts/NotoSansCJKsc-Subset.otf, the CJK font the figures use.

The shipped font is Noto Sans CJK SC cut down to the GB 2312 character set
(6,763 common Chinese characters, CJK punctuation, full-width forms) plus ASCII,
so it is small enough to ship inside the utils package. It was made from
Debian's `fonts-noto-cjk` package:

    apt-get install fonts-noto-cjk
    python tools/make_cjk_font.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

Licence: SIL Open Font License 1.1 (utils/fonts/LICENSE).
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

OUT = Path(__file__).resolve().parents[1] / "utils" / "fonts" / "NotoSansCJKsc-Subset.otf"
FAMILY = "Noto Sans CJK SC Subset"


def gb2312_characters() -> set[int]:
    chars = set(range(0x20, 0x7F))
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    chars.update(range(0x3000, 0x3040))  # CJK symbols and punctuation
    chars.update(range(0xFF01, 0xFF5F))  # full-width forms
    return chars


def main(ttc_path: str) -> None:
    collection = TTCollection(ttc_path)
    font = next(f for f in collection.fonts
                if f["name"].getDebugName(1) == "Noto Sans CJK SC")
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=gb2312_characters())
    subsetter.subset(font)
    names = font["name"]
    for record in names.names:
        if record.nameID in (1, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (4,):
            names.setName(FAMILY + " Regular", 4, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName("NotoSansCJKsc-Subset-Regular", 6, record.platformID, record.platEncID, record.langID)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB, {len(gb2312_characters())} characters)")


if __name__ == "__main__":
    main(sys.argv[1])
