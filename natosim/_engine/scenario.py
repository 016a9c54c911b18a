"""Reading scenario files: TOML -> checked document -> :class:`natosim.model.Scenario`.

Every problem becomes one :class:`natosim.errors.NatosimError` naming the file, the key path
and what was expected. Only this module (and ``roster``) reads files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import re
import sys
import tomllib
import typing
from collections.abc import Iterator, Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import msgspec

from natosim._engine import estimates, roster
from natosim._engine.explain import DROPPED, Enough, Problems, collect, explain, key_path
from natosim._engine.rules import exact
from natosim._engine.rulespec import check_rule, dated, rule_spec
from natosim._engine.schema import AllyDoc, BodyDoc, RuleDoc, ScenarioDoc
from natosim.errors import NatosimError, did_you_mean, shown
from natosim.model import (
    Candidate,
    Deal,
    Estimate,
    Event,
    EventKind,
    Influence,
    Member,
    Position,
    Scenario,
    Stance,
)

DEFAULT = "rutte-2024-04"
"""The bundled scenario used when no file is given."""

MAX_BYTES = 4 * 1024 * 1024
"""Largest scenario file accepted."""

_CANDIDATE_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


# --- locating files -----------------------------------------------------------------------


def _bundled_dir() -> Path:
    packaged = Path(str(resources.files("natosim"))) / "scenarios"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "scenarios"  # source checkout / editable (natosim/_engine/scenario.py)


def bundled() -> tuple[str, ...]:
    """Names of the scenarios shipped with natosim, sorted."""
    return tuple(sorted(p.stem for p in _bundled_dir().glob("*.toml")))


def bundled_path(name: str) -> Path:
    """The file of a bundled scenario."""
    return _bundled_dir() / f"{name}.toml"


MAX_PATH = 4096
"""Longest scenario file name read (PATH_MAX on Linux); a longer one is an error, not an OS error."""


def read(ref: str | None) -> tuple[bytes, str]:
    """The bytes of a scenario and the name to show in messages.

    ``ref`` is a path, ``-`` for standard input, the name of a bundled scenario, or ``None``
    for the default bundled scenario.
    """
    if ref is None:
        ref = DEFAULT
    if ref == "-":
        return sys.stdin.buffer.read(MAX_BYTES + 1), "<stdin>"
    if len(ref) > MAX_PATH or "\x00" in ref:
        raise NatosimError(
            f"a name of {len(ref):,} characters{' with a NUL byte' if chr(0) in ref else ''}; expected a file name, '-' or a bundled scenario",
            file=ref,
        )
    try:
        return _read_file(ref)
    except OSError as e:  # a name the system refuses (a part too long, a loop of links...)
        raise NatosimError(f"cannot read: {e.strerror or type(e).__name__}", file=ref) from None


def _read_file(ref: str) -> tuple[bytes, str]:
    """The bytes of the scenario file or bundled scenario ``ref``."""
    path = Path(ref)
    named = {name.casefold(): name for name in bundled()}
    if not path.exists() and "/" not in ref and not ref.endswith(".toml") and ref.casefold() in named:
        path = bundled_path(named[ref.casefold()])  # bundled names, like every choice, ignore case
    if not path.exists():
        toml = Path(ref + ".toml")
        hint = f"; did you mean '{ref}.toml'?" if not ref.endswith(".toml") and toml.is_file() else did_you_mean(ref, bundled())
        raise NatosimError(f"no such file; expected a scenario file, '-' or a bundled scenario ({', '.join(bundled())}){hint}", file=ref)
    if path.is_dir():
        raise NatosimError("is a directory; expected a scenario file", file=ref)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as e:
        raise NatosimError(f"cannot read: {e.strerror}", file=ref) from None
    return data, ref


def load(ref: str | None) -> Scenario:
    """Read and validate a scenario (see :func:`read` for ``ref``)."""
    data, name = read(ref)
    return parse(data, path=name)


# --- parsing ------------------------------------------------------------------------------


def _decode(data: bytes, path: str) -> str:
    if len(data) > MAX_BYTES:
        raise NatosimError(
            f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; expected a scenario file", file=path, where=f"byte {MAX_BYTES + 1}"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NatosimError("UTF-16 text (byte order mark); expected a UTF-8 TOML file", file=path, where="line 1")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise NatosimError("binary data (a NUL byte); expected a UTF-8 TOML file", file=path, where=f"line {line}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise NatosimError(f"not valid UTF-8 at byte {e.start}; expected a UTF-8 TOML file", file=path, where=f"line {line}") from None


def parse(data: bytes | str, *, path: str = "<scenario>") -> Scenario:
    """Validate a scenario given as TOML text (or its bytes); the first problem is raised as :class:`NatosimError`."""
    scenario, problems = _check(data, path, limit=1)
    if problems:
        raise problems[0]
    assert scenario is not None
    return scenario


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """One problem of a scenario file, as ``natosim validate`` lists it."""

    file: str
    """The file (``<stdin>`` for standard input)."""
    line: int | None
    """The line (1-based) where it is, when known."""
    where: str | None
    """The key path (``allies.Hungary.stance``, ``events[2]``) or ``line L, column C``; ``None`` for the whole file."""
    message: str
    """What is wrong and what was expected."""

    def error(self) -> NatosimError:
        """The problem as the error :func:`load` raises."""
        return NatosimError(self.message, file=self.file, where=self.where)

    def __str__(self) -> str:
        return str(self.error())


def check(ref: str | None) -> tuple[Problem, ...]:
    """Every problem of a scenario (see :func:`read` for ``ref``), in file order; empty when it is valid.

    A file that cannot be read or parsed as TOML has one problem. Otherwise every section, table
    and entry is checked on its own; the checks that need the roster (names, dates) run when the
    parts they rest on (``as_of``, ``body``, ``members``) are valid. :func:`load` raises the first
    problem it finds, which is one of these.
    """
    return examine(ref)[1]


def examine(ref: str | None) -> tuple[Scenario | None, tuple[Problem, ...]]:
    """The scenario (``None`` if it has problems) and every problem (see :func:`check`); the input is read once."""
    try:
        data, name = read(ref)
    except NatosimError as e:
        return None, (_problem(e.located(file=ref or DEFAULT), None),)
    return examine_text(data, path=name)


def check_text(data: bytes | str, *, path: str = "<scenario>") -> tuple[Problem, ...]:
    """Every problem of a scenario given as TOML text (or its bytes); see :func:`check`."""
    return examine_text(data, path=path)[1]


def examine_text(data: bytes | str, *, path: str = "<scenario>") -> tuple[Scenario | None, tuple[Problem, ...]]:
    """The scenario (``None`` if it has problems) and every problem of TOML text (or its bytes)."""
    scenario, problems = _check(data, path, limit=MAX_PROBLEMS)
    lines = _Lines(data if isinstance(data, str) else data.decode("utf-8", "replace")) if problems else None
    found = [_problem(e, lines) for e in problems]
    listed = found[:MAX_PROBLEMS]  # and after them, if there are more, the line saying so
    return scenario, (*sorted(listed, key=lambda p: p.line or 0), *found[MAX_PROBLEMS:])  # stable: one line's keep their order


def _problem(e: NatosimError, lines: _Lines | None) -> Problem:
    where = e.where
    m = re.match(r"line (\d+)", where or "")
    line = int(m.group(1)) if m else lines.find(where) if lines is not None else None
    return Problem(file=e.file or "", line=line, where=where, message=e.message)


_HEADER = re.compile(r"^[ \t]*(\[\[?)[ \t]*([^\]\n]*?)[ \t]*\]\]?", re.MULTILINE)
_KEY = re.compile(r'^[ \t]*("(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|[A-Za-z0-9_-]+)[ \t]*[=.]', re.MULTILINE)


class _Lines:
    """Where the key paths of a file are, as far as a plain search finds them: a key under its table header.

    ``allies.Hungary.stance`` is looked for as ``stance =`` under ``[allies.Hungary]``, ``events[2]``
    as the second ``[[events]]`` header. Paths the search cannot place (inside inline tables, dotted
    keys spread over tables) get the line of the nearest table found, or none. Built once per file,
    so that placing many problems costs one scan.
    """

    def __init__(self, text: str) -> None:
        self._text = text if len(text) <= MAX_BYTES else ""
        self._headers: dict[tuple[str | int, ...], int] = {}  # a header's path (array entries numbered from 1) -> its line
        self._rows: list[str] | None = None
        self._blocks: dict[int, dict[str, int]] = {}  # first line of a block (0 for the top) -> its keys' lines
        arrays: dict[tuple[str | int, ...], int] = {}
        line, counted = 1, 0
        for m in _HEADER.finditer(self._text):
            line, counted = line + self._text.count("\n", counted, m.start()), m.start()
            names = _split_path(m.group(2))
            if names is None:
                continue
            key = tuple(names)
            if m.group(1) == "[[":
                arrays[key] = arrays.get(key, 0) + 1
                key = (*key, arrays[key])
            self._headers.setdefault(key, line)

    def _keys(self, first: int) -> dict[str, int]:
        """The keys of the block whose header is on line ``first`` (0: the keys before any header) and their lines."""
        if first not in self._blocks:
            keys: dict[str, int] = {}
            if self._rows is None:
                self._rows = self._text.split("\n")
            for number in range(first + 1, len(self._rows) + 1):
                row = self._rows[number - 1]
                if _HEADER.match(row):
                    break
                if km := _KEY.match(row):
                    keys.setdefault(km.group(1).strip("\"'"), number)
            self._blocks[first] = keys
        return self._blocks[first]

    def find(self, where: str | None) -> int | None:
        """The line of key path ``where``, or ``None``."""
        parts = _split_path(where) if where and self._text else None
        if not parts:
            return None
        for depth in range(len(parts), -1, -1):
            header = self._headers.get(tuple(parts[:depth])) if depth else 0
            if header is None:
                continue
            if depth == len(parts):
                return header
            key = parts[depth]
            found = self._keys(header).get(key) if isinstance(key, str) else None
            return found if found is not None else (header or None)
        return None


def _split_path(where: str) -> list[str | int] | None:
    """``allies."United States".stance`` -> ``["allies", "United States", "stance"]``; ``events[2]`` -> ``["events", 2]``."""
    out: list[str | int] = []
    for m in re.finditer(r'\s*(?:"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([A-Za-z0-9_-]+)|\[(\d+)\])\s*\.?', where):
        if m.group(4) is not None:
            out.append(int(m.group(4)))
        else:
            out.append(m.group(1).replace('\\"', '"') if m.group(1) is not None else m.group(2) if m.group(2) is not None else m.group(3))
    return out or None


_FRAGILE = ("as_of", "body", "members")
"""Parts of a file the roster checks rest on: when one has a problem, those checks are not run."""
_LISTS = ("influence", "deals", "events")


MAX_PROBLEMS = 1_000
"""Most problems :func:`check` lists for one file (the last says that it stopped there)."""


def _check(data: bytes | str, path: str, *, limit: int) -> tuple[Scenario | None, list[NatosimError]]:
    """The scenario and the problems found, at most ``limit`` (the scenario is ``None`` when there are problems)."""
    try:
        raw = _toml(data, path)
    except NatosimError as e:
        return None, [e.located(file=path)]
    raw, spans, bad = estimates.extract(raw)  # ranges on estimates (v1.3): each replaced by its best
    found = Problems(limit)
    try:
        for problem in bad:
            found.append(problem)
        try:
            doc = msgspec.convert(raw, ScenarioDoc)
        except msgspec.ValidationError as e:
            fixed = collect(raw, ScenarioDoc, path, found)
            if not found:  # not reached: collect() finds at least what msgspec found
                found.append(explain(e, raw, path))
            _after_repair(raw, fixed, found, path)
            return None, list(found)
        scenario = _build(doc, path, found, spans)
        if bad:
            scenario = None
    except Enough:
        if limit > 1:
            found[-1:] = [found[-1], NatosimError(f"more problems may follow; expected at most {limit} in a file", file=path)]
        return None, [p.located(file=path) for p in found]
    return scenario, [p.located(file=path) for p in found]


def _after_repair(raw: dict[str, Any], fixed: Any, found: Problems, path: str) -> None:
    """Add to ``found`` the semantic problems of the valid rest of a file with schema problems (see :func:`check`)."""
    if not isinstance(fixed, dict) or any(p.where and p.where.split(".")[0].split("[")[0] in _FRAGILE for p in found):
        return
    fixed = dict(fixed)
    fixed.setdefault("title", "untitled")
    renumber: dict[str, list[int]] = {}
    broken = {(m.group(1), int(m.group(2)) - 1) for p in found if (m := re.match(r"(influence|deals|events)\[(\d+)\]", p.where or ""))}
    for key in _LISTS:
        if isinstance(fixed.get(key), list):  # an entry with a problem is left out whole (a deal without its bad effect...)
            kept = [i for i, item in enumerate(fixed[key]) if item is not DROPPED and (key, i) not in broken]
            renumber[key] = kept
            fixed[key] = [fixed[key][i] for i in kept]
    try:
        doc = msgspec.convert(fixed, ScenarioDoc)
    except msgspec.ValidationError:  # not expected: what collect() kept is valid
        return
    problems = Problems(found.limit - len(found))
    with contextlib.suppress(Enough):
        _build(doc, path, problems)
    kept_deals = set(renumber.get("deals", ()))
    left_out = {  # names and ids of the deals left out
        str(d.get(k)).casefold()
        for i, d in enumerate(raw["deals"] if "deals" in renumber else [])
        if isinstance(d, dict) and i not in kept_deals
        for k in ("name", "id")
        if k in d
    }
    events = [raw["events"][i] for i in renumber.get("events", ())]  # as _build numbered them
    remaining = [p for p in problems if not _names_left_out(p, events, left_out)]

    def old(m: re.Match[str]) -> str:
        kept = renumber.get(m.group(1))
        n = int(m.group(2))
        return f"{m.group(1)}[{kept[n - 1] + 1}]" if kept and n <= len(kept) else m[0]

    def back(text: str | None) -> str | None:
        return re.sub(r"\b(influence|deals|events)\[(\d+)\]", old, text) if text else text

    for p in remaining:
        found.append(NatosimError(back(p.message) or "", file=path, where=back(p.where)))


def _names_left_out(p: NatosimError, events: list[Any], deals: set[str]) -> bool:
    """Whether ``p`` is an event's "unknown deal" for a deal left out for problems of its own."""
    m = re.fullmatch(r"events\[(\d+)\]\.deal", p.where or "")
    if not m or not p.message.startswith("unknown deal") or int(m.group(1)) > len(events):
        return False
    event = events[int(m.group(1)) - 1]
    return isinstance(event, dict) and str(event.get("deal")).casefold() in deals


