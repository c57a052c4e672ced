"""atheris harness: the `loader` target of tests/fuzz/common.py.

Run: python -m tests.fuzz.fuzz_loader -max_total_time=60
"""

from tests.fuzz.harness import run

if __name__ == "__main__":
    run("loader")
