"""``newsaudit serve``: the REST API and the web page under uvicorn."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path


def cmd_serve(args: argparse.Namespace) -> int:
    """The REST API under uvicorn; with several workers each process loads the models once."""
    import uvicorn

    from newsaudit.service.auth import read_key_file
    from newsaudit.service.jobs import default_jobs_dir

    if args.api_key_file:
        read_key_file(args.api_key_file)  # a bad key file is an error now, not in each worker
    jobs_dir = Path(args.jobs_dir) if args.jobs_dir else default_jobs_dir(os.environ)
    # Set before uvicorn imports the app (and NumPy with it), so that BLAS and ONNX Runtime read it in every
    # worker: concurrent requests then share the cores instead of each starting a thread per core.
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(args.math_threads)
    os.environ["NEWSAUDIT_SERVICE_SETTINGS"] = json.dumps(
        {"max_page_bytes": args.max_bytes, "max_comments": args.max_comments, "timeout_s": args.timeout,
         "api_key_file": str(Path(args.api_key_file).resolve()) if args.api_key_file else None,
         "archive": str(Path(args.archive).resolve()) if args.archive else None,
         "jobs_dir": str(jobs_dir.resolve()), "max_jobs": args.max_jobs, "cors_origins": args.cors_origin}
    )
    uvicorn.run("newsaudit.service.app:app_from_environment", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level="warning" if args.quiet else "info")
    return 0
