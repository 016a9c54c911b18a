"""Turning a :class:`~natosim.render.document.Document` (or its JSON object) into text.

One function per format; :func:`render` dispatches with a ``match`` that ends in
``assert_never``, so adding a :class:`Format` without a renderer fails type checking.
"""

from __future__ import annotations

import enum
import io
from typing import TYPE_CHECKING, Any, assert_never

if TYPE_CHECKING:  # imported where used, so that `natosim --help` does not pay for them
    from natosim.render.document import Document, Section


_NARROW = 24
"""Columns whose longest cell is at most this long are never wrapped in the terminal table."""


class Format(enum.StrEnum):
    """Output formats every command accepts."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


def render(doc: Document, data: Any, fmt: Format, *, width: int = 100, color: bool = False) -> str:
    """The text of ``doc`` (table, csv, markdown) or of ``data`` (json) in ``fmt``."""
    match fmt:
        case Format.TABLE:
            return to_table(doc, width=width, color=color)
        case Format.JSON:
            return to_json(data)
        case Format.CSV:
            return to_csv(doc)
        case Format.MARKDOWN:
            return to_markdown(doc)
        case _:
            assert_never(fmt)


def to_json(data: Any) -> str:
    """Indented JSON with a final newline; keys keep their order, text stays UTF-8."""
    import json

    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_table(doc: Document, *, width: int = 100, color: bool = False) -> str:
    """Rich tables and styled lines, rendered to a string (ANSI colours only if ``color``)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from natosim.render.document import Line

    buf = io.StringIO()
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
    console.print(Text(doc.title, style="bold"))
    for block in doc.blocks:
        if isinstance(block, Line):
            console.print(Text(block.text, style=block.style))
            continue
        longest = [max([len(col), *(len(row[i].text) for row in block.rows)]) for i, col in enumerate(block.columns)]
        wide = [n > _NARROW for n in longest]
        table = Table(title=block.title or None, title_justify="left", title_style="bold", expand=sum(longest) + 3 * len(longest) > width)
        for col, n, is_wide in zip(block.columns, longest, wide, strict=True):
            # narrow columns keep their width; long text shares what is left, in proportion to its length
            table.add_column(col, overflow="fold", no_wrap=not is_wide, ratio=min(n, 80) if is_wide else None)
        for row in block.rows:
            table.add_row(*(Text(c.text, style=c.style) for c in row))
        if not block.rows:
            console.print(Text(f"{block.title}: {block.empty}" if block.title else block.empty))
        else:
            console.print(table)
    return buf.getvalue()


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def to_markdown(doc: Document) -> str:
    """GitHub-flavoured markdown: a heading, pipe tables and paragraphs."""
    from natosim.render.document import Line

    out = [f"# {_md_escape(doc.title)}", ""]
    for block in doc.blocks:
        if isinstance(block, Line):
            out += [_md_escape(block.text), ""]
            continue
        if block.title:
            out += [f"## {_md_escape(block.title)}", ""]
        if not block.rows:
            out += [block.empty, ""]
            continue
        out.append("| " + " | ".join(_md_escape(c) for c in block.columns) + " |")
        out.append("|" + "|".join("---" for _ in block.columns) + "|")
        out += ["| " + " | ".join(_md_escape(c.text) for c in row) + " |" for row in block.rows]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def to_csv(doc: Document) -> str:
    """The document's primary (first) table as CSV with a header row (RFC 4180, CRLF-free)."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    sections: tuple[Section, ...] = doc.sections
    if sections:
        writer.writerow(sections[0].columns)
        writer.writerows([c.text.replace("\n", "; ") for c in row] for row in sections[0].rows)
    return buf.getvalue()
