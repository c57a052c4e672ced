"""Turn raw bytes from a file, stdin or a record into decoded text, and say whether it is HTML.

Crawled pages arrive in any encoding and sometimes are not text at all. Decoding
is done here once, so that every stage sees a ``str`` and offsets are in
characters of that string. Whether a text is HTML is :mod:`newsaudit.io.sniff`'s call.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from newsaudit.errors import InputError
from newsaudit.io.sniff import looks_like_html

__all__ = ["DEFAULT_MAX_BYTES", "LoadedInput", "decode_bytes", "load_bytes", "load_path", "load_text",
           "looks_like_html"]

#: Pages above this size are refused: no news page is this long, and a stage's
#: cost grows with length. Configurable per call.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_WESTERN = {"cp1252", "latin_1", "iso8859_15", "iso8859_1"}
#: Byte-order marks of the wide Unicode encodings (Windows tools and some crawlers save pages so).
#: UTF-32 LE first: its mark begins with UTF-16 LE's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY = "input looks binary, not text or HTML"
_SAMPLE = 8192


@dataclass(frozen=True)
class LoadedInput:
    text: str
    is_html: bool
    encoding: str
    name: str


def _looks_binary(data: bytes | str) -> bool:
    """A NUL, or more than a few control characters (other than tab, newlines, form feed, escape)."""
    sample = data[:_SAMPLE]
    codes = list(sample) if isinstance(sample, bytes) else [ord(ch) for ch in sample]
    control = sum(1 for c in codes if c < 32 and c not in (9, 10, 12, 13, 27))
    return 0 in codes or control > max(8, len(codes) // 20)


def _looks_like_utf16(sample: bytes) -> bool:
    """UTF-16 without a byte-order mark: mostly-ASCII text has a NUL in every other byte, and reads as text."""
    pairs = len(sample) // 2
    if pairs < 8:
        return False
    even_nul = sample[0 : 2 * pairs : 2].count(0)
    odd_nul = sample[1 : 2 * pairs : 2].count(0)
    if even_nul >= 0.4 * pairs and odd_nul <= 0.05 * pairs:
        encoding = "utf-16-be"
    elif odd_nul >= 0.4 * pairs and even_nul <= 0.05 * pairs:
        encoding = "utf-16-le"
    else:
        return False
    return not _looks_binary(sample[: 2 * pairs].decode(encoding, "replace"))


def _refuse_binary(data: bytes, name: str) -> None:
    if not _looks_binary(data):
        return
    if _looks_like_utf16(data[:_SAMPLE]):
        raise InputError(name, "input looks like UTF-16 text without a byte-order mark; "
                               "save it as UTF-8, or as UTF-16 with a byte-order mark")
    raise InputError(name, _BINARY)


def _decode_wide(data: bytes, name: str) -> tuple[str, str] | None:
    """UTF-16/32 text announced by its byte-order mark; None when there is no such mark."""
    marked = [(bom, encoding) for bom, encoding in _WIDE_BOMS if data.startswith(bom)]
    for bom, encoding in marked:
        try:
            text = data[len(bom) :].decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise InputError(name, _BINARY)
        return text, encoding
    if marked:
        raise InputError(name, f"input starts with a {marked[-1][1].upper()} byte-order mark but does not decode as "
                               f"{marked[-1][1].upper()}")
    return None


def decode_bytes(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Decode by byte-order mark (UTF-16/32), then as UTF-8 (the common case), then with a detected charset."""
    wide = _decode_wide(data, name)
    if wide is not None:
        return wide
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    _refuse_binary(data, name)
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
    if not data.startswith(tuple(bom for bom, _ in _WIDE_BOMS)):
        _refuse_binary(data, name)
    text, encoding = decode_bytes(data, name)
    if not text.strip():
        raise InputError(name, "input is empty")
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
