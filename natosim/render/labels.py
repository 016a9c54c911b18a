"""Each body cell of an HTML table labelled with its column's heading (``data-label``).

On a narrow screen the report's stylesheet shows every table row as a block of ``label: value``
lines, the label written by CSS (``attr(data-label)``); :func:`label_cells` adds those labels to a
page the template has rendered, so that every table, whatever its columns, gets them from its own
``<thead>``. Cells spanning every column (``The scenario declares no influence.``) stay unlabelled.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser


class _Cells(HTMLParser):
    """Finds the body cells of each table and the heading of their column."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inserts: list[tuple[tuple[int, int], str]] = []
        """(line, column) where a body cell's start tag ends, and the label to insert there."""
        self._heads: list[list[str]] = []  # per open table: its column headings
        self._in_head = False
        self._head_cell: list[str] | None = None
        self._head_span = 1
        self._col = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._heads.append([])
        elif not self._heads:
            return
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._col = 0
        elif tag in ("td", "th"):
            span = int(a.get("colspan") or 1)
            if self._in_head:
                self._head_cell = []
                self._head_span = span
                self._heads[-1].extend([""] * span)
                self._col += span
                return
            heads = self._heads[-1]
            if self._col < len(heads) and span < len(heads) and heads[self._col] and "data-label" not in a:
                text = self.get_starttag_text() or ""
                line, col = self.getpos()
                self.inserts.append(((line, col + len(text) - 1), heads[self._col]))
            self._col += span

    def handle_endtag(self, tag: str) -> None:
        if not self._heads:
            return
        if tag == "table":
            self._heads.pop()
        elif tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._head_cell is not None:
            self._heads[-1][-self._head_span :] = [" ".join("".join(self._head_cell).split())] * self._head_span
            self._head_cell = None

    def handle_data(self, data: str) -> None:
        if self._head_cell is not None:
            self._head_cell.append(data)


def label_cells(page: str) -> str:
    """``page`` with ``data-label="Heading"`` on every body cell of every table that has a ``<thead>``."""
    finder = _Cells()
    finder.feed(page)
    finder.close()
    if not finder.inserts:
        return page
    starts = [0]  # where each line starts, lines ending in "\n" only, as the parser counts them
    at = page.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = page.find("\n", at + 1)
    out = []
    last = 0
    for (line, col), label in finder.inserts:
        at = starts[line - 1] + col  # the offset of the tag's closing '>'
        out.append(page[last:at])
        out.append(f' data-label="{html.escape(label, quote=True)}"')
        last = at
    out.append(page[last:])
    return "".join(out)
