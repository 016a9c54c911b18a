"""The typer application, its shared options, and the one place where errors are shown.

Commands live in sibling modules and register themselves on :data:`app`. A command parses
its options, calls the library, picks the renderer and writes the result: nothing else.
"""

# No `from __future__ import annotations` here: typer evaluates every command's annotations at
# start-up, and real objects cost it 4 ms instead of 11 ms for 15 commands (benchmarks/startup.py).

import errno
import io
import os
import re
import shutil
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from natosim import __version__
from natosim.errors import NatosimError
from natosim.render.formats import Format

BROKEN_PIPE = 141
"""Exit code when the reader of standard output went away (``natosim run | head -1``): 128 + SIGPIPE, as a
program killed by SIGPIPE reports it in the shell. Nothing is printed."""


class _Group(TyperGroup):
    """The one error boundary: every command's errors end as one line on stderr and exit 2 (see :func:`boundary`)."""

    def invoke(self, ctx: Any) -> Any:
        with boundary():
            return super().invoke(ctx)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's standalone handling, with the boundary around it and usage errors shown without control characters."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            with boundary():  # also what happens outside a command: `natosim --help > /dev/full`
                rv = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except typer.Exit as e:
            sys.exit(e.exit_code)
        except typer.Abort:
            say("Aborted!")
            sys.exit(1)
        except Exception as e:
            show, code = getattr(e, "show", None), getattr(e, "exit_code", None)
            if not (callable(show) and isinstance(code, int)):
                raise
            if _is_help(e):
                show(file=_CleanStderr())  # `natosim` alone: the help, on stderr
                sys.exit(code)
            say(usage_line(e))  # a usage error of the parser (typer's own click): one line too
            sys.exit(2)
        sys.exit(rv if isinstance(rv, int) else 0)


def _is_help(error: Exception) -> bool:
    """Whether a usage error is the help shown for a command given without arguments (``no_args_is_help``)."""
    ctx = getattr(error, "ctx", None)
    get_help = getattr(ctx, "get_help", None)
    return callable(get_help) and getattr(error, "message", None) == get_help()


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
    message = str(getattr(error, "message", "") or first.get("msg", ""))
    if m := re.search(r"is not one of (.*?)\.?$", message):
        choices = [c.strip().strip("'\"") for c in m.group(1).split(",")]
        return f"expected one of {', '.join(choices)}", got, did_you_mean(str(got), choices) if got is not None else ""
    message = re.sub(r"^(Value error|Input should be), ?", "", clean(message)).rstrip(".")
    return (f"expected {message}" if message else "expected a valid value"), got, ""


def usage_line(error: Exception) -> str:
    """A parser usage error as natosim's one line: ``natosim: error: --trials: expected an integer; got 'x' (see ... --help)``.

    Typer vendors click and exposes no stable names for its exception classes, so they are read
    by their attributes: ``param`` (a bad or missing value), ``option_name`` (an unknown option,
    an option without its value), else the message itself (an unknown command, extra arguments).
    """
    from natosim.errors import did_you_mean, shown
    from natosim.render.safe import clean

    ctx = getattr(error, "ctx", None)
    command = getattr(ctx, "command_path", None) or "natosim"
    param = getattr(error, "param", None)
    option = getattr(error, "option_name", None)
    message = clean(str(getattr(error, "message", "") or error))
    where: str | None = None
    if param is not None and (message.startswith("Missing") or not message):
        where, text = _option_name(param), "missing; expected a value"
        if getattr(param, "param_type_name", "") == "argument":
            text = "missing; expected at least one" if getattr(param, "nargs", 1) == -1 else "missing; expected a value"
    elif param is not None:
        where = _option_name(param)
        text, got, hint = _expectation(error)
        if got is not None:
            text += f"; got '{shown(str(got))}'"
        text += hint
    elif isinstance(option, str):
        where = option
        if "requires an argument" in message:
            text = "expected a value after it"
        elif not hasattr(error, "possibilities"):  # another misuse of a known option ("does not take a value")
            text = re.sub(r"^Option '[^']*' ", "", message).rstrip(".")
            text = text[:1].lower() + text[1:]
        else:
            params = getattr(getattr(ctx, "command", None), "params", ())
            options = sorted(o for p in params for o in (*getattr(p, "opts", ()), *getattr(p, "secondary_opts", ())) if o.startswith("-"))
            text = "no such option" + did_you_mean(option, options)
    elif m := re.match(r"No such command '([^']*)'", message):
        commands = sorted(getattr(getattr(ctx, "command", None), "commands", {}) or ())
        text = f"no such command '{shown(m.group(1))}'; expected one of {', '.join(commands)}" + did_you_mean(m.group(1), commands)
    elif m := re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", message):
        text = f"unexpected extra argument(s) '{shown(m.group(1))}'"
    else:
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


