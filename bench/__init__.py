"""Benchmarks, run apart from the tests: `python -m bench.search`."""
