"""Fuzzing support: seeds, the invariants every fuzzer checks, and atheris harnesses (``fuzz_*.py``, run by
``make fuzz``)."""
