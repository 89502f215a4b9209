"""Benchmarks for the Hymn Sheet kiosk. Run them all with `python -m bench.run` (add `--quick` for a
short smoke run); see docs/benchmarks.md for what each figure means and its target."""