def _toml(data: bytes | str, path: str) -> dict[str, Any]:
    """The TOML document of a scenario, after the checks on its size, encoding and shape (:func:`prescan`)."""
    text = _decode(data, path) if isinstance(data, bytes) else data
    if len(text) > MAX_BYTES:
        raise NatosimError(
            f"text of {len(text)} characters; expected at most {MAX_BYTES} (4 MiB)", file=path, where=f"character {MAX_BYTES + 1}"
        )
    prescan(text, path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        where = f"line {m.group(1)}, column {m.group(2)}" if m else None
        detail = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", msg)
        if msg.endswith("(at end of document)"):
            where = f"line {text.rstrip().count(chr(10)) + 1} (end of file)"  # the last line: what is still open ends there
        hint = _toml_hint(detail)
        line = text.split("\n")[int(m.group(1)) - 1] if m else ""
        before, after = (line[: int(m.group(2)) - 1], line[int(m.group(2)) - 1 :]) if m else ("", "")
        if m and detail.startswith("Expected newline") and _BAD_DATE.search(before):
            hint = "invalid date; expected a real calendar day, YYYY-MM-DD"  # tomllib read 2024-13-02 as 2024, then stopped
        elif (
            m and detail.startswith("Expected newline") and re.search(r"=\s*\d{1,2}([/.]\d{1,2})?$", before) and re.match(r"[/.]\d", after)
        ):
            hint = "a date written day/month/year; expected YYYY-MM-DD without quotes (e.g. as_of = 2025-06-23)"
        elif _JSON.match(text):
            hint = "this looks like JSON; expected TOML, one key = value per line (natosim init writes a starter file)"
        raise NatosimError(f"invalid TOML: {hint}", file=path, where=where) from None
    except RecursionError:  # not reached: prescan() bounds the nesting far below Python's recursion limit
        raise NatosimError(f"arrays or tables nested too deeply; expected at most {MAX_NESTING} levels", file=path) from None


# --- limits checked before parsing ----------------------------------------------------------

MAX_LINE = 100_000
"""Longest line accepted (characters)."""

MAX_KEY_PARTS = 16
"""Most dotted parts in one key or table header (``allies.Hungary.p_move.rutte`` has 4)."""

MAX_NESTING = 16
"""Deepest nesting of arrays, inline tables and table headers (``[[events]]`` is 2)."""

MAX_LINES = 300_000
"""Most lines in one file (a file at every other limit, one key a line, has about 140,000)."""

MAX_TABLES = 50_000
"""Most table headers (``[allies.Hungary]``, ``[[events]]``) in one file: the parser's costliest item, about
three keys' worth. A file at every other limit has about 33,000."""

MAX_ITEMS = 300_000
"""Most keys, dotted parts, brackets, braces and commas in one file: every ``=``, ``.``, ``[``, ``{`` and ``,``
outside strings and comments.

The parser's time grows with them (a file of 16-part table headers takes about 9 µs a part; each
value of an array, each inline table, even an empty one, costs it as much as a key); a file at
every other limit (1,000 members, 20,000 edges, 10,000 events...) has about 200,000.
"""

# Strings and comments, so that what they hold is not taken for keys or brackets: multi-line
# basic and literal strings, basic and literal strings, comments.
# (Possessive runs: a long string costs one step per run of plain characters, and no backtracking.)
_OPAQUE = re.compile(r'"""(?:[^\\"]++|\\[\s\S]|"(?!""))*+"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]++|\\.)*+"|\'[^\'\n]*+\'|#[^\n]*+')
# A line with at least MAX_KEY_PARTS dots, and in it MAX_KEY_PARTS dots each followed by a part:
# a key of more parts. (The second starts with a dot, so the scan jumps from dot to dot.)
_MANY_DOTS = re.compile(rf"^(?:[^.\n]*\.){{{MAX_KEY_PARTS}}}[^\n]*", re.MULTILINE)
_LONG_KEY = re.compile(rf"\.[ \t]*[\w-]+(?:[ \t]*\.[ \t]*[\w-]+){{{MAX_KEY_PARTS - 1},}}")
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}\n")
"""Every byte but brackets and line breaks (no byte of a multi-byte UTF-8 character is one of those)."""
_DEPTH = tuple(1 if b in b"[{" else -1 if b in b"]}" else 0 for b in range(256))


