"""Built-in reference data (rosters of bodies), as immutable Python literals."""
