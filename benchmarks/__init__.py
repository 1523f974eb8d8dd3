"""Benchmarks run by hand (``make bench-import``), not by the test suite."""