def _opaque(m: re.Match[str]) -> str:
    return "s" + "\n" * m[0].count("\n")


def _check_lines(text: str, path: str) -> None:
    """Refuse a line longer than MAX_LINE, looking only at the stretches without a line break."""
    half = MAX_LINE // 2
    for start in range(0, len(text) - half + 1, half):
        # A line longer than MAX_LINE holds a whole aligned stretch of MAX_LINE // 2 characters.
        if text.find("\n", start, start + half) == -1:
            first = text.rfind("\n", 0, start) + 1
            end = text.find("\n", start)
            length = (len(text) if end == -1 else end) - first
            if length > MAX_LINE:
                line = text.count("\n", 0, first) + 1
                raise NatosimError(f"expected a line of at most {MAX_LINE} characters; got {length}", file=path, where=f"line {line}")


WEIGHT_DECIMALS = 6
"""Most decimal places of a declared weight: weighted rules scale weights to exact integers, and the engines count with
64-bit integers (10^9 times 10^6 for each of 1,000 members stays below 2^63)."""

MAX_DIGITS = 4_000
"""Most digits in one number of a scenario file: below Python's own limit on converting integers (4,300 digits), so that
the range checks, which name the key, see every number a file can hold."""


def prescan(text: str, path: str) -> None:
    """Refuse, before the TOML parser sees it, what no scenario needs and what would cost the parser dearly.

    Long dotted keys and table headers take the parser time and memory that grow with the square
    of their length; deep nesting exhausts its recursion. Each check runs at the speed of a
    regular-expression scan: milliseconds for a real scenario, under half a second for 4 MiB.
    """
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > MAX_LINES:
        raise NatosimError(f"expected at most {MAX_LINES} lines in a file; got {lines}", file=path, where=f"line {MAX_LINES + 1}")
    _check_lines(text, path)
    # Strings become one bare character (a quoted key stays one part), comments too.
    problem = _over_limit(_OPAQUE.sub("s", text))
    if problem is not None and ('"""' in text or "'''" in text):
        problem = _over_limit(_OPAQUE.sub(_opaque, text))  # again, keeping the line breaks of multi-line strings
    if problem is not None:
        message, line = problem
        raise NatosimError(message, file=path, where=f"line {line}")