def describe(error: OSError) -> str:
    """``cannot write: No space left on device``-style text for an OS error."""
    return error.strerror or os.strerror(error.errno or 0) or type(error).__name__


@contextmanager
def boundary() -> Iterator[None]:
    """Turn every error that reaches the outside world into one line ``natosim: error: ...`` and exit 2.

    :class:`NatosimError` (bad input, and write errors named by :func:`emit`), any other :class:`OSError`
    (a closed standard input...) and :class:`UnicodeError`; a broken pipe exits quietly with
    :data:`BROKEN_PIPE`.
    """
    try:
        yield
    except NatosimError as e:
        fail(e)
    except BrokenPipeError:
        _quiet_stdout()
        raise typer.Exit(BROKEN_PIPE) from None
    except OSError as e:
        where = str(e.filename) if e.filename is not None else None
        fail(NatosimError(describe(e), file=where))
    except (UnicodeEncodeError, UnicodeDecodeError) as e:
        fail(NatosimError(f"cannot encode or decode text: {e.reason}"))


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


def _version(value: bool) -> None:
    if value:
        emit(f"natosim {__version__}\n", None)
        raise typer.Exit(0)


app = typer.Typer(
    cls=_Group,
    name="natosim",
    help="Who blocks a unanimous decision, and what would produce consensus.\n\nRun `natosim run` for the bundled April 2024 NATO Secretary General scenario.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Who blocks a unanimous decision, and what would produce consensus."""


def complete_scenario(incomplete: str) -> list[str]:
    """Bundled scenario names, then ``*.toml`` files and folders under what has been typed."""
    from natosim import api

    head, sep, _ = incomplete.rpartition("/")
    folder = Path(head + sep) if sep else Path(".")
    try:
        entries = sorted(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        entries = []
    found = [head + sep + p.name + ("/" if p.is_dir() else "") for p in entries if p.is_dir() or p.suffix == ".toml"]
    names = [] if sep else list(api.bundled_names())
    return [n for n in [*names, *found] if n.startswith(incomplete) and not n.rpartition("/")[2].startswith(".")]


def _scenario_ref(ctx: Any) -> str | None:
    """The SCENARIO typed on the command line being completed, if any.

    Click stops parsing at an option that still awaits its value (the one being completed), so a
    SCENARIO typed before it is looked up in the words the shell passes (``COMP_WORDS``).
    """
    ref = ctx.params.get("scenario") if ctx is not None else None
    if ref is not None or ctx is None or "scenario" not in ctx.params:
        return ref if isinstance(ref, str) else None
    import shlex

    try:
        words = shlex.split(os.environ.get("COMP_WORDS", ""))
    except ValueError:
        return None
    words = words[: int(os.environ.get("COMP_CWORD", len(words)))] if os.environ.get("COMP_CWORD", "").isdigit() else words
    takes_value = {o for p in ctx.command.params if not getattr(p, "is_flag", True) for o in p.opts}
    rest = words[words.index(ctx.info_name) + 1 :] if ctx.info_name in words else []
    skip = False
    for word in rest:
        if skip or (word.startswith("-") and word != "-"):
            skip = not skip and word in takes_value
            continue
        return word
    return None


def _completion_scenario(ctx: Any) -> Any:
    """The scenario named on the command line being completed, or ``None`` (nothing usable there)."""
    from natosim import api

    ref = _scenario_ref(ctx)
    if ref == "-":  # never read standard input while completing
        return None
    try:
        return api.load(ref)
    except NatosimError:
        return None


def complete_ally(ctx: typer.Context, incomplete: str) -> list[str]:
    """Ally names and codes: of the scenario on the command line if it loads, else of NATO today."""
    from natosim import api

    found = _completion_scenario(ctx) if _scenario_ref(ctx) is not None else None
    return api.member_names(incomplete, scenario=found)


def complete_flip(ctx: typer.Context, incomplete: str) -> list[str]:
    """``ALLY[=STANCE]``: ally names, then the stances once ``=`` is typed."""
    from natosim.model import Stance

    name, eq, stance = incomplete.partition("=")
    if eq:
        return [f"{name}={s.value}" for s in Stance if s.value.startswith(stance.lower())]
    return complete_ally(ctx, incomplete)


def complete_candidate(ctx: typer.Context, incomplete: str) -> list[str]:
    """Candidate ids of the scenario on the command line (default: the default bundled scenario)."""
    found = _completion_scenario(ctx)
    return [c.id for c in found.candidates if c.id.startswith(incomplete)] if found is not None else []


COMPLETERS: Mapping[str, Any] = MappingProxyType(
    {
        "--flip": complete_flip,
        "--exclude": complete_ally,
        "--candidate": complete_candidate,
        "--withdraw": complete_candidate,
    }
)
"""Shell completion by option name; the shared option types below use it, so every command that has one of
these options completes it the same way."""


ScenarioArg = Annotated[
    str | None,
    typer.Argument(
        help="Scenario file, '-' for standard input, or a bundled scenario name (default: rutte-2024-04).",
        autocompletion=complete_scenario,
        show_default=False,
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Allow --output to overwrite an existing file.")]
CandidateOpt = Annotated[
    str | None,
    typer.Option(
        "--candidate", "-c", help="Candidate id (default: the first still in the race).", autocompletion=COMPLETERS["--candidate"]
    ),
]
FlipOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--flip",
        help="ALLY[=STANCE]: set a stance (default support); repeatable, or several separated by commas.",
        autocompletion=COMPLETERS["--flip"],
    ),
]
WithdrawOpt = Annotated[
    list[str] | None,
    typer.Option("--withdraw", help="Candidate id that leaves the race; repeatable.", autocompletion=COMPLETERS["--withdraw"]),
]
ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option("--exclude", help="An ally that cannot be moved; repeatable.", autocompletion=COMPLETERS["--exclude"]),
]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at", help="The scenario as it stood on this date (YYYY-MM-DD, or 'latest': its last event): its events up to that day applied."
    ),
]
RuleOpt = Annotated[
    str | None,
    typer.Option(
        "--rule",
        help="Override the rule: unanimity, consensus, majority, qualified-majority, security-council, constructive-abstention, or quota=Q[,weight=W,min_members=M,blocking_min=B].",
    ),
]
NoCascadeOpt = Annotated[bool, typer.Option("--no-cascade", help="Do not let allies follow their influencers.")]


