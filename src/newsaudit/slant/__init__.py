"""Propaganda techniques and loaded language at span level (the PTC's 14 techniques)."""