_ITEM = re.compile(r"[=.\[{,]")
_TABLE = re.compile(r"^[ \t]*\[", re.MULTILINE)


def _items(code: str, start: int, end: int) -> int:
    return sum(code.count(c, start, end) for c in "=.[{,")


_LONG_NUMBER = re.compile(rf"[0-9](?:_?[0-9]){{{MAX_DIGITS},}}")
"""A run of more than :data:`MAX_DIGITS` digits (TOML allows one ``_`` between two digits)."""


def _over_limit(code: str) -> tuple[str, int] | None:
    """What exceeds a limit in ``code`` (TOML with strings and comments blanked), and its line."""
    if m := _LONG_NUMBER.search(code):  # Python refuses to convert integers of more than 4,300 digits
        digits = sum(c.isdigit() for c in m[0])
        return f"a number of {digits:,} digits; expected at most {MAX_DIGITS}", code.count("\n", 0, m.start()) + 1
    for row in _MANY_DOTS.finditer(code):
        if not (m := _LONG_KEY.search(code, row.start(), row.end())):
            continue
        parts = m[0].count(".") + 1  # and the part before the first dot
        return f"expected a key or table header of at most {MAX_KEY_PARTS} dotted parts; got {parts}", code.count("\n", 0, m.start()) + 1
    if (items := _items(code, 0, len(code))) > MAX_ITEMS:
        last = next(itertools.islice(_ITEM.finditer(code), MAX_ITEMS, None))  # the first item over the limit
        line = code.count("\n", 0, last.start()) + 1
        return f"expected at most {MAX_ITEMS} keys, dotted parts, brackets and values in a file; got {items}", line
    tables = _TABLE.findall(code)
    if len(tables) > MAX_TABLES:
        last = next(itertools.islice(_TABLE.finditer(code), MAX_TABLES, None))
        return f"expected at most {MAX_TABLES} table headers in a file; got {len(tables)}", code.count("\n", 0, last.start()) + 1
    brackets = code.encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKET)
    depths = list(itertools.accumulate(map(_DEPTH.__getitem__, brackets)))
    deepest = max(depths, default=0)
    if deepest <= MAX_NESTING:
        return None
    at = depths.index(MAX_NESTING + 1)  # the depth moves one level at a time
    return f"expected arrays and tables nested at most {MAX_NESTING} deep; got {deepest} levels", brackets.count(b"\n", 0, at) + 1


_JSON = re.compile(r'\A\ufeff?\s*(\{|\[\s*[\{\["\d])')
"""The start of a JSON document (an object, or an array of values), which TOML cannot begin with."""

_BAD_DATE = re.compile(r"=\s*\d{4}$")
"""What precedes a date tomllib could not read as one: it takes the year for an integer and stops at the ``-``."""

_TOML_HINTS = (
    ("Illegal character '\\n'", "line break inside a string; expected the closing quote on the same line"),
    ("Invalid value", "invalid value; expected a quoted string, a number, true or false, a date, an array or an inline table"),
    ("Cannot overwrite a value", "a key is given twice (cannot overwrite a value)"),
    ("Invalid date or datetime", "invalid date or date-time; expected a real calendar day, YYYY-MM-DD"),
    ("Expected newline or end of document after a statement", "more text after a value; expected a line break (one key = value per line)"),
)