@contextmanager
def engine_errors(file: str | None, options: Mapping[str, str] | None = None) -> Iterator[None]:
    """Name the place of an engine's errors: the option a library parameter comes from (``trials`` -> ``--trials``),
    else the scenario ``file``."""
    try:
        yield
    except NatosimError as e:
        option = (options or {}).get(e.where or "") if e.file is None else None
        if option is not None:
            raise NatosimError(e.message, file=None if option.startswith("--") else file, where=option) from None
        if (e.where or "").startswith("--"):  # an option's error: the option is its place, not the file
            raise
        raise e.located(file=file) from None


def to_stdout(output: Path | None) -> bool:
    """Whether ``output`` means standard output (no ``--output``, or ``--output -``)."""
    return output is None or str(output) == "-"


def check_output(output: Path | None, force: bool, *, label: str | None = None) -> None:
    """Refuse, before any work, a target that cannot be written: an existing file without --force, a folder,
    a device or pipe, a missing or unwritable folder. ``label`` names it in messages (default ``--output FILE``)."""
    if output is None or to_stdout(output):
        return
    where = label or f"--output {output}"
    if output.is_dir():
        raise NatosimError("is a folder; expected a file name", where=where)
    if (output.exists() or output.is_symlink()) and not force:
        raise NatosimError("file exists; expected a new file name or --force", where=where)
    if output.exists() and not output.is_file():
        raise NatosimError("is not a regular file (a device, pipe or socket); expected a file name", where=where)
    parent = output.parent
    if not parent.exists():
        raise NatosimError("its folder does not exist", where=where)
    if not parent.is_dir():
        raise NatosimError(f"{parent} is not a folder; expected a file in an existing folder", where=where)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise NatosimError(f"cannot write: {os.strerror(errno.EACCES)} (its folder)", where=where)


def check_targets(output: Path | None, plot: Path | None) -> None:
    """Refuse the same file as --output and --plot (one would silently replace the other)."""
    if output is None or plot is None or to_stdout(output):
        return
    if output.resolve() == plot.resolve() or (output.exists() and plot.exists() and output.samefile(plot)):
        raise NatosimError("is also the --output file; expected two different files", where=f"--plot {plot}")


def _no_color() -> bool:
    return bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"


def terminal() -> tuple[int, bool]:
    """Width and whether to colour stdout: colour only on a terminal, never with NO_COLOR or TERM=dumb."""
    isatty = sys.stdout is not None and sys.stdout.isatty()
    color = (isatty or bool(os.environ.get("FORCE_COLOR"))) and not _no_color()
    return shutil.get_terminal_size((100, 24)).columns, color


def encoding(output: Path | None) -> str:
    """The encoding of the output: UTF-8 for files, standard output's own otherwise."""
    if not to_stdout(output) or sys.stdout is None:
        return "utf-8"
    return getattr(sys.stdout, "encoding", None) or "utf-8"


