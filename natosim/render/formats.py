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
    from natosim.render.document import Document, Records, View


_NARROW = 24
"""Columns whose longest cell is at most this long are never wrapped in the terminal table."""


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


def to_table(doc: Document, *, width: int = 100, color: bool = False, encoding: str = "utf-8") -> str:
    """Rich tables and styled lines, rendered to a string (ANSI colours only if ``color``)."""
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
        columns = [safe(c) for c in block.columns]
        rows = [[Text(safe(c.text), style=c.style) for c in row] for row in block.rows]
        longest = [max([len(col), *(len(row[i].plain) for row in rows)]) for i, col in enumerate(columns)]
        wide = [n > _NARROW for n in longest]
        table = Table(
            title=safe(block.title) or None, title_justify="left", title_style="bold", expand=sum(longest) + 3 * len(longest) > width
        )
        for col, n, is_wide in zip(columns, longest, wide, strict=True):
            # narrow columns keep their width; long text shares what is left, in proportion to its length
            table.add_column(col, overflow="fold", no_wrap=not is_wide, ratio=min(n, 80) if is_wide else None)
        for cells in rows:
            table.add_row(*cells)
        if not block.rows:
            console.print(Text(safe(f"{block.title}: {block.empty}" if block.title else block.empty)))
        else:
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
        out += ["| " + " | ".join(_md_escape(c.text) for c in row) + " |" for row in block.rows]
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
