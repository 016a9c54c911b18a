"""The one place errors are shown: every error that reaches the outside world is one line on stderr and exit 2."""

# No `from __future__ import annotations` here: typer evaluates the annotations of what commands share at
# start-up (see natosim/cli/app.py).

import enum
import errno
import functools
import io
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

import typer

from natosim.cli.output import BROKEN_PIPE, _quiet_stdout, describe
from natosim.errors import NatosimError


def _is_help(error: Exception) -> bool:
    """Whether a usage error is the help shown for a command given without arguments (``no_args_is_help``)."""
    return isinstance(error, getattr(click_errors(), "NoArgsIsHelpError", ()))


_EXPECTED = {
    "int_parsing": "an integer",
    "int_from_float": "an integer",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "bool_parsing": "true or false",
}


_BOUNDS = {"greater_than_equal": (">=", "ge"), "greater_than": (">", "gt"), "less_than_equal": ("<=", "le"), "less_than": ("<", "lt")}


def _option_name(param: Any) -> str:
    """How the command line spells a parameter: its long option (``--trials``) or, for an argument, its name in capitals."""
    opts = [o for o in getattr(param, "opts", None) or () if isinstance(o, str)]
    if getattr(param, "param_type_name", "") == "argument" or not any(o.startswith("-") for o in opts):
        name = getattr(param, "metavar", None) or getattr(param, "name", None) or "argument"
        return str(name).upper()
    return max(opts, key=lambda o: (o.startswith("--"), len(o)))


def _expectation(error: Exception) -> tuple[str, Any, str]:
    """What a bad option value should have been, the value typed (``None`` if unknown) and a did-you-mean hint."""
    from natosim.errors import did_you_mean
    from natosim.render.safe import clean

    cause = error.__cause__
    details = getattr(cause, "errors", None)
    first: dict[str, Any] = details()[0] if callable(details) and details() else {}
    kind, got = first.get("type", ""), first.get("input")
    is_int = kind.startswith("int") or (first.get("ctx") and all(isinstance(v, int) for v in first["ctx"].values()))
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}", got, ""
    if kind in _BOUNDS:
        op, key = _BOUNDS[kind]
        bound = (first.get("ctx") or {}).get(key)
        shown_bound = f"{bound:g}" if isinstance(bound, float) else str(bound)
        return f"expected {'an integer' if is_int else 'a number'} {op} {shown_bound}", got, ""
    kind_of = getattr(getattr(getattr(error, "param", None), "type_descriptor", None), "annotation", None)
    if isinstance(kind_of, type) and issubclass(kind_of, enum.Enum):  # a closed set: its choices, from the type itself
        choices = [str(c.value) for c in kind_of]
        return f"expected one of {', '.join(choices)}", got, did_you_mean(str(got), choices) if got is not None else ""
    cause_error = (first.get("ctx") or {}).get("error")
    message = str(cause_error) if cause_error is not None else str(getattr(error, "message", "") or first.get("msg", ""))
    message = re.sub(r"^(Value error|Input should be), ?", "", clean(message)).rstrip(".")  # pydantic's own wording, last resort
    return (f"expected {message}" if message else "expected a valid value"), got, ""


def click_errors() -> Any:
    """The parser's exception classes: typer's own copy of click (typer >= 0.22 vendors it), else click's."""
    try:
        from typer._click import exceptions
    except ImportError:  # an older typer, on click itself
        import click.exceptions as exceptions  # type: ignore[import-not-found, no-redef, unused-ignore]
    return exceptions


def _extra_arguments() -> type[Exception]:
    """:class:`UnexpectedArguments`, made on first use from the parser's own usage error class."""
    return _extra_class(click_errors().UsageError)


@functools.cache
def _extra_class(base: type[Exception]) -> type[Exception]:
    class UnexpectedArguments(base):  # type: ignore[valid-type, misc]
        """Words left over after a command's arguments and options (natosim's own, so it is known by its class)."""

        def __init__(self, words: Sequence[str], ctx: Any) -> None:
            self.words = tuple(words)
            super().__init__(f"unexpected extra argument(s) {' '.join(words)}", ctx)

    return UnexpectedArguments


