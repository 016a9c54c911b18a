"""The progress bar of long commands: on stderr, only on a terminal, once the work has lasted a while."""

from __future__ import annotations

import math
import os
import sys
import time
from typing import TYPE_CHECKING, Any

from natosim.errors import NatosimError

if TYPE_CHECKING:
    from rich.progress import Progress

PROGRESS_AFTER = 1.0
"""Seconds a long command runs before its progress bar appears (on a terminal only)."""

DELAY_VARIABLE = "NATOSIM_PROGRESS_DELAY"
"""Environment variable that overrides :data:`PROGRESS_AFTER` (seconds, ``0``: at once), e.g. for tests."""


def delay() -> float:
    """Seconds before the bar appears: ``$NATOSIM_PROGRESS_DELAY`` when set, else :data:`PROGRESS_AFTER`."""
    text = os.environ.get(DELAY_VARIABLE)
    if text is None or text == "":
        return PROGRESS_AFTER
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 <= value <= 86_400):
        raise NatosimError(
            f"expected a number of seconds from 0 to 86400; got {text[:40]!r}", where=f"environment variable {DELAY_VARIABLE}"
        )
    return value


class Bar:
    """A rich progress bar on stderr, shown once a run has lasted :func:`delay` seconds, never off a terminal.

    Call it with ``(done, total)`` as the library reports progress; :meth:`close` removes it.
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self.after = delay()
        self.start = time.monotonic()
        self.bar: Progress | None = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.start < self.after or sys.stderr is None or not sys.stderr.isatty():
                return
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn(self.label),
                BarColumn(),
                TaskProgressColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        """Remove the bar from the terminal (if it was shown)."""
        if self.bar is not None:
            self.bar.stop()
