"""The one error type natosim raises for bad input; the CLI renders it once, as one line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping


class NatosimError(Exception):
    """Bad input: a scenario, an option or a name that natosim cannot use.

    ``str(error)`` is one line: ``FILE: PLACE: what was expected``, where the file and the
    place are left out when unknown.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        where: str | None = None,
        param: str | None = None,
        item: str | None = None,
        within: str = "",
        mentions: Iterable[str] | Mapping[str, str] = (),
    ) -> None:
        called = dict(mentions) if isinstance(mentions, Mapping) else {m: m for m in mentions}
        self.template = message
        """The message as given: with ``{name}`` where it mentions a parameter of :attr:`mentions`."""
        self.mentions: Mapping[str, str] = called
        """The parameters the message mentions in passing (``{flip}``), each with how it is called (``flip``)."""
        self.message = _mention(message, called)
        """What was wrong and what was expected."""
        self.file = file
        """The file (or ``<stdin>``, ``--flip``...) the input came from, if any."""
        self.where = where
        """The place in that file: a dotted key path such as ``allies.Hungary.stance``."""
        self.param = param
        """The library parameter the error is about (``flip``), if it is about one: a caller names it its own way."""
        self.item = item
        """The one item of :attr:`param` meant (the text of one flip, ``Hungry``), if one is."""
        self.within = within
        """The place inside :attr:`param`'s value with its separator (`` quota``, ``: weight``), written after the parameter."""
        super().__init__(str(self))

    def __str__(self) -> str:
        # always one line without control characters or escape sequences, never a wall of text
        from natosim.text import one_line  # here: importing it costs natosim --help its regular expressions

        parts = [_shorten(_clip(one_line(p))) for p in (self.file, self.where) if p]
        text = _clip(one_line(self.message))
        return ": ".join([*parts, text])

    def located(self, *, file: str | None = None, where: str | None = None) -> NatosimError:
        """Return a copy that names ``file`` (and ``where``) unless it already names them."""
        return self.placed(file=self.file or file, where=self.where or where)

    def placed(self, *, file: str | None, where: str | None, calls: Mapping[str, str] | None = None) -> NatosimError:
        """A copy at ``file`` and ``where`` (the same parameter and item), its mentions called by ``calls`` (default: as now)."""
        called = {m: (calls or {}).get(m, c) for m, c in self.mentions.items()}
        return NatosimError(self.template, file=file, where=where, param=self.param, item=self.item, within=self.within, mentions=called)

    def about(self, param: str, item: str | None = None, *, within: str = "") -> NatosimError:
        """A copy about the parameter ``param`` (its ``item``, the place ``within`` it), without the place a callee gave it."""
        return NatosimError(self.template, file=self.file, param=param, item=item, within=within, mentions=self.mentions)

    def named(self, function: str) -> NatosimError:
        """A copy placed on :attr:`param` of ``function``: ``what_if(flip=...)`` (unchanged without a parameter)."""
        if self.param is None:
            return self
        return self.placed(file=self.file, where=f"{function}({self.param}=...){self.within}")


def _mention(template: str, called: Mapping[str, str]) -> str:
    """``template`` with each ``{name}`` of ``called`` replaced by how it is called (other braces left as they are)."""
    for name, call in called.items():
        template = template.replace("{" + name + "}", call)
    return template


_LONG = 80
"""Longest run of non-blank characters (a name, a value, a key path) shown whole in a message."""


def _clip(text: str) -> str:
    """Shorten every overlong run of non-blank characters to its start, ``…`` and its last two."""
    return re.sub(rf"\S{{{_LONG + 1},}}", lambda m: f"{m[0][: _LONG - 20]}…({len(m[0])} characters)…{m[0][-2:]}", text)


_PLACE = 160
"""Longest file name or place shown whole in a message (a name of many short words is shortened too)."""


def _shorten(text: str) -> str:
    """A file name or place longer than :data:`_PLACE`: its start, ``…`` and its end."""
    if len(text) <= _PLACE:
        return text
    return f"{text[: _PLACE - 40]}…({len(text)} characters)…{text[-20:]}"


SYNONYMS = {
    "against": "oppose",
    "veto": "oppose",
    "vetoes": "oppose",
    "no": "oppose",
    "block": "oppose",
    "blocks": "oppose",
    "objects": "oppose",
    "for": "support",
    "yes": "support",
    "agree": "support",
    "agrees": "support",
    "abstention": "abstain",
    "abstains": "abstain",
    "neutral": "undecided",
    "unknown": "undecided",
    "silent": "undecided",
    "qmv": "qualified-majority",
    "qm": "qualified-majority",
    "qualified majority": "qualified-majority",
    "unanimous": "unanimity",
    "simple-majority": "majority",
    "simple majority": "majority",
    "veto-power": "security-council",
    "unsc": "security-council",
}
"""Words people write for a choice natosim names otherwise (a stance, a rule): ``did you mean`` offers the choice."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``"; did you mean 'X'?"`` suffix for the closest of ``choices`` (or the choice a usual synonym
    of ``word`` names, see :data:`SYNONYMS`), or ``""``."""
    pool = {c.casefold(): c for c in choices}
    meant = SYNONYMS.get(" ".join(word.casefold().split()))
    if meant is not None and meant in pool:
        return f"; did you mean '{pool[meant]}'?"
    close = difflib.get_close_matches(word.casefold(), list(pool), n=1, cutoff=0.6)
    return f"; did you mean '{pool[close[0]]}'?" if close else ""


_SHOWN = 80
"""Longest user text (a name, a value, a key) shown whole in a message."""


def shown(text: str) -> str:
    """User text as a message shows it: on one line, and shortened to its start, ``…`` and its end when long."""
    flat = " ".join(text.split())
    if len(flat) > _SHOWN:
        flat = f"{flat[: _SHOWN - 20]}…({len(flat)} characters)…{flat[-2:]}"
    return _clip(flat)
