"""Generate ``l10n/formats/_linebreak.py``: the Unicode data ``l10n.formats.po`` needs to wrap like gettext.

GNU gettext 0.21 ``msgcat`` wraps PO strings with libunistring's ``ulc_width_linebreaks``. To be
byte-identical we need the very tables that library uses, so this script writes:

* ``LB_STARTS``/``LB_CLASSES``: UAX #14 line-break classes as ranges, already resolved the way
  libunistring resolves them for a UTF-8 (non-CJK) encoding (AI, SA, XX -> AL; CB -> ID; CJ -> NS),
  with libunistring 1.0's extra splits (OP/CP by East Asian width, ID for unassigned pictographs);
* ``WIDTH_STARTS``/``WIDTH_VALUES``: display columns per code point as ``uc_width(uc, "UTF-8")``
  counts them (control characters, which it reports as -1 and then ignores, are stored as 0);
* ``PAIR_TABLE``: libunistring 1.0's 33x33 pair table (1 = direct break, 2 = indirect, 3 = prohibited).

Sources, in order of preference (``--source``):

``libunistring``
    Read the tables out of the installed ``libunistring.so.2`` (the library ``msgcat`` links
    against), via ctypes. Exact by construction. Requires libunistring 1.0's table layout.
``uniseg``
    Derive classes from the ``uniseg`` package's UAX #14 data (Unicode 16), restricted to code
    points assigned in Python's ``unicodedata`` (Unicode 14, the version libunistring 1.0 ships),
    and widths from ``unicodedata.east_asian_width``. Close but not exact; use when the library
    is unavailable. ``--compare`` prints how the two sources differ.

Usage: ``python tools/gen_linebreak.py [--source libunistring|uniseg] [--compare] [--check]``
(``--check`` exits 1 if the committed module differs from what would be generated).
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "l10n" / "formats" / "_linebreak.py"

NAMES = (
    "WJ GL B2 BA BB HY CL CP1 CP2 EX IN NS OP1 OP2 QU IS NU PO PR SY AL H2 H3 ID ID2 JL JV JT HL RI ZWJ"
    " EB EM BK CR LF CM ZW SP CB AI SA XX"
).split()
CODE = {name: i for i, name in enumerate(NAMES)}
NPAIR = 33  # classes 0..32 index the pair table; the rest are resolved by the algorithm

# libunistring 1.0's lbrktables.c pair table, rows = class before, columns = class after.
PAIR_ROWS = """
WJ  PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII
GL  PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII
B2  PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD
BA  PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD
BB  PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII
HY  PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD
CL  PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD
CP1 PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD
CP2 PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD
EX  PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD
IN  PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD
NS  PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD
OP1 PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
OP2 PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
QU  PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII
IS  PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD
NU  PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD
PO  PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD
PR  PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII
SY  PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD
AL  PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD
H2  PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD
H3  PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD
ID  PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD
ID2 PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI
JL  PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD
JV  PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD
JT  PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD
HL  PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD
RI  PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD
ZWJ PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII
EB  PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI
EM  PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD
"""


def pair_table_literal() -> bytes:
    out = bytearray()
    rows = [line.split() for line in PAIR_ROWS.strip().splitlines()]
    assert [r[0] for r in rows] == NAMES[:NPAIR]
    for _, cells in rows:
        assert len(cells) == NPAIR
        out += bytes("_DIP".index(c) for c in cells)
    return bytes(out)


def resolve(code: int) -> int:
    """libunistring's run-time resolution for a non-CJK encoding (UTF-8)."""
    name = NAMES[code]
    if name in ("AI", "SA", "XX"):
        return CODE["AL"]
    if name == "CB":
        return CODE["ID"]
    return code


# ----------------------------------------------------------------------------- libunistring


class Libunistring:
    def __init__(self) -> None:
        path = ctypes.util.find_library("unistring") or "libunistring.so.2"
        self.lib = ctypes.CDLL(path)
        self.lib.uc_width.restype = ctypes.c_int
        self.lib.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
        prop = ctypes.addressof(ctypes.c_int.in_dll(self.lib, "libunistring_unilbrkprop"))
        table = ctypes.addressof(ctypes.c_ubyte.in_dll(self.lib, "libunistring_unilbrk_table"))
        self.table = bytes((ctypes.c_ubyte * (NPAIR * NPAIR)).from_address(table))
        # lbrkprop.h three-level table: header_0=16, header_1=15, header_2=7, header_3=511, header_4=127.
        self.level1: list[int] = list((ctypes.c_int * 15).from_address(prop))
        nblocks = max(self.level1) // 512 + 1
        self.level2: list[int] = list((ctypes.c_int * (nblocks * 512)).from_address(prop + 60))
        l3size = max(self.level2) + 128
        self.level3 = bytes((ctypes.c_ubyte * l3size).from_address(prop + 60 + nblocks * 512 * 4))

    def lbclass(self, uc: int) -> int:
        i1 = uc >> 16
        if i1 < 15:
            a = self.level1[i1]
            if a >= 0:
                b = self.level2[a + ((uc >> 7) & 511)]
                if b >= 0:
                    return self.level3[b + (uc & 127)]
        return CODE["XX"]

    def width(self, uc: int) -> int:
        return int(self.lib.uc_width(uc, b"UTF-8"))

    def sanity(self) -> None:
        probe = {"A": "AL", " ": "SP", "0": "NU", "(": "OP1", "\u300c": "OP2", "\u4e00": "ID", ")": "CP1"}
        for ch, name in probe.items():
            got = NAMES[self.lbclass(ord(ch))]
            if got != name:
                raise SystemExit(f"unexpected libunistring table layout: {ch!r} is {got}, not {name}")
        if self.table != pair_table_literal():
            raise SystemExit("libunistring pair table differs from the 1.0 table in this script")


