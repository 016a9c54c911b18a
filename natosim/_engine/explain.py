"""Turning msgspec's validation messages into natosim's one-line errors.

msgspec names the place of a problem as ``$.allies[...].stance``; this module follows that path
through the data to name the dict key (``allies.Hungary.stance``) and rewrites the message as
what was expected ("expected one of support, oppose, ...; did you mean 'oppose'?").
"""

from __future__ import annotations

import functools
import math
import re
import types
import typing
from typing import Any

import msgspec

from natosim._engine.schema import ScenarioDoc
from natosim.errors import _SHOWN, NatosimError, did_you_mean, shown

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_TYPE_WORDS = {
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "date": "a date (YYYY-MM-DD)",
    "datetime": "a date-time",
    "time": "a time",
    "object": "a table",
    "array": "an array",
    "null": "nothing",
}


# What the entries of a table or array are called in "expected at most N ..." messages.
_ENTRIES = {
    "members": "members",
    "allies": "allies",
    "candidates": "candidates",
    "influence": "influence edges",
    "deals": "deals",
    "events": "events",
    "focal_dates": "dates",
}


def key_path(parts: list[str | int]) -> str:
    """Render a key path the way TOML spells it: ``allies."United States".stance``, ``events[2]``.

    A key longer than a message shows whole is shortened (see :func:`shown`); no real key is.
    """
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p + 1}]"
        else:
            p = p if len(p) <= _SHOWN else shown(p)
            seg = p if _BARE_KEY.match(p) else '"' + p.replace('"', '\\"') + '"'
            out += f".{seg}" if out else seg
    return out


def _field_type(tp: Any, name: str) -> Any:
    """The type of field ``name`` of a struct, or of the struct alternative of a union (``"nato" | BodyDoc``)."""
    for alt in typing.get_args(tp) if typing.get_origin(tp) in (typing.Union, types.UnionType) else (tp,):
        if isinstance(alt, type) and issubclass(alt, msgspec.Struct):
            for f in msgspec.structs.fields(alt):
                if f.encode_name == name:
                    return f.type
    return Any


def _strip(tp: Any) -> Any:
    """Remove Annotated and Optional wrappers."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _locate(obj: Any, tp: Any, segments: list[str]) -> tuple[list[str | int], Any]:
    """Follow msgspec's path (``.allies``, ``[...]``, ``[3]``) through the data, naming dict keys."""
    parts: list[str | int] = []
    for seg in segments:
        tp = _strip(tp)
        if seg.startswith("."):
            name = seg[1:]
            parts.append(name)
            obj = obj.get(name) if isinstance(obj, dict) else None
            tp = _field_type(tp, name)
        elif seg == "[...]" and isinstance(obj, dict):
            tp = _table(tp)
            value_tp = typing.get_args(tp)[1] if typing.get_origin(tp) is dict else Any
            bad = next((k for k, v in obj.items() if not _converts(v, value_tp)), None)
            if bad is None:
                break
            parts.append(bad)
            obj, tp = obj[bad], value_tp
        else:
            index = int(seg[1:-1]) if seg[1:-1].isdigit() else 0
            parts.append(index)
            obj = obj[index] if isinstance(obj, list) and index < len(obj) else None
            tp = _strip(tp)
            tp = typing.get_args(tp)[0] if typing.get_origin(tp) is list else Any
    return parts, tp


