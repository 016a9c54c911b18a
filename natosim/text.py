"""Plain text that is safe on one line: no escape sequences, no control characters (for error messages and
every renderer; :mod:`natosim.render.safe` adds what each output format needs)."""

from __future__ import annotations

import re

_ESCAPES = re.compile(
    r"""
      \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?      # OSC ... BEL / ST (possibly unterminated)
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?         # DCS, SOS, PM, APC ... ST
    | \x1b\[[0-?]*[ -/]*[@-~]?                       # CSI
    | \x9b[0-?]*[ -/]*[@-~]?                         # 8-bit CSI
    | \x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?      # 8-bit OSC
    | \x1b[ -/]*[0-~]?                               # other escape sequences (ESC 7, ESC c, ESC ( B ...)
    """,
    re.VERBOSE,
)
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""Every line break ``str.splitlines`` knows, as one ``\\n`` each."""
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 controls except tab and line feed (breaks are handled before), DEL, C1, bidi embedding/override/isolate."""


def clean(text: str) -> str:
    """``text`` without escape sequences or control characters; every line break as ``\\n``."""
    if text.isprintable():  # the common case: nothing to do
        return text
    return _CONTROLS.sub("", _BREAKS.sub("\n", _ESCAPES.sub("", text)))


def one_line(text: str) -> str:
    """Text for a single line (an error message, a comment): :func:`clean`, white space runs as one space."""
    return " ".join(clean(text).split())
