"""A format-neutral document: what a command shows, before it becomes a table, markdown or CSV."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell with an optional rich style (used by the terminal table only)."""

    text: str
    """The text (for a gauge: the label written after the bar, if any)."""
    style: str = ""
    """Rich style, e.g. ``"bold red"``."""
    gauge: float | None = None
    """A share in [0, 1] drawn as a bar as wide as the column allows (terminal table), before :attr:`text`."""
    track: bool = False
    """Whether a gauge's empty part is drawn (``█▌·····``), so that bars read as a scale."""


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


Value = str | int | float | bool | None
"""A fact in :class:`Records`: text, a number, a boolean or missing (``None``)."""


@dataclass(frozen=True, slots=True)
class Records:
    """A command's result as data, for CSV: one row per record, one column per fact.

    Numbers stay numbers (no separators, no ``%``), booleans are booleans, missing values are
    ``None``, lists are joined with ``;`` by the producer. ``docs/cli.md`` lists each command's columns.
    """

    columns: tuple[str, ...]
    """Column names: lower-case, ``snake_case``, stable (part of the CSV contract)."""
    rows: tuple[tuple[Value, ...], ...]
    """One tuple per record, one value per column."""

    def __post_init__(self) -> None:
        if any(len(r) != len(self.columns) for r in self.rows):  # a programming error, not an input error
            raise ValueError(f"every row of {self.columns} must have {len(self.columns)} values")


@dataclass(frozen=True, slots=True)
class View:
    """A command's result, ready for any format."""

    document: Document
    """For table and markdown."""
    data: Any
    """For json: the contract's object."""
    records: Records
    """For csv: the result as data."""


def joined(items: Any) -> str:
    """A list of codes or ids as one CSV value: ``HUN;ROU`` (empty when there are none)."""
    return ";".join(str(i) for i in items)


def cells(*texts: str | Cell) -> tuple[Cell, ...]:
    """A row from strings and cells."""
    return tuple(t if isinstance(t, Cell) else Cell(t) for t in texts)


def number(x: float) -> str:
    """A cost or weight without a useless ``.0``."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