def _terminate(signum: int, frame: Any) -> NoReturn:
    raise SystemExit(128 + signum)


def _mode_for(path: Path) -> int:
    """The permissions of the file ``path`` replaces (``--force`` keeps them), else those of a new file under the umask."""
    import stat

    try:
        st = path.stat()
    except OSError:
        st = None
    if st is not None and stat.S_ISREG(st.st_mode):
        return stat.S_IMODE(st.st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _publish(tmp: str, path: Path, *, force: bool) -> None:
    """Give the finished temporary file ``tmp`` its final name ``path`` in one step.

    With ``force`` a rename replaces whatever is there. Without it the final name is created
    exclusively (a hard link, which fails if the name exists), so of several writers racing for one
    new name exactly one succeeds: the existence check and the creation are the same system call.
    A file system without hard links gets an exclusive create and a copy instead.
    """
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise NatosimError("file exists; expected a new file name or --force") from None
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        _create_exclusive(Path(tmp).read_bytes(), path)
    os.unlink(tmp)


def _create_exclusive(data: bytes, path: Path) -> None:
    """Create ``path`` (which must not exist) holding ``data``; remove it again if the write fails."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _mode_for(path))
    except FileExistsError:
        raise NatosimError("file exists; expected a new file name or --force") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            _write_all(fh, data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def write_atomic(data: bytes, path: Path, *, force: bool = False, label: str | None = None) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder, then one step to the final name.

    Without ``force`` an existing ``path`` is never replaced, even one another process created after
    :func:`check_output` looked (see :func:`_publish`). A failure (or SIGTERM) leaves nothing behind:
    neither the temporary file nor a partial ``path``. OS errors become one :class:`NatosimError`
    naming ``label`` (default ``--output FILE``).
    """
    import signal
    import threading

    where = label or f"--output {path}"
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if main else None
    tmp: str | None = None
    try:
        import tempfile  # here: it costs natosim --help a millisecond

        fd, tmp = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.", suffix=".tmp")
        os.fchmod(fd, _mode_for(path))  # as the file it replaces, or an ordinary new file (not mkstemp's 0600)
        with os.fdopen(fd, "wb") as fh:
            _write_all(fh, data)
        try:
            _publish(tmp, path, force=force)
        except NatosimError as e:
            raise e.located(where=where) from None
        tmp = None
    except OSError as e:
        raise NatosimError(f"cannot write: {describe(e)}", where=where) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if main:
            signal.signal(signal.SIGTERM, previous)


def _quiet_stdout() -> None:
    """After a failed write, point stdout at /dev/null so that the flush at exit cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def _write_all(stream: Any, data: bytes) -> None:
    """Write every byte: a buffered stream may take only part (a file size limit) and report it, not fail."""
    view = memoryview(data)
    while view:
        n = stream.write(view)
        if not n:
            raise OSError(errno.EIO, "the output took nothing")
        view = view[n:]
    stream.flush()


def _write_stdout(data: bytes) -> None:
    if sys.stdout is None:
        raise OSError(errno.EBADF, f"{os.strerror(errno.EBADF)} (it is closed)")
    sys.stdout.flush()
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # a text-only stand-in (tests): it takes text
        sys.stdout.write(data.decode(encoding(None)))
        sys.stdout.flush()
        return
    _write_all(stream, data)


def emit(content: str | bytes, output: Path | None, *, force: bool = False, label: str | None = None) -> None:
    """The one writer: the finished output to stdout, or atomically to ``output`` (``label`` names it in errors).

    Text is encoded in the output's encoding (see :func:`encoding`), characters it cannot hold
    transliterated (:func:`natosim.render.safe.fit`). A write error is one :class:`NatosimError`;
    a broken pipe exits quietly with :data:`BROKEN_PIPE`.
    """
    from natosim.render.safe import fit

    enc = encoding(output)
    data = content if isinstance(content, bytes) else fit(content, enc).encode(enc)
    if not to_stdout(output):
        assert output is not None
        write_atomic(data, output, force=force, label=label)
        return
    try:
        _write_stdout(data)
    except BrokenPipeError:
        _quiet_stdout()
        raise typer.Exit(BROKEN_PIPE) from None
    except OSError as e:
        _quiet_stdout()
        raise NatosimError(f"cannot write to standard output: {describe(e)}") from None


def show(view: Any, fmt: Format, output: Path | None, *, force: bool = False) -> None:
    """Render a view in ``fmt`` and write it."""
    from natosim.render.formats import render

    width, color = terminal()
    text = render(view, fmt, width=width, color=color and to_stdout(output), encoding=encoding(output))
    emit(text, output, force=force)
