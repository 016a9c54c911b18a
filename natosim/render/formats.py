"""Turning a :class:`~natosim.render.document.View` into text: its document, JSON object or records.

One function per format; :func:`render` dispatches with a ``match`` that ends in
``assert_never``, so adding a :class:`Format` without a renderer fails type checking.
"""

from __future__ import annotations

import enum
import io
import math
from typing import TYPE_CHECKING, Any, assert_never

if TYPE_CHECKING:  # imported where used, so that `natosim --help` does not pay for them
    from collections.abc import Sequence

    from natosim.render.document import Cell, Document, Records, View


class Format(enum.StrEnum):
    """Output formats every command accepts."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


def render(view: View, fmt: Format, *, width: int = 100, color: bool = False, encoding: str = "utf-8") -> str:
    """The text of ``view`` in ``fmt`` (its document as a table or markdown, its JSON object, its records as CSV),
    encodable in ``encoding``.

    User text passes through the sanitiser of the format (:mod:`natosim.render.safe`).
    """
    match fmt:
        case Format.TABLE:
            return to_table(view.document, width=width, color=color, encoding=encoding)
        case Format.JSON:
            return to_json(view.data, encoding=encoding)
        case Format.CSV:
            return to_csv(view.records, encoding=encoding)
        case Format.MARKDOWN:
            return to_markdown(view.document, encoding=encoding)
        case _:
            assert_never(fmt)


def to_json(data: Any, *, encoding: str = "utf-8") -> str:
    """Strict indented JSON with a final newline; keys keep their order, text stays UTF-8 (``\\u`` escapes otherwise)."""
    from natosim.render.safe import fits, json_text

    return json_text(data, ascii_only=not fits(encoding))


class _Buffer(io.StringIO):
    """A string buffer that tells rich the encoding of the final output (ASCII boxes when it is not UTF)."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


_GAUGE = (10, 40)
"""Narrowest and widest a column of gauges is drawn (characters of the bar)."""

_NARROW = 24
"""Columns that need at most this many characters are kept on one line when the room allows."""

_LONGEST_WORD = 30
"""Words longer than this (URLs) may be folded across lines rather than widen their column."""

_EIGHTHS = " ▏▎▍▌▋▊▉"


def gauge(cell: Cell, width: int) -> str:
    """The cell's bar drawn in ``width`` characters (in eighths of a character), then its label."""
    label = f" {cell.text}" if cell.text else ""
    room = max(1, width - len(label))
    eighths = round(max(0.0, min(1.0, cell.gauge or 0.0)) * room * 8)
    full, part = divmod(eighths, 8)
    drawn = "█" * full + (_EIGHTHS[part] if part else "")
    if not cell.track and cell.gauge and not drawn:
        drawn = "▏"  # a share above zero stays visible
    if cell.track:
        return drawn + "·" * (room - len(drawn)) + label
    return drawn + label if drawn else cell.text


def _words(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(w) for w in text.split()), default=0)


def _lines(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(line) for line in text.split("\n")), default=0)


