"""The engines behind :mod:`natosim.api`: one module per concept (private; import :mod:`natosim.api`)."""