def from_libunistring() -> tuple[list[int], list[int]]:
    lu = Libunistring()
    lu.sanity()
    classes = [resolve(lu.lbclass(cp)) for cp in range(0x110000)]
    widths = [max(lu.width(cp), 0) for cp in range(0x110000)]
    return classes, widths


# ----------------------------------------------------------------------------- uniseg


def from_uniseg() -> tuple[list[int], list[int]]:
    from uniseg.linebreak import line_break

    classes: list[int] = []
    widths: list[int] = []
    for cp in range(0x110000):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        eaw = unicodedata.east_asian_width(ch)
        name = str(line_break(ch))
        if cat == "Cn":
            # Unassigned in Unicode 14: LineBreak.txt's @missing defaults.
            if 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF:
                name = "ID"
            elif 0x20000 <= cp <= 0x2FFFD or 0x30000 <= cp <= 0x3FFFD:
                name = "ID"
            elif 0x1F000 <= cp <= 0x1FAFF or 0x1FC00 <= cp <= 0x1FFFD:
                name = "ID2"
            else:
                name = "XX"
        elif name in ("AK", "AS", "AP", "VI", "VF"):
            name = "AL" if cat[0] != "M" else "CM"
        elif name == "CJ":
            name = "NS"
        elif name == "NL":
            name = "BK"
        elif name == "SG":
            name = "XX"
        elif name in ("OP", "CP"):
            name += "2" if eaw in ("W", "F") else "1"
        classes.append(resolve(CODE[name]))
        if cp == 0:
            w = 0
        elif cp < 0x20 or 0x7F <= cp < 0xA0:
            w = 0
        elif cat in ("Mn", "Me", "Cf") or 0x1160 <= cp <= 0x11FF or cp == 0x200B:
            w = 0
        elif eaw in ("W", "F"):
            w = 2
        else:
            w = 1
        widths.append(w)
    return classes, widths


# ----------------------------------------------------------------------------- output


def ranges(values: list[int]) -> bytes:
    """4 bytes per range of equal values: 3-byte big-endian start code point, then the value."""
    out = bytearray()
    prev = -1
    for cp, v in enumerate(values):
        if v != prev:
            out += cp.to_bytes(3, "big")
            out.append(v)
            prev = v
    return bytes(out)


def hex_literal(data: bytes, indent: str = "    ") -> str:
    hexs = data.hex()
    chunk = 96
    return "\n".join(f'{indent}"{hexs[i : i + chunk]}"' for i in range(0, len(hexs), chunk))


def render(classes: list[int], widths: list[int], source: str) -> str:
    return f'''"""Generated by tools/gen_linebreak.py (source: {source}); do not edit.

Unicode data for gettext-compatible line wrapping, as libunistring 1.0 (Unicode 14) sees it:
line-break classes already resolved for UTF-8, display widths as ``uc_width`` counts them, and
the UAX #14 pair table. Class codes index ``CLASS_NAMES``.
"""

from __future__ import annotations

CLASS_NAMES: list[str] = (
    "{" ".join(NAMES[:20])} "
    "{" ".join(NAMES[20:NPAIR])} "
    "{" ".join(NAMES[NPAIR:])}"
).split()

# Pair table, {NPAIR}x{NPAIR}, row = class before the break, column = class after:
# 1 = direct break, 2 = break only after spaces, 3 = prohibited.
PAIR_TABLE: bytes = bytes.fromhex(
{hex_literal(pair_table_literal())}
)

# Ranges, 4 bytes each: the first code point (3 bytes, big-endian) and the class of the range,
# which runs up to the next range's first code point (the last one to U+10FFFF).
LB_RANGES: bytes = bytes.fromhex(
{hex_literal(ranges(classes))}
)

# Ranges as above, with the display width (0, 1 or 2) of each range.
WIDTH_RANGES: bytes = bytes.fromhex(
{hex_literal(ranges(widths))}
)
'''


def compare(a: tuple[list[int], list[int]], b: tuple[list[int], list[int]]) -> None:
    for label, xs, ys in (("class", a[0], b[0]), ("width", a[1], b[1])):
        diffs = [cp for cp in range(0x110000) if xs[cp] != ys[cp]]
        assigned = [cp for cp in diffs if unicodedata.category(chr(cp)) != "Cn"]
        print(f"{label}: {len(diffs)} code points differ ({len(assigned)} assigned in Unicode 14)")
        for cp in assigned[:25]:
            print(f"  U+{cp:04X} {unicodedata.name(chr(cp), '?')}: libunistring={xs[cp]} uniseg={ys[cp]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", choices=("libunistring", "uniseg", "auto"), default="auto")
    ap.add_argument("--compare", action="store_true", help="print differences between the two sources")
    ap.add_argument("--check", action="store_true", help="exit 1 if the committed module is stale")
    args = ap.parse_args()

    source = args.source
    data: tuple[list[int], list[int]]
    if source in ("auto", "libunistring"):
        try:
            data = from_libunistring()
            source = "libunistring 1.0"
        except (OSError, ValueError) as exc:
            if source == "libunistring":
                raise
            print(f"libunistring unavailable ({exc}); falling back to uniseg", file=sys.stderr)
            data = from_uniseg()
            source = "uniseg"
    else:
        data = from_uniseg()
        source = "uniseg"
    if args.compare:
        compare(from_libunistring(), from_uniseg())
    text = render(data[0], data[1], source)
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is stale", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text)} bytes, source: {source})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
