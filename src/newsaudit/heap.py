"""Hand freed heap memory back to the operating system.

glibc keeps freed ``malloc`` memory mapped for reuse, so after a large transient (a parse tree of
about 17 bytes per byte of HTML, the float copies made while a model's weights load) the process
stays that much larger under everything allocated later. ``malloc_trim(0)`` releases whole free
pages; Dask's workers do the same after freeing memory. Elsewhere (macOS, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


def trim_heap() -> None:
    """Release the free pages of the C heap (a few milliseconds; call it after freeing a lot)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