def _unknown_command() -> type[Exception]:
    """:class:`UnknownCommand`, made on first use from the parser's own usage error class."""
    return _unknown_class(click_errors().UsageError)


@functools.cache
def _unknown_class(base: type[Exception]) -> type[Exception]:
    class UnknownCommand(base):  # type: ignore[valid-type, misc]
        """A command name the group does not have (natosim's own, so it is known by its class)."""

        def __init__(self, name: str, ctx: Any) -> None:
            self.name = name
            super().__init__(f"no such command {name}", ctx)

    return UnknownCommand


def extra_arguments(words: Sequence[str], ctx: Any) -> Exception:
    """The usage error for ``words`` left over after a command's arguments."""
    return _extra_arguments()(words, ctx)


def unknown_command(name: str, ctx: Any) -> Exception:
    """The usage error for the command ``name`` the group does not have."""
    return _unknown_command()(name, ctx)


def usage_line(error: Exception, argv: Sequence[str] | None = None) -> str:
    """A parser usage error as natosim's one line: ``natosim: error: --trials: expected an integer; got 'x' (see ... --help)``.

    Dispatched on the parser's exception classes (:func:`click_errors`, and natosim's own
    :func:`unknown_command` and :func:`extra_arguments`), never on the English of its messages;
    ``argv`` (default: the process's) are the words typed.
    """
    from natosim.errors import did_you_mean, shown
    from natosim.render.safe import clean

    kinds = click_errors()
    ctx = getattr(error, "ctx", None)
    command = getattr(ctx, "command_path", None) or "natosim"
    params = getattr(getattr(ctx, "command", None), "params", ())
    where: str | None = None
    if isinstance(error, kinds.MissingParameter) and error.param is not None:
        where, text = _option_name(error.param), "missing; expected a value"
        if getattr(error.param, "param_type_name", "") == "argument" and getattr(error.param, "nargs", 1) == -1:
            text = "missing; expected at least one"
    elif isinstance(error, kinds.BadParameter) and error.param is not None:
        where = _option_name(error.param)
        text, got, hint = _expectation(error)
        if got is not None:
            text += f"; got '{shown(str(got))}'"
        text += hint
    elif isinstance(error, kinds.NoSuchOption):
        where = error.option_name
        options = sorted(o for p in params for o in (*getattr(p, "opts", ()), *getattr(p, "secondary_opts", ())) if o.startswith("-"))
        text = "no such option" + did_you_mean(error.option_name, options)
    elif isinstance(error, kinds.BadOptionUsage):
        # the parser says this of an option that awaits its value at the end of the line, or of a flag given a
        # value as --flag=VALUE (the one way a flag can get one): the words typed tell which
        where = error.option_name
        given = any(word.startswith(f"{error.option_name}=") for word in (sys.argv[1:] if argv is None else argv))
        text = "does not take a value" if given else "expected a value after it"
    elif isinstance(error, _unknown_command()):
        commands = sorted(getattr(getattr(ctx, "command", None), "commands", {}) or ())
        name = getattr(error, "name", "")
        text = f"no such command '{shown(name)}'; expected one of {', '.join(commands)}" + did_you_mean(name, commands)
    elif isinstance(error, _extra_arguments()):
        text = f"unexpected extra argument(s) '{shown(' '.join(getattr(error, 'words', ())))}'"
    else:  # another usage error of the parser: its own words, on one line
        message = clean(str(getattr(error, "message", "") or error))
        text = message[:1].lower() + message[1:].rstrip(".")
    line = str(NatosimError(text, where=where))
    return f"natosim: error: {line} (see {clean(command)} --help)"


class _CleanStderr:
    """Standard error for click's usage messages: control characters and escape sequences removed."""

    def write(self, text: str) -> int:
        from natosim.render.safe import clean

        if text:
            say(clean(text).removesuffix("\n"))
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


