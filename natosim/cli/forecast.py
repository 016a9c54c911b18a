"""Commands for forecast (registered on the shared app)."""

from __future__ import annotations

from natosim.cli.app import app  # noqa: F401
