"""Closed sets of choices that command-line options offer, kept import-light for ``--help``."""

from __future__ import annotations

import enum


class Index(enum.StrEnum):
    """Which power index to show."""

    BANZHAF = "banzhaf"
    SHAPLEY_SHUBIK = "shapley-shubik"
    BOTH = "both"


class GraphFormat(enum.StrEnum):
    """Formats of ``natosim graph``."""

    MERMAID = "mermaid"
    DOT = "dot"
    GRAPHML = "graphml"
