"""Turn raw bytes from a file, stdin or a record into decoded text, and say whether it is HTML.

Crawled pages arrive in any encoding and sometimes are not text at all. Decoding
is done here once, so that every stage sees a ``str`` and offsets are in
characters of that string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from newsaudit.errors import InputError

#: Pages above this size are refused: no news page is this long, and a stage's
#: cost grows with length. Configurable per call.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_HTML_MARKERS = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:div|p|article|section|span|a|meta|title)[\s>/]",
    re.IGNORECASE,
)
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "iso8859_1"}
_TAG = re.compile(r"<[a-zA-Z/!][^>]{0,500}>")


@dataclass(frozen=True)
class LoadedInput:
    text: str
    is_html: bool
    encoding: str
    name: str


def looks_like_html(text: str) -> bool:
    """HTML if it carries document markers or its first 5,000 characters are dense with tags."""
    head = text[:5000]
    if _HTML_MARKERS.search(head.encode("utf-8", "ignore")):
        tags = len(_TAG.findall(head))
        return tags >= 3 or bool(re.search(r"<!doctype\s+html|<html[\s>]", head, re.IGNORECASE))
    return False


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample and not (sample.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > max(8, len(sample) // 20)


def decode_bytes(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Decode with UTF-8 first (the common case), then with a detected charset."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_binary(data):
        raise InputError(name, "input looks binary, not text or HTML")
    matches = list(from_bytes(data))
    if not matches:
        raise InputError(name, "cannot determine the text encoding")
    # Among equally clean candidates prefer the Western encodings most crawled news is in:
    # the detector cannot tell cp1250 from cp1252 on short French or Spanish text.
    least_chaos = min(m.chaos for m in matches)
    clean = [m for m in matches if m.chaos <= least_chaos + 1e-9]
    best = next((m for m in clean if _WESTERN & set(m.could_be_from_charset)), clean[0])
    return str(best), best.encoding


def load_bytes(data: bytes, name: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedInput:
    if not data or not data.strip():
        raise InputError(name, "input is empty")
    if len(data) > max_bytes:
        raise InputError(
            name, f"input is {len(data):,} bytes, over the limit of {max_bytes:,} bytes (see --max-bytes)"
        )
    if _looks_binary(data):
        raise InputError(name, "input looks binary, not text or HTML")
    text, encoding = decode_bytes(data, name)
    return LoadedInput(text=text, is_html=looks_like_html(text), encoding=encoding, name=name)


def load_text(text: str, name: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedInput:
    if not text or not text.strip():
        raise InputError(name, "input is empty")
    if len(text) > max_bytes:
        raise InputError(name, f"input is {len(text):,} characters, over the limit of {max_bytes:,}")
    if "\x00" in text[:8192]:
        raise InputError(name, "input looks binary, not text or HTML")
    return LoadedInput(text=text, is_html=looks_like_html(text), encoding="str", name=name)


def load_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedInput:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(str(p), f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes (see --max-bytes)")
        data = p.read_bytes()
    except IsADirectoryError:
        raise InputError(str(p), "is a directory, not a page") from None
    except FileNotFoundError:
        raise InputError(str(p), "no such file") from None
    except PermissionError:
        raise InputError(str(p), "permission denied") from None
    except OSError as exc:
        raise InputError(str(p), f"cannot read: {exc.strerror or exc}") from None
    return load_bytes(data, name=str(p), max_bytes=max_bytes)