def allocate(need: Sequence[int], least: Sequence[int], room: int) -> list[int]:
    """Column widths that fit in ``room``: what each column ``need``s when they all fit; else each keeps at
    least its longest word (``least``) and the rest goes to the columns that need more, widest need first;
    when even the words do not fit, the columns with the shortest words are kept whole first (the others
    fold their words: nothing is cut)."""
    need = [max(1, n) for n in need]
    least = [max(1, min(w, n)) for w, n in zip(least, need, strict=True)]
    if sum(need) <= room:
        return need
    widths = list(least) if sum(least) <= room else [min(n, 4) for n in need]
    spare = room - sum(widths)
    if sum(least) > room:  # fill towards the longest words, shortest first: as many columns whole as possible
        for i in sorted(range(len(need)), key=lambda i: (least[i] - widths[i], i)):
            give = min(spare, least[i] - widths[i])
            widths[i] += give
            spare -= give
    for i in sorted(range(len(need)), key=lambda i: (need[i], i)):  # narrow columns whole, on one line
        if need[i] <= _NARROW and need[i] - widths[i] <= spare:
            spare -= need[i] - widths[i]
            widths[i] = need[i]
    wide = [i for i in range(len(need)) if widths[i] < need[i]]
    while spare > 0 and wide:  # the rest in proportion to how much text each column holds
        total = sum(need[i] for i in wide)
        shares = {i: min(need[i] - widths[i], spare * need[i] // total) for i in wide}
        if not any(shares.values()):
            shares = {max(wide, key=lambda i: (need[i] - widths[i], -i)): 1}
        for i, give in shares.items():
            widths[i] += give
            spare -= give
        wide = [i for i in wide if widths[i] < need[i]]
    return widths


def _records_table(
    title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Cell]], texts: Sequence[Sequence[str]], width: int
) -> Any:
    """A table too wide for the terminal, one record after another: a line per column (``Name  Slovakia``)."""
    from rich.table import Table
    from rich.text import Text

    key = min(_LONGEST_WORD, max(_lines(c) for c in columns), max(8, width // 3))
    value = max(8, width - key - 7)
    table = Table(title=title, title_justify="left", title_style="bold", expand=False, show_header=False)
    table.add_column(overflow="fold", width=key, style="bold")
    table.add_column(overflow="fold", width=value)
    for n, (row, text) in enumerate(zip(rows, texts, strict=True), 1):
        for i, (col, c, s) in enumerate(zip(columns, row, text, strict=True)):
            shown = gauge(c, min(value, _GAUGE[1] + len(s) + 1)) if c.gauge is not None else s
            table.add_row(col, Text(shown, style=c.style), end_section=i == len(columns) - 1 and n < len(rows))
    return table


def to_table(doc: Document, *, width: int = 100, color: bool = False, encoding: str = "utf-8") -> str:
    """Rich tables and styled lines, rendered to a string (ANSI colours only if ``color``).

    Every value appears whole at any width: a column is as wide as its longest value when the table
    fits, else as wide as its longest word (values wrap between words), and only words longer than
    the room left are folded across lines. Gauges are drawn to the width their column gets.
    """
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from natosim.render.document import Line
    from natosim.render.safe import fit, terminal

    def safe(text: str) -> str:
        return terminal(fit(text, encoding))

    buf = _Buffer(encoding)
    console = Console(
        file=buf,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
        soft_wrap=False,
    )
    console.print(Text(safe(doc.title), style="bold"))
    for block in doc.blocks:
        if isinstance(block, Line):
            console.print(Text(safe(block.text), style=block.style))
            continue
        if not block.rows:
            console.print(Text(safe(f"{block.title}: {block.empty}" if block.title else block.empty)))
            continue
        columns = [safe(c) for c in block.columns]
        texts = [[safe(c.text) for c in row] for row in block.rows]
        gauges = [any(row[i].gauge is not None for row in block.rows) for i in range(len(columns))]
        need, least = [], []
        for i, col in enumerate(columns):
            label = max((len(r[i]) for r in texts), default=0) + 1 if gauges[i] else 0
            need.append(_GAUGE[1] + label if gauges[i] else max(_lines(col), *(_lines(r[i]) for r in texts)))
            least.append(_GAUGE[0] + label if gauges[i] else min(_LONGEST_WORD, max(_words(col), *(_words(r[i]) for r in texts))))
        room = width - 3 * len(columns) - 1
        title = safe(block.title) or None
        if sum(min(n, w) for n, w in zip(need, least, strict=True)) > room and len(columns) > 2:
            console.print(_records_table(title, columns, block.rows, texts, width))  # too narrow for a row per line
            continue
        widths = allocate(need, least, max(len(columns), room))
        table = Table(title=title, title_justify="left", title_style="bold", expand=False)
        for col, w in zip(columns, widths, strict=True):
            table.add_column(col, overflow="fold", width=w)
        for row, text in zip(block.rows, texts, strict=True):
            shown = [gauge(c, w) if c.gauge is not None else s for c, s, w in zip(row, text, widths, strict=True)]
            table.add_row(*(Text(s, style=c.style) for c, s in zip(row, shown, strict=True)))
        console.print(table)
    return buf.getvalue()


def to_markdown(doc: Document, *, encoding: str = "utf-8") -> str:
    """GitHub-flavoured markdown: a heading, pipe tables and paragraphs (no raw HTML from the text)."""
    from natosim.render.document import Line
    from natosim.render.safe import fit, markdown

    def _md_escape(text: str) -> str:
        return markdown(fit(text, encoding))

    out = [f"# {_md_escape(doc.title)}", ""]
    for block in doc.blocks:
        if isinstance(block, Line):
            out += [_md_escape(block.text), ""]
            continue
        if block.title:
            out += [f"## {_md_escape(block.title)}", ""]
        if not block.rows:
            out += [_md_escape(block.empty), ""]
            continue
        out.append("| " + " | ".join(_md_escape(c) for c in block.columns) + " |")
        out.append("|" + "|".join("---" for _ in block.columns) + "|")
        out += ["| " + " | ".join(_md_escape(gauge(c, 20) if c.gauge is not None else c.text) for c in row) + " |" for row in block.rows]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def csv_value(value: Any, encoding: str = "utf-8") -> str:
    """One CSV value: numbers as Python writes them (``0.03125``, ``9158750``), ``true``/``false``, empty for missing,
    text through :func:`natosim.render.safe.csv_cell` (no line break, formulas neutralised)."""
    from natosim.render.safe import csv_cell, fit

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    return csv_cell(fit(str(value), encoding))


def to_csv(records: Records, *, encoding: str = "utf-8") -> str:
    """The records as CSV with a header row (RFC 4180 quoting, ``\\n`` line ends), one row per record."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([csv_value(c, encoding) for c in records.columns])
    writer.writerows([csv_value(v, encoding) for v in row] for row in records.rows)
    return buf.getvalue()
