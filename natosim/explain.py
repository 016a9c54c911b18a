"""Turning msgspec's validation messages into natosim's one-line errors.

msgspec names the place of a problem as ``$.allies[...].stance``; this module follows that path
through the data to name the dict key (``allies.Hungary.stance``) and rewrites the message as
what was expected ("expected one of support, oppose, ...; did you mean 'oppose'?").
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any

import msgspec

from natosim.errors import NatosimError, did_you_mean
from natosim.schema import ScenarioDoc

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


def key_path(parts: list[str | int]) -> str:
    """Render a key path the way TOML spells it: ``allies."United States".stance``, ``events[2]``."""
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p + 1}]"
        else:
            seg = p if _BARE_KEY.match(p) else '"' + p.replace('"', '\\"') + '"'
            out += f".{seg}" if out else seg
    return out


def _field_type(tp: Any, name: str) -> Any:
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        for f in msgspec.structs.fields(tp):
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
            tp = typing.get_args(tp)[0] if typing.get_origin(tp) is list else Any
    return parts, tp


def _table(tp: Any) -> Any:
    """The ``dict[...]`` alternative of a union such as ``float | dict[str, float]`` (else ``tp`` as it is)."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return next((a for a in typing.get_args(tp) if typing.get_origin(a) is dict), tp)
    return tp


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


def explain(error: msgspec.ValidationError, raw: dict[str, Any], path: str) -> NatosimError:
    text = str(error)
    message, _, at = text.partition(" - at `$")
    if key_error := re.fullmatch(r"Expected `str` matching regex .* - at `key` in `\$(.*)`", text):
        inner = re.findall(r"\.[^.\[`]+|\[[^\]]*\]", key_error.group(1))
        parts, tp = _locate(raw, ScenarioDoc, inner)
        container = _get(raw, parts)
        bad = next((k for k in container if not re.fullmatch(r"[A-Za-z0-9]{2,8}", str(k))), None) if isinstance(container, dict) else None
        return NatosimError(
            f"bad member code '{bad}'; expected 2-8 letters or digits", file=path, where=key_path([*parts, bad] if bad else parts)
        )
    segments = re.findall(r"\.[^.\[`]+|\[[^\]]*\]", at.rstrip("`"))
    parts, tp = _locate(raw, ScenarioDoc, segments)
    if m := re.match(r"Object contains unknown field `(.+)`", message):
        key = m.group(1)
        known = [f.encode_name for f in msgspec.structs.fields(_strip(tp))] if _is_struct(tp) else []
        where = key_path([*parts, key])
        return NatosimError(f"unknown key '{key}'; expected one of {', '.join(known)}{did_you_mean(key, known)}", file=path, where=where)
    if m := re.match(r"Object missing required field `(.+)`", message):
        return NatosimError(f"missing required key '{m.group(1)}'", file=path, where=key_path([*parts, m.group(1)]))
    if m := re.match(r"Invalid enum value (.+)", message):
        choices = _choices(tp)
        table = " or a table" if any(_is_struct(a) for a in typing.get_args(_strip(tp))) else ""
        return NatosimError(
            f"expected one of {', '.join(choices)}{table}; got {m.group(1)}" + did_you_mean(m.group(1).strip("'\""), choices),
            file=path,
            where=key_path(parts),
        )
    if m := re.match(r"Expected `(.+?)`, got `(.+?)`", message):
        wanted = " or ".join(_TYPE_WORDS.get(w.strip(), w.strip()) for w in m.group(1).split("|") if w.strip() != "null")
        choices = _choices(tp)
        if choices:
            wanted = "one of " + ", ".join(choices) + (" or a table" if "object" in m.group(1) else "")
        return NatosimError(f"expected {wanted}, got {_TYPE_WORDS.get(m.group(2), m.group(2))}", file=path, where=key_path(parts))
    if m := re.match(r"Expected `(\w+)` (.+)", message):
        bound = m.group(2).replace(".0", "") if m.group(2).endswith(".0") else m.group(2)
        return NatosimError(f"expected {_TYPE_WORDS.get(m.group(1), m.group(1))} {bound}", file=path, where=key_path(parts))
    if message.startswith("Invalid RFC3339 encoded date"):
        return NatosimError("expected a real calendar day, YYYY-MM-DD", file=path, where=key_path(parts))
    return NatosimError(message[:1].lower() + message[1:], file=path, where=key_path(parts) or None)


def _get(raw: Any, parts: list[str | int]) -> Any:
    for p in parts:
        in_list = isinstance(raw, list) and isinstance(p, int) and p < len(raw)
        raw = raw.get(p) if isinstance(raw, dict) else (raw[p] if in_list else None)
    return raw


def _is_struct(tp: Any) -> bool:
    tp = _strip(tp)
    return isinstance(tp, type) and issubclass(tp, msgspec.Struct)
