"""Shared look of every figure: a colour-blind-safe palette and fixed fonts.

Okabe–Ito colours are distinguishable under the common colour-vision
deficiencies; DejaVu Sans ships with matplotlib, so text renders identically on
every machine (and the SVG hash salt is fixed so output bytes are stable).

Importing this module changes nothing: :func:`house_style` applies the look
for the figures drawn inside it, and the entry points (command line, report)
choose the non-interactive backend.
"""
from __future__ import annotations

import contextlib
import zlib

from ..vocab import CATEGORIES

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
             "#000000", "#999999"]

#: Fixed colour per well-known party; other parties take the remaining colours in order.
PARTY_COLOURS = {"US": "#0072B2", "Russia": "#D55E00", "NATO": "#009E73", "Ukraine": "#E69F00",
                 "EU": "#CC79A7", "independent": "#999999", "none": "#BBBBBB", "unknown": "#666666"}
CATEGORY_COLOURS = {"demand": "#0072B2", "red_line": "#D55E00", "concession": "#009E73",
                    "threat": "#CC79A7", "other": "#999999"}
CATEGORY_MARKERS = {"demand": "o", "red_line": "X", "concession": "^", "threat": "s", "other": "."}
assert set(CATEGORY_COLOURS) == set(CATEGORIES)

RC_PARAMS = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "figure.dpi": 100,
    "savefig.bbox": "tight",
    "svg.hashsalt": "analysis",
    "path.simplify": True,
}


@contextlib.contextmanager
def house_style():
    """Draw and save figures with the project's fonts and settings, restoring the caller's after."""
    import matplotlib

    with matplotlib.rc_context(RC_PARAMS):
        yield


def party_colour(party: str, order: list[str] | None = None) -> str:
    """Colour for ``party``: its fixed colour, else the next free Okabe–Ito colour."""
    if party in PARTY_COLOURS:
        return PARTY_COLOURS[party]
    spare = [c for c in OKABE_ITO if c not in PARTY_COLOURS.values()] + OKABE_ITO
    # crc32, not hash(): str hashes change between interpreter runs.
    index = order.index(party) if order and party in order else zlib.crc32(party.encode()) % 3
    return spare[index % len(spare)]
