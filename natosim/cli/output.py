"""Writing a finished result: standard output or a file (atomically, never half-written), in the output's encoding."""

# No `from __future__ import annotations` here: typer evaluates the annotations of what commands share at
# start-up (see natosim/cli/app.py).

import errno
import os
import shutil
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer

from natosim.errors import NatosimError
from natosim.render.formats import Format

BROKEN_PIPE = 141
"""Exit code when the reader of standard output went away (``natosim run | head -1``): 128 + SIGPIPE, as a
program killed by SIGPIPE reports it in the shell. Nothing is printed."""


def describe(error: OSError) -> str:
    """``cannot write: No space left on device``-style text for an OS error."""
    return error.strerror or os.strerror(error.errno or 0) or type(error).__name__


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
