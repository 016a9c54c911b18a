"""A format-neutral document: what a command shows, before it becomes a table, markdown or CSV."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell with an optional rich style (used by the terminal table only)."""

    text: str
    """The text."""
    style: str = ""
    """Rich style, e.g. ``"bold red"``."""


@dataclass(frozen=True, slots=True)
class Section:
    """A titled table."""

    title: str
    """Heading shown above the table."""
    columns: tuple[str, ...]
    """Column headings."""
    rows: tuple[tuple[Cell, ...], ...]
    """Rows of cells, one per column."""
    empty: str = "(none)"
    """What to show when there are no rows."""


@dataclass(frozen=True, slots=True)
class Line:
    """A line of text with an optional rich style."""

    text: str
    """The text."""
    style: str = ""
    """Rich style."""


Block = Section | Line


@dataclass(frozen=True, slots=True)
class Document:
    """What a command shows: a title and blocks of tables and lines, in order."""

    title: str
    """Heading."""
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    """Tables and lines."""

    @property
    def sections(self) -> tuple[Section, ...]:
        """The tables only."""
        return tuple(b for b in self.blocks if isinstance(b, Section))


def cells(*texts: str | Cell) -> tuple[Cell, ...]:
    """A row from strings and cells."""
    return tuple(t if isinstance(t, Cell) else Cell(t) for t in texts)


def number(x: float) -> str:
    """A cost or weight without a useless ``.0``."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