def _toml_hint(detail: str) -> str:
    """tomllib's message, lower-cased, made clearer where it is terse."""
    for known, better in _TOML_HINTS:
        if detail == known:
            return better
    if m := re.fullmatch(r"Cannot declare \((.*)\) twice", detail):
        keys = [k.strip().strip("'\"") for k in m.group(1).split(",") if k.strip()]
        return f"table [{key_path(list(keys))}] is declared twice"
    return detail[:1].lower() + detail[1:]


# --- building the scenario ----------------------------------------------------------------


def _members(doc: ScenarioDoc, problems: Problems) -> tuple[tuple[Member, ...], roster.Directory, str, str] | None:
    """Members, a directory to resolve names, the body's name, and the ' on DATE' suffix; ``None`` (the problems
    recorded) when the members are not known for sure."""
    body = doc.body
    start = len(problems)
    if isinstance(body, BodyDoc):
        _unambiguous(body, problems)
        if len(problems) > start:
            return None
        entries = sorted(body.members.items(), key=lambda kv: kv[0].upper())
        members = tuple(Member(code=k.upper(), name=v.name, population=v.population, weight=v.weight, veto=v.veto) for k, v in entries)
        directory = roster.Directory.of(((m.code, m.name, ()) for m in members), kind="member")
        return members, directory, body.name, ""
    directory = roster.directory(body)
    if doc.members is not None:
        codes: dict[str, int] = {}
        for i, name in enumerate(doc.members):
            try:
                code = directory.resolve(name)
            except NatosimError as e:
                problems.append(e.located(where=key_path(["members", i])))
                continue
            if code in codes:
                problems.append(NatosimError(f"'{shown(name)}' ({code}) is listed twice", where=key_path(["members", i])))
            codes[code] = i
        if len(problems) > start:
            return None
        if not codes:
            raise NatosimError("empty member list; expected at least one member", where="members")
        known = {c.code: c for c in roster.countries(body)}
        return roster.as_members((known[c] for c in sorted(codes)), veto=roster.permanent(body)), directory, body, " of the members list"
    try:
        found = roster.members_on(doc.as_of, body)
    except NatosimError as e:
        raise e.located(where="as_of") from None
    return roster.as_members(found, veto=roster.permanent(body)), directory, body, f" on {doc.as_of.isoformat()}"


def _unambiguous(body: BodyDoc, problems: Problems) -> None:
    """Record the problems of a declared body in which a name could mean two members: codes equal up to case,
    a name that is another member's code, names equal up to case, accents and spacing, or a name with no letter."""
    codes: dict[str, str] = {}
    for key in body.members:
        if key.upper() in codes:
            problems.append(
                NatosimError(
                    f"code '{key}' is also the code of {key_path(['body', 'members', codes[key.upper()]])} (codes are case-insensitive); "
                    "expected a code of its own",
                    where=key_path(["body", "members", key]),
                )
            )
            continue
        codes[key.upper()] = key
    by_code = {roster.fold(key): key.upper() for key in body.members}
    names: dict[str, tuple[str, str]] = {}
    for key, m in body.members.items():
        where = key_path(["body", "members", key, "name"])
        folded = roster.fold(m.name)
        with _gather(problems):
            if not folded:
                raise NatosimError(f"name '{shown(m.name)}' has no letter or digit; expected a name", where=where)
            other = by_code.get(folded)
            if other is not None and other != key.upper():
                raise NatosimError(
                    f"name '{shown(m.name)}' is member {other}'s code; expected a name that is no other member's code", where=where
                )
            if folded in names:
                code, name = names[folded]
                raise NatosimError(
                    f"name '{shown(m.name)}' is member {code}'s name '{shown(name)}' up to case, accents or spacing; "
                    "expected a name of its own",
                    where=where,
                )
            names[folded] = (key.upper(), m.name)
    for key, m in body.members.items():
        if m.weight and exact(m.weight).denominator > 10**WEIGHT_DECIMALS:
            problems.append(
                NatosimError(
                    f"weight {m.weight!r} has more than {WEIGHT_DECIMALS} decimal places; expected 0 or a number with at most "
                    f"{WEIGHT_DECIMALS} (weighted rules count weights exactly, so the smallest step is 0.000001)",
                    where=key_path(["body", "members", key, "weight"]),
                )
            )


@contextlib.contextmanager
def _gather(problems: list[NatosimError]) -> Iterator[None]:
    """Record the :class:`NatosimError` a block raises and carry on after it (the checks of one entry)."""
    try:
        yield
    except NatosimError as e:
        problems.append(e)