@contextmanager
def boundary(params: Callable[[], Sequence[Any]] | None = None) -> Iterator[None]:
    """Turn every error that reaches the outside world into one line ``natosim: error: ...`` and exit 2.

    :class:`NatosimError` (bad input, and write errors named by :func:`emit`; one about a library parameter
    named by the option of ``params()``, the invoked command's click parameters: see :func:`placed`), any
    other :class:`OSError` (a closed standard input...) and :class:`UnicodeError`; a broken pipe exits
    quietly with :data:`BROKEN_PIPE`.
    """
    try:
        yield
    except NatosimError as e:
        fail(placed(e, params() if params is not None else ()))
    except BrokenPipeError:
        _quiet_stdout()
        raise typer.Exit(BROKEN_PIPE) from None
    except OSError as e:
        where = str(e.filename) if e.filename is not None else None
        fail(NatosimError(describe(e), file=where))
    except (UnicodeEncodeError, UnicodeDecodeError) as e:
        fail(NatosimError(f"cannot encode or decode text: {e.reason}"))


_CALLED = {
    "cascade": "no_cascade",
    "with_cascade": "no_cascade",
    "withdrawals": "no_withdrawals",
    "copy_of": "from_",
    "rules": "rule",
    "source": "folder",
    "limit": "max_paths",
}
"""Library parameters whose command-line parameter is named otherwise (where the command has no parameter of the same name)."""


def _click_param(name: str, params: Sequence[Any]) -> Any:
    """The click parameter for the library parameter ``name``: the one of that name, else of its name in :data:`_CALLED`."""
    by_name = {getattr(p, "name", None): p for p in params}
    return by_name.get(name, by_name.get(_CALLED.get(name, "")))


def placed(error: NatosimError, params: Sequence[Any]) -> NatosimError:
    """``error`` placed on the command line: the option its library parameter comes from (``--flip``, with the item
    meant for a repeatable option: ``--flip Hungry``), or for an argument (SCENARIO, FILE) the file alone; the
    parameters its message mentions called by their options too. Unchanged when the command has no such parameter."""
    calls = {m: _option_name(p) for m in error.mentions if (p := _click_param(m, params)) is not None}
    param = _click_param(error.param, params) if error.param is not None else None
    if param is None:
        return error.placed(file=error.file, where=error.where, calls=calls) if calls else error
    if getattr(param, "param_type_name", "") == "argument":
        return error.placed(file=error.file, where=None, calls=calls)
    flag = _option_name(param)
    where = f"{flag} {error.item}" if error.item is not None and getattr(param, "multiple", False) else flag
    where += error.within
    return error.placed(file=None, where=where, calls=calls)


class _ClosedInput(io.RawIOBase):
    """Standard input when the process started with it closed (``natosim run - <&-``): reading is an OS error."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise OSError(errno.EBADF, f"cannot read: {os.strerror(errno.EBADF)} (standard input is closed)", "<stdin>")


def guard_streams() -> None:
    """Stand-ins for standard streams closed at start-up, so that each failure is one line (or a silent one)."""
    if sys.stdin is None:
        sys.stdin = io.TextIOWrapper(io.BufferedReader(_ClosedInput()))
    if sys.stderr is None:  # messages are lost, exit codes are not
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115  (lives as long as the process)


def say(line: str) -> None:
    """Write one line to stderr; never fails (a closed or full stderr loses the line, not the exit code)."""
    try:
        if sys.stderr is not None:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()
    except (OSError, ValueError):
        pass


def fail(error: NatosimError) -> NoReturn:
    """Print the error as one line on stderr and exit with code 2."""
    say(f"natosim: error: {error}")
    raise typer.Exit(2)


@contextmanager
def engine_errors(file: str | None) -> Iterator[None]:
    """Name the scenario ``file`` as the place of an engine's errors that name none (not those about a parameter:
    the boundary names their option)."""
    try:
        yield
    except NatosimError as e:
        if e.param is not None or (e.where or "").startswith("--"):  # an option's error: the option is its place
            raise
        raise e.located(file=file) from None
