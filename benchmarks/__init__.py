"""Evaluation and benchmark scripts (``make eval``, ``make bench``): not part of the installed package.

Run them from the repository root, ``python -m benchmarks.NAME``; each writes a section of
``docs/EVALUATION.md`` (via ``docs/eval/``) or ``docs/BENCHMARKS.md``.
"""