def _build(doc: ScenarioDoc, path: str, problems: Problems, spans: tuple[estimates.Span, ...] = ()) -> Scenario | None:
    """The scenario ``doc`` describes, recording every problem in ``problems`` (``None`` if there are any).

    Each entry (a candidate, an ally, an edge, a deal, an event) is checked on its own, so one bad
    entry does not hide the problems of the others; the first problem is the one :func:`parse` raises.
    """
    start = len(problems)
    try:
        known = _members(doc, problems)
    except NatosimError as e:
        problems.append(e)
        return None
    if known is None:  # everything else names members: nothing more can be checked
        return None
    members, directory, body, when = known
    codes = [m.code for m in members]

    def member(name: str, where: str) -> str:
        try:
            return directory.resolve(name, scope=codes, when=when)
        except NatosimError as e:
            raise e.located(where=where) from None

    def candidate_id(cid: str, where: str) -> str:
        if cid not in ids:
            raise NatosimError(f"unknown candidate '{shown(cid)}'; expected one of {', '.join(ids)}{did_you_mean(cid, ids)}", where=where)
        return cid

    # candidates
    if doc.candidates and doc.proposal is not None:
        problems.append(NatosimError("both [candidates] and [proposal]; expected one of them", where="proposal"))
    cands: list[Candidate] = []
    defaults: dict[str, Stance | None] = {}
    ids = list(doc.candidates)
    folded: dict[str, str] = {}
    for cid in doc.candidates:
        if not _CANDIDATE_ID.match(cid):
            problems.append(
                NatosimError("expected a candidate id of 1-40 letters, digits, '-' or '_'", where=key_path(["candidates", cid]))
            )
        elif cid.casefold() in folded:
            problems.append(
                NatosimError(
                    f"candidate id '{cid}' differs from '{folded[cid.casefold()]}' only in case; expected ids that differ in more than case",
                    where=key_path(["candidates", cid]),
                )
            )
        folded.setdefault(cid.casefold(), cid)
    for cid, c in doc.candidates.items():
        nominated = None
        on_withdraw: tuple[tuple[str, Stance], ...] = ()
        with _gather(problems):
            if c.nominated_by is not None:
                nominated = member(c.nominated_by, key_path(["candidates", cid, "nominated_by"]))
        with _gather(problems):
            on_withdraw = tuple(
                sorted((member(k, key_path(["candidates", cid, "on_withdraw", k])), Stance(v)) for k, v in c.on_withdraw.items())
            )
            _no_twins([k for k, _ in on_withdraw], key_path(["candidates", cid, "on_withdraw"]))
        cands.append(Candidate(id=cid, name=c.name or cid, nominated_by=nominated, on_withdraw=on_withdraw, withdraw_cost=c.withdraw_cost))
        defaults[cid] = Stance(c.default) if c.default else None
    if not cands:
        name = doc.proposal.name if doc.proposal is not None else doc.title
        cands.append(Candidate(id="proposal", name=name))
        defaults["proposal"] = None
        ids = ["proposal"]

    # allies
    first = cands[0].id
    base = Stance(doc.defaults.stance)
    explicit: dict[str, dict[str, Stance]] = {c.id: {} for c in cands}
    positions: dict[str, Position] = {}
    seen: dict[str, str] = {}
    ally_codes: dict[str, str] = {}
    for name, ally in doc.allies.items():
        where = key_path(["allies", name])
        try:
            code = member(name, where)
            if code in seen:
                raise NatosimError(f"{shown(directory.display[code])} ({code}) is listed twice (also as {seen[code]})", where=where)
        except NatosimError as e:
            problems.append(e)
            continue
        seen[code] = where
        ally_codes[name] = code
        with _gather(problems):
            _ally(ally, code=code, where=where, first=first, explicit=explicit, candidate_id=candidate_id)
        p_moves: Mapping[str, float] = MappingProxyType({})
        median_days: Mapping[str, float] = MappingProxyType({})
        with _gather(problems):
            p_moves, median_days = _moves(ally, where=where, first=first, candidate_id=candidate_id)
        positions[code] = Position(
            cost=ally.cost,
            threshold=ally.threshold,
            p_move=p_moves.get(first),
            p_moves=p_moves,
            median_days=median_days,
            holdout=ally.holdout or "",
            reason=ally.reason,
            source=ally.source,
            since=ally.since,
            demands=tuple(ally.demands),
            linked=ally.linked,
        )
        if ally.since is not None and ally.since > doc.as_of:
            problems.append(
                NatosimError(
                    f"since {ally.since} is after as_of {doc.as_of}; expected the day the hold began, on or before as_of",
                    where=f"{where}.since",
                )
            )
    stances = {c.id: MappingProxyType({code: explicit[c.id].get(code) or defaults[c.id] or base for code in codes}) for c in cands}
    all_positions = MappingProxyType({code: positions.get(code, Position()) for code in codes})

    influence = _influence(doc, member, problems)
    deals = _deals(doc, member, candidate_id, first, problems)
    events = _events(doc, member, candidate_id, first, {d.name: d for d in deals}, cands, problems)
    veto: list[str] = []
    named = doc.rule if doc.rule is not None else ("security-council" if body == "unsc" else "unanimity")
    rule = rule_spec("unanimity")
    with _gather(problems):
        if isinstance(doc.rule, RuleDoc):
            veto = [member(name, key_path(["rule", "veto_members", i])) for i, name in enumerate(doc.rule.veto_members)]
            _no_twins(veto, "rule.veto_members")
        try:
            rule = dated(rule_spec(named, veto=veto), body, doc.as_of, members)
        except NatosimError as e:
            raise e.located(where="rule") from None
        check_rule(rule, members, where="rule")
    if doc.deadline is not None and doc.deadline < doc.as_of:
        problems.append(
            NatosimError(f"deadline {doc.deadline} is before as_of {doc.as_of}; expected a date on or after it", where="deadline")
        )
    for i, day in enumerate(doc.focal_dates):
        if day < doc.as_of:
            problems.append(
                NatosimError(
                    f"focal date {day} is before as_of {doc.as_of}; expected a date on or after it", where=key_path(["focal_dates", i])
                )
            )
    if len(problems) > start:
        return None
    return Scenario(
        title=doc.title,
        as_of=doc.as_of,
        members=members,
        candidates=tuple(cands),
        stances=MappingProxyType(stances),
        positions=all_positions,
        rule=rule,
        influence=influence,
        deals=deals,
        events=events,
        deadline=doc.deadline,
        seats=doc.seats,
        kind=doc.kind or "",
        focal_dates=tuple(sorted(set(doc.focal_dates))),
        fallback=doc.fallback,
        body=body,
        path=path,
        ranges=_ranges(spans, ally_codes, influence, deals, first),
    )


def _ranges(
    spans: tuple[estimates.Span, ...], ally_codes: Mapping[str, str], influence: tuple[Influence, ...], deals: tuple[Deal, ...], first: str
) -> tuple[Estimate, ...]:
    """The ranges of a valid file as :class:`Estimate` (names resolved: member codes, deal names, candidate ids)."""
    out: list[Estimate] = []
    for s in spans:
        common = {"place": s.place, "kind": s.kind, "low": s.low, "best": s.best, "high": s.high}
        match s.parts:
            case ("allies", str(name), str(key), *rest):
                cid = str(rest[0]) if rest else first if key in ("p_move", "median_days") else ""
                out.append(Estimate(target=ally_codes[name], candidate=cid, **common))  # type: ignore[arg-type]
            case ("influence", int(i), _):
                e = influence[i]
                out.append(Estimate(target=e.target, source=e.source, **common))  # type: ignore[arg-type]
            case ("deals", int(i), _):
                out.append(Estimate(target=deals[i].name, **common))  # type: ignore[arg-type]
            case (_, str(cid), _):
                out.append(Estimate(target=cid, **common))  # type: ignore[arg-type]
    return tuple(out)


