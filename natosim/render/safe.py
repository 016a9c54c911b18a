"""Making text safe for the reader of each output format: one sanitiser per format, defined here only.

User text (titles, names, reasons, sources, ids) reaches terminals, spreadsheets, markdown viewers,
diagram renderers and XML parsers. Every renderer passes each piece of text through the sanitiser of
its format at the point where it enters the output:

- :func:`clean` (every text format, and error lines): removes terminal escape sequences (CSI, OSC,
  DCS...), C0 controls other than tab and line feed, DEL, C1 controls and bidirectional
  embedding/override/isolate marks; every line break (``\\r\\n``, ``\\r``, ``\\v``, ``\\f``, NEL,
  U+2028, U+2029...) becomes ``\\n``.
- :func:`terminal` (the terminal table): :func:`clean`.
- :func:`one_line` (error lines, comments): :func:`clean`, and every run of white space is one space.
- :func:`markdown`: :func:`clean`, HTML (``& < >``), pipes, brackets (no links) and backslashes escaped,
  line breaks as ``<br>``.
- :func:`csv_cell`: :func:`clean`, line breaks as ``; ``, a leading ``= + - @`` or tab neutralised
  with a ``'`` (OWASP's CSV-injection advice) unless the cell is a plain number such as ``-0.5``.
- :func:`mermaid`: :func:`one_line`, and every character that ends or re-interprets a label as an entity.
- :func:`dot`: a quoted Graphviz string with backslashes, quotes and line breaks escaped.
- :func:`xml`: :func:`clean` and then what XML 1.0 forbids removed (GraphML).
- :func:`json_text`: strict JSON (no ``NaN``/``Infinity``: non-finite numbers become ``null``), with
  DEL, C1 controls, bidi marks and U+2028/U+2029 written as ``\\uXXXX`` escapes (lossless).
- :func:`fit`: text an output encoding cannot hold (``PYTHONIOENCODING=ascii``, latin-1) is
  transliterated (``—`` to ``-``, ``ü`` to ``u``, else ``?``) instead of failing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

from natosim.text import clean as clean
from natosim.text import one_line as one_line


def terminal(text: str) -> str:
    """Text for a terminal table or line: :func:`clean`."""
    return clean(text)


def markdown(text: str) -> str:
    """Text for a markdown paragraph, heading or table cell: no raw HTML, no pipe, no line break."""
    text = clean(text)
    for raw, escaped in (("\\", "\\\\"), ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"), ("[", "\\["), ("]", "\\]")):
        text = text.replace(raw, escaped)
    return text.replace("\n", "<br>")


_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_FORMULA = ("=", "+", "-", "@", "\t")


def csv_cell(text: str) -> str:
    """A CSV cell: :func:`clean`, line breaks as ``; ``, a leading formula character neutralised with ``'``.

    A cell that is a plain number (``-0.5``, ``+3``) is data and stays as it is; quoting of commas and
    quotes is the csv writer's.
    """
    text = clean(text).replace("\n", "; ")
    if text.startswith(_FORMULA) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


_MERMAID = {c: f"#{ord(c)};" for c in "#`\\{}[]|;%"} | {'"': "#quot;", "&": "#amp;", "<": "#lt;", ">": "#gt;"}


def mermaid(text: str) -> str:
    """Text inside a quoted Mermaid label (or a ``%%`` comment): one line; quotes, entities, brackets encoded."""
    return "".join(_MERMAID.get(c, c) for c in one_line(text))


def dot(text: str) -> str:
    """A quoted Graphviz string: :func:`clean`, backslashes and quotes escaped, line breaks as ``\\n``."""
    return '"' + clean(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml(text: str) -> str:
    """Text for an XML 1.0 document: :func:`clean`, and nothing XML 1.0 forbids."""
    return _NOT_XML.sub("", clean(text))


def finite(data: Any) -> Any:
    """``data`` with every non-finite float (``nan``, ``inf``) replaced by ``None``."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: finite(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [finite(v) for v in data]
    return data


_JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_text(data: Any, *, ascii_only: bool = False) -> str:
    """Strict, indented JSON with a final newline: non-finite numbers as ``null``; invisible controls escaped."""
    import json

    text = json.dumps(finite(data), indent=2, ensure_ascii=ascii_only, allow_nan=False)
    # such characters occur only inside strings, where a \\u escape means the same character
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m[0]):04x}", text) + "\n"


_TRANSLITERATE = {
    "—": "-",
    "–": "-",
    "−": "-",
    "‐": "-",
    "✗": "x",
    "✓": "v",
    "×": "x",
    "≥": ">=",
    "≤": "<=",
    "→": "->",
    "←": "<-",
    "…": "...",
    "·": "-",
    "•": "-",
    "‘": "'",
    "’": "'",
    "“": "'",
    "”": "'",
    "\u00a0": " ",
}


def fits(encoding: str) -> bool:
    """Whether ``encoding`` holds every character (a UTF encoding)."""
    return encoding.lower().replace("-", "").replace("_", "").startswith("utf")


def fit(text: str, encoding: str) -> str:
    """``text`` made encodable in ``encoding``: each character it cannot hold transliterated, else ``?``."""
    if fits(encoding):
        return text
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        pass
    out = []
    for c in text:
        try:
            c.encode(encoding)
            out.append(c)
            continue
        except (UnicodeEncodeError, LookupError):
            pass
        base = "".join(b for b in unicodedata.normalize("NFKD", c) if not unicodedata.combining(b))
        sub = _TRANSLITERATE.get(c) or (base if base.isascii() and base.isalnum() else "?")
        out.append(sub)
    return "".join(out)