def _table(tp: Any) -> Any:
    """The ``dict[...]`` alternative of a union such as ``float | dict[str, float]`` (else ``tp`` as it is)."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        tp = next((a for a in typing.get_args(tp) if typing.get_origin(_strip(a)) is dict), tp)
    return _strip(tp)


def _converts(value: Any, tp: Any) -> bool:
    try:
        msgspec.convert(value, tp)
    except msgspec.ValidationError:
        return False
    return True


def _choices(tp: Any) -> list[str]:
    tp = _strip(tp)
    if typing.get_origin(tp) is typing.Literal:
        return [str(a) for a in typing.get_args(tp)]
    out: list[str] = []
    for arg in typing.get_args(tp):
        out.extend(_choices(arg))
    return out


def explain(
    error: msgspec.ValidationError, raw: Any, path: str, *, root: Any = ScenarioDoc, at: tuple[str | int, ...] = ()
) -> NatosimError:
    """The one-line error for a validation error of ``raw``: a parsed scenario file, or (``root=RuleDoc``) a ``--rule`` table.

    ``raw`` may also be a part of a file, of type ``root``, at key path ``at`` (the place every message names).
    """
    text = str(error)
    message, _, inside = text.partition(" - at `$")
    if key_error := re.fullmatch(r"(.*) - at `key` in `\$(.*)`", text):
        return _bad_key(key_error.group(1), key_error.group(2), raw, path, root=root, at=at)
    segments = re.findall(r"\.[^.\[`]+|\[[^\]]*\]", inside.rstrip("`"))
    found, tp = _locate(raw, root, segments)
    value = _get(raw, found)
    parts = [*at, *found]
    where = key_path(parts)
    if m := re.match(r"Object contains unknown field `(.+)`", message):
        key = m.group(1)
        struct = _struct(tp)
        known = [f.encode_name for f in msgspec.structs.fields(struct)] if struct else []
        hint = did_you_mean(key, known)
        return NatosimError(
            f"unknown key '{shown(key)}'; expected one of {', '.join(known)}{hint}", file=path, where=key_path([*parts, key])
        )
    if m := re.match(r"Object missing required field `(.+)`", message):
        return NatosimError(f"missing required key '{m.group(1)}'", file=path, where=key_path([*parts, m.group(1)]))
    if m := re.match(r"Invalid enum value (.+)", message):
        choices = _choices(tp)
        table = " or a table" if _struct(tp) else ""
        got = shown(value) if isinstance(value, str) else m.group(1)
        return NatosimError(
            f"expected one of {', '.join(choices)}{table}; got '{got}'" + did_you_mean(got, choices),
            file=path,
            where=where,
        )
    if m := re.match(r"Expected `(.+?)`, got `(.+?)`", message):
        wanted = " or ".join(_TYPE_WORDS.get(w.strip(), w.strip()) for w in m.group(1).split("|") if w.strip() != "null")
        choices = _choices(tp)
        if choices:
            wanted = "one of " + ", ".join(choices) + (" or a table" if "object" in m.group(1) else "")
        return NatosimError(f"expected {wanted}, got {_TYPE_WORDS.get(m.group(2), m.group(2))}", file=path, where=where)
    if m := re.match(r"Expected `(\w+)` of length ([<>]=) (\d+)", message):
        return NatosimError(_length_message(m.group(1), m.group(2), int(m.group(3)), value, parts), file=path, where=where)
    if isinstance(value, float) and not math.isfinite(value):
        return NatosimError(f"expected a finite number{_range(tp)}; got {value}", file=path, where=where)
    if m := re.match(r"Expected `(\w+)` (.+)", message):
        bound = m.group(2).replace(".0", "") if m.group(2).endswith(".0") else m.group(2)
        return NatosimError(f"expected {_TYPE_WORDS.get(m.group(1), m.group(1))} {bound}", file=path, where=where)
    if message.startswith("Invalid RFC3339 encoded date"):
        return NatosimError("expected a real calendar day, YYYY-MM-DD", file=path, where=where)
    return NatosimError(message[:1].lower() + message[1:], file=path, where=where or None)


def _bad_key(message: str, inside: str, raw: Any, path: str, *, root: Any, at: tuple[str | int, ...]) -> NatosimError:
    """A table key msgspec refuses (a member code, an overlong name), named with the key itself."""
    found, tp = _locate(raw, root, re.findall(r"\.[^.\[`]+|\[[^\]]*\]", inside))
    container = _get(raw, found)
    table = _table(_strip(tp))
    key_tp = typing.get_args(table)[0] if typing.get_origin(table) is dict else str
    bad = next((k for k in container if not _converts(k, key_tp)), None) if isinstance(container, dict) else None
    parts = [*at, *found]
    where = key_path([*parts, bad] if bad is not None else parts)
    if m := re.match(r"Expected `str` of length <= (\d+)", message):
        got = f"; got {len(bad)}" if bad is not None else ""
        return NatosimError(f"expected a name of at most {m.group(1)} characters{got}", file=path, where=where)
    return NatosimError(f"bad member code '{shown(str(bad))}'; expected 2-8 letters or digits", file=path, where=where)


def _length_message(kind: str, op: str, limit: int, value: Any, parts: list[str | int]) -> str:
    got = len(value) if isinstance(value, (str, list, dict)) else None
    if kind == "str":
        noun = "characters"
    else:
        last = next((p for p in reversed(parts) if isinstance(p, str)), "")
        noun = _ENTRIES.get(last, "entries")
    if op == ">=":
        return f"expected at least {'one ' + noun.removesuffix('s') if limit == 1 else f'{limit} {noun}'}; got {got or 'none'}"
    return f"expected at most {limit} {noun}" + (f"; got {got}" if got is not None else "")


def _range(tp: Any) -> str:
    """`` in (0, 1000000000]`` for a number type with bounds (the first bounded alternative of a union), else ``""``."""
    while typing.get_origin(tp) in (typing.Union, types.UnionType):
        tp = next((a for a in typing.get_args(tp) if typing.get_origin(a) is typing.Annotated), typing.get_args(tp)[0])
    if typing.get_origin(tp) is not typing.Annotated:
        return ""
    meta = next((m for m in typing.get_args(tp)[1:] if isinstance(m, msgspec.Meta)), None)
    if meta is None:
        return ""
    low = f"({_number(meta.gt)}" if meta.gt is not None else (f"[{_number(meta.ge)}" if meta.ge is not None else None)
    high = f"{_number(meta.le)}]" if meta.le is not None else (f"{_number(meta.lt)})" if meta.lt is not None else None)
    if low and high:
        return f" in {low}, {high}"
    if low:
        return f" {'>' if meta.gt is not None else '>='} {low[1:]}"
    return f" {'<=' if meta.le is not None else '<'} {high[:-1]}" if high else ""


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _struct(tp: Any) -> Any:
    """The struct ``tp`` is, or the struct alternative of a union such as ``"nato" | BodyDoc`` (else ``None``)."""
    tp = _strip(tp)
    for alt in typing.get_args(tp) if typing.get_origin(tp) in (typing.Union, types.UnionType) else (tp,):
        if _is_struct(alt):
            return alt
    return None


def _get(raw: Any, parts: list[str | int]) -> Any:
    for p in parts:
        in_list = isinstance(raw, list) and isinstance(p, int) and p < len(raw)
        raw = raw.get(p) if isinstance(raw, dict) else (raw[p] if in_list else None)
    return raw


def _is_struct(tp: Any) -> bool:
    tp = _strip(tp)
    return isinstance(tp, type) and issubclass(tp, msgspec.Struct)


class _Dropped:
    """What :func:`collect` puts for a part that failed: the part is left out of the repaired data."""

    def __repr__(self) -> str:
        return "DROPPED"


DROPPED: Any = _Dropped()
"""The repaired form of a part that failed validation (see :func:`collect`)."""


class Enough(Exception):
    """Raised by :meth:`Problems.append` once the list holds its limit: no more problems are looked for."""


class Problems(list[NatosimError]):
    """A list of problems that stops the search (:class:`Enough`) at ``limit`` of them; ``limit=1`` stops at the first."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        """Most problems looked for."""

    def append(self, error: NatosimError) -> None:
        """Add ``error``; raise :class:`Enough` when the limit is reached."""
        super().append(error)
        if len(self) >= self.limit:
            raise Enough


def collect(value: Any, tp: Any, path: str, found: Problems, at: tuple[str | int, ...] = ()) -> Any:
    """Add to ``found`` every independent validation problem of ``value`` against ``tp`` (at key path ``at``); return a repaired value.

    msgspec stops at its first error, so tables and arrays are checked key by key and entry by
    entry, each struct field on its own. The repaired value keeps what is valid and leaves out
    (:data:`DROPPED`) every failing field, table entry and array entry; a struct that misses a
    required field is itself :data:`DROPPED`. Raises :class:`Enough` when ``found`` is full.
    """
    try:
        msgspec.convert(value, tp)
        return value
    except msgspec.ValidationError as e:
        first = e
    inner = _strip(tp)
    struct = _struct(inner) if isinstance(value, dict) else None
    if struct is not None:
        return _collect_struct(value, struct, path, found, at)
    if " - at `" in str(first):  # the container itself (its type, its length) is fine: look inside
        table = _table(inner) if isinstance(value, dict) else None
        if table is not None and typing.get_origin(table) is dict:
            return _collect_table(value, table, path, found, at)
        if isinstance(value, list) and typing.get_origin(inner) is list:
            (item_tp,) = typing.get_args(inner)
            return [collect(item, item_tp, path, found, (*at, i)) for i, item in enumerate(value)]
    found.append(explain(first, value, path, root=tp, at=at))
    return DROPPED


@functools.cache
def _fields(struct: Any) -> dict[str, msgspec.structs.FieldInfo]:
    """The fields of a struct by their name in the file (msgspec works them out anew at each call)."""
    return {f.encode_name: f for f in msgspec.structs.fields(struct)}


def _collect_struct(value: dict[str, Any], struct: Any, path: str, found: Problems, at: tuple[str | int, ...]) -> Any:
    fields = _fields(struct)
    fixed: dict[str, Any] = {}
    for key, v in value.items():
        if key not in fields:
            hint = did_you_mean(key, fields)
            found.append(
                NatosimError(
                    f"unknown key '{shown(key)}'; expected one of {', '.join(fields)}{hint}", file=path, where=key_path([*at, key])
                )
            )
            continue
        part = collect(v, fields[key].type, path, found, (*at, key))
        if part is not DROPPED:
            fixed[key] = part
    for name, f in fields.items():
        if f.required and name not in value:
            found.append(NatosimError(f"missing required key '{name}'", file=path, where=key_path([*at, name])))
    broken = any(f.required and name not in fixed for name, f in fields.items())
    return DROPPED if broken else fixed


def _collect_table(value: dict[Any, Any], table: Any, path: str, found: Problems, at: tuple[str | int, ...]) -> Any:
    key_tp, value_tp = typing.get_args(table)
    keys: Any = dict[key_tp, Any]  # type: ignore[valid-type]
    fixed: dict[Any, Any] = {}
    for key, v in value.items():
        try:
            msgspec.convert({key: v}, keys)
        except msgspec.ValidationError as e:
            found.append(explain(e, {key: v}, path, root=keys, at=at))
            continue
        part = collect(v, value_tp, path, found, (*at, key))
        if part is not DROPPED:
            fixed[key] = part
    return fixed