def _no_twins(codes: list[str], where: str) -> None:
    dup = next((c for i, c in enumerate(codes) if c in codes[:i]), None)
    if dup is not None:
        raise NatosimError(f"{dup} is named twice (under two of its names)", where=where)


def _ally(
    ally: AllyDoc,
    *,
    code: str,
    where: str,
    first: str,
    explicit: dict[str, dict[str, Stance]],
    candidate_id: typing.Callable[[str, str], str],
) -> None:
    if ally.stance is not None:
        explicit[first][code] = Stance(ally.stance)
    for cid, stance in ally.stances.items():
        cid = candidate_id(cid, f"{where}.stances.{cid}")
        if cid == first and ally.stance is not None and ally.stance != stance:
            raise NatosimError(
                f"stance '{ally.stance}' and stances.{cid} '{stance}' disagree; expected one of them", where=f"{where}.stances.{cid}"
            )
        explicit[cid][code] = Stance(stance)


def _moves(
    ally: AllyDoc,
    *,
    where: str,
    first: str,
    candidate_id: typing.Callable[[str, str], str],
) -> tuple[Mapping[str, float], Mapping[str, float]]:
    """An ally's ``p_move`` and ``median_days``, each by candidate id (a bare number is the first candidate's)."""

    def by_candidate(value: float | dict[str, float] | None, key: str) -> dict[str, float]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            return {first: float(value)}
        return {candidate_id(cid, f"{where}.{key}.{cid}"): float(v) for cid, v in value.items()}

    p_moves = by_candidate(ally.p_move, "p_move")
    median_days = by_candidate(ally.median_days, "median_days")
    for cid in median_days:
        if cid in p_moves:
            place = f"{where}.median_days" + (f".{cid}" if isinstance(ally.median_days, dict) else "")
            raise NatosimError(
                f"p_move is given for '{cid}' too; expected either p_move or median_days for candidate '{cid}', not both", where=place
            )
    return MappingProxyType(p_moves), MappingProxyType(median_days)


def _influence(doc: ScenarioDoc, member: typing.Callable[[str, str], str], problems: list[NatosimError]) -> tuple[Influence, ...]:
    edges: list[Influence] = []
    pairs: set[tuple[str, str]] = set()
    for i, e in enumerate(doc.influence):
        where = key_path(["influence", i])
        with _gather(problems):
            src = member(e.from_, f"{where}.from")
            dst = member(e.to, f"{where}.to")
            if src == dst:
                raise NatosimError(f"{src} influences itself; expected two different allies", where=where)
            if (src, dst) in pairs:
                raise NatosimError(f"a second edge {src} -> {dst}; expected one edge per pair", where=where)
            pairs.add((src, dst))
            edges.append(Influence(source=src, target=dst, weight=e.weight, reason=e.reason, reference=e.source))
    return tuple(edges)


def _deals(
    doc: ScenarioDoc,
    member: typing.Callable[[str, str], str],
    candidate_id: typing.Callable[[str, str], str],
    first: str,
    problems: list[NatosimError],
) -> tuple[Deal, ...]:
    deals: list[Deal] = []
    names: dict[str, int] = {}
    taken: dict[str, int] = {}  # deal ids (folded) -> deal index
    for i in range(len(doc.deals)):
        with _gather(problems):
            deals.append(_deal(doc, i, names, taken, member, candidate_id, first))
    return tuple(deals)


def _deal(
    doc: ScenarioDoc,
    i: int,
    names: dict[str, int],
    taken: dict[str, int],
    member: typing.Callable[[str, str], str],
    candidate_id: typing.Callable[[str, str], str],
    first: str,
) -> Deal:
    d = doc.deals[i]
    where = key_path(["deals", i])
    same = names.setdefault(" ".join(d.name.split()).casefold(), i)
    if same != i and doc.deals[same].name == d.name:
        raise NatosimError(f"a second deal named '{shown(d.name)}'; expected unique names", where=f"{where}.name")
    if same != i:
        raise NatosimError(
            f"deal name '{shown(d.name)}' differs from {key_path(['deals', same])}'s '{shown(doc.deals[same].name)}' only in case or "
            "spacing; expected unique names",
            where=f"{where}.name",
        )
    if not d.effects:
        raise NatosimError("no effects; expected at least one ally = stance", where=f"{where}.effects")
    cid = candidate_id(d.candidate, f"{where}.candidate") if d.candidate is not None else first
    effects = tuple(sorted((member(k, f"{where}.effects.{k}"), Stance(v)) for k, v in d.effects.items()))
    _no_twins([k for k, _ in effects], f"{where}.effects")
    return Deal(name=d.name, cost=d.cost, candidate=cid, effects=effects, id=_deal_id(doc, i, taken), reason=d.reason, source=d.source)


def _deal_by(deals: typing.Mapping[str, Deal], text: str) -> Deal | None:
    """The deal ``text`` names: by its exact name, else by its id (up to case)."""
    if text in deals:
        return deals[text]
    return next((d for d in deals.values() if d.id.casefold() == text.casefold()), None)


def _slug(text: str) -> str:
    """A deal name as an id: its first words in lowercase letters and digits, joined by '-', at most 40 characters."""
    out = ""
    for word in re.findall(r"[a-z0-9]+", roster.fold(text)):
        if len(out) + len(word) + 1 > 40:
            break
        out = f"{out}-{word}" if out else word
    return out or re.sub(r"[^a-z0-9]", "", roster.fold(text))[:40]


def _deal_id(doc: ScenarioDoc, i: int, taken: dict[str, int]) -> str:
    """The id of deal ``i``: its own ``id`` (unique, up to case), else a free slug of its name."""
    d = doc.deals[i]
    if d.id is not None:
        seen = taken.get(d.id.casefold())
        if seen is not None:
            raise NatosimError(
                f"id '{d.id}' is also {key_path(['deals', seen])}'s; expected unique deal ids", where=key_path(["deals", i, "id"])
            )
        taken[d.id.casefold()] = i
        return d.id
    base = _slug(d.name) or f"deal-{i + 1}"
    cid, k = base, 2
    while cid.casefold() in taken or any(o.id is not None and o.id.casefold() == cid.casefold() for o in doc.deals):
        cid, k = f"{base[:36]}-{k}", k + 1
    taken[cid.casefold()] = i
    return cid


