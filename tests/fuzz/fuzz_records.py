"""atheris harness for the corpus and comment readers: NEWSAUDIT_FUZZ_TARGET picks one of csv, jsonl, parquet,
warc, warcgz, comments_csv, comments_jsonl (default csv). Run: python -m tests.fuzz.fuzz_records -max_total_time=60"""

import os

from tests.fuzz.harness import run

if __name__ == "__main__":
    run(os.environ.get("NEWSAUDIT_FUZZ_TARGET", "csv"))
