"""Reproducible benchmarks behind ``make bench`` (PostgreSQL).

Each module in ``bench.__main__.MODULES`` exposes ``run() -> dict[str, float]``
and seeds what it measures; ``python -m bench`` prints every figure as
``name: value``, one per line.
"""