def _events(
    doc: ScenarioDoc,
    member: typing.Callable[[str, str], str],
    candidate_id: typing.Callable[[str, str], str],
    first: str,
    deals: Mapping[str, Deal],
    cands: list[Candidate],
    problems: list[NatosimError],
) -> tuple[Event, ...]:
    events: list[Event] = []
    for i in range(len(doc.events)):
        with _gather(problems):
            event = _event(doc, i, member, candidate_id, first, deals)
            if event is not None:
                events.append(event)
    events.sort(key=lambda ev: (ev.date, ev.index))
    gone: dict[str, date] = {}
    said: dict[tuple[date, str, str], Event] = {}
    for ev in events:
        with _gather(problems):
            _in_order(ev, gone, said, cands)
    return tuple(events)


def _event(
    doc: ScenarioDoc,
    i: int,
    member: typing.Callable[[str, str], str],
    candidate_id: typing.Callable[[str, str], str],
    first: str,
    deals: Mapping[str, Deal],
) -> Event | None:
    """Event ``i``, or ``None`` when it names a deal that has problems of its own (reported there)."""
    e = doc.events[i]
    where = key_path(["events", i])
    if e.date < doc.as_of:
        raise NatosimError(f"event dated {e.date} is before as_of {doc.as_of}; expected a date on or after it", where=f"{where}.date")
    kinds = [k for k, v in (("ally", e.ally), ("withdraw", e.withdraw), ("deal", e.deal)) if v is not None]
    if len(kinds) != 1:
        raise NatosimError(
            "expected exactly one of 'ally' (with 'stance'), 'withdraw' or 'deal'" + (f"; got {', '.join(kinds)}" if kinds else ""),
            where=where,
        )
    common = Event(date=e.date, kind=EventKind.STANCE, candidate=first, source=e.source, note=e.note, index=i)
    if e.ally is not None:
        if e.stance is None:
            raise NatosimError("missing required key 'stance' for an ally event", where=where)
        cid = candidate_id(e.candidate, f"{where}.candidate") if e.candidate is not None else first
        return dataclasses.replace(common, candidate=cid, ally=member(e.ally, f"{where}.ally"), stance=Stance(e.stance))
    if e.withdraw is not None:
        _only(e, where, allowed={"withdraw"})
        return dataclasses.replace(common, kind=EventKind.WITHDRAW, candidate=candidate_id(e.withdraw, f"{where}.withdraw"))
    assert e.deal is not None
    _only(e, where, allowed={"deal"})
    deal = _deal_by(deals, e.deal)
    if deal is None:
        if any(d.name == e.deal or (d.id or "").casefold() == e.deal.casefold() for d in doc.deals):
            return None  # a deal of the file that failed its own checks
        raise NatosimError(
            f"unknown deal '{shown(e.deal)}'; expected one of the [[deals]] names or ids{did_you_mean(e.deal, deals)}",
            where=f"{where}.deal",
        )
    return dataclasses.replace(common, kind=EventKind.DEAL, candidate=deal.candidate, deal=deal.name)


def _in_order(ev: Event, gone: dict[str, date], said: dict[tuple[date, str, str], Event], cands: list[Candidate]) -> None:
    """The checks of an event against those before it (in date order): withdrawals, one stance per day."""
    if ev.kind is not EventKind.WITHDRAW and ev.candidate in gone and gone[ev.candidate] < ev.date:
        key = "candidate" if ev.kind is EventKind.STANCE else "deal"
        raise NatosimError(
            f"'{ev.candidate}' withdrew on {gone[ev.candidate]}, before this event; expected a candidate still in the race",
            where=key_path(["events", ev.index, key]),
        )
    if ev.kind is EventKind.STANCE:
        assert ev.ally is not None
        twin = said.setdefault((ev.date, ev.ally, ev.candidate), ev)
        if twin.stance is not ev.stance:
            raise NatosimError(
                f"{ev.ally} is also set to '{twin.stance}' on '{ev.candidate}' on {ev.date} by {key_path(['events', twin.index])}; "
                "expected one stance per ally, candidate and date",
                where=key_path(["events", ev.index, "stance"]),
            )
    if ev.kind is EventKind.WITHDRAW:
        if ev.candidate in gone:
            raise NatosimError(
                f"'{ev.candidate}' has already withdrawn; expected a candidate still in the race",
                where=key_path(["events", ev.index, "withdraw"]),
            )
        gone[ev.candidate] = ev.date
        if len(gone) == len(cands):
            raise NatosimError(
                "every candidate would have withdrawn; expected at least one to remain", where=key_path(["events", ev.index])
            )


def _only(e: Any, where: str, *, allowed: set[str]) -> None:
    for key in ("stance", "candidate"):
        if key not in allowed and getattr(e, key) is not None:
            raise NatosimError(f"'{key}' does not belong to this kind of event", where=f"{where}.{key}")


def parse_date(text: str, *, where: str) -> date:
    """A YYYY-MM-DD date given by the user; an impossible or malformed one (``20240501`` included) is an input error."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            raise ValueError(text)  # fromisoformat would also take 20240501 and 2024-W18-3
        return date.fromisoformat(text.strip())
    except ValueError:
        raise NatosimError(f"'{shown(text)}' is not a valid date; expected YYYY-MM-DD (a real calendar day)", where=where) from None


# --- folders of scenario files (``natosim backtest FOLDER``) ---------------------------------------


def load_dir(folder: str) -> tuple[tuple[str, Scenario], ...]:
    """Every ``*.toml`` scenario of ``folder`` (sorted by file name), each with its file's stem."""
    path = Path(folder)
    if not path.is_dir():
        raise NatosimError("no such folder; expected a folder of scenario files", file=folder)
    files = sorted(path.glob("*.toml"))
    if not files:
        raise NatosimError("no *.toml file in this folder; expected scenario files", file=folder)
    return tuple((p.stem, load(str(p))) for p in files)
