"""Optional API keys: ``newsaudit serve --api-key-file FILE``.

The file holds one key per line, either as the key itself or as ``sha256:<hex digest>`` so that the
keys need not sit on the server in clear (``# comments`` and blank lines are skipped). A request
sends its key as ``Authorization: Bearer KEY`` or ``X-API-Key: KEY``; the server compares SHA-256
digests with :func:`hmac.compare_digest`, against every known key, so the time taken says nothing
about how much of a key was right.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from newsaudit.errors import NewsauditError

PREFIX = "sha256:"


def digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


def read_key_file(path: str | Path) -> tuple[bytes, ...]:
    """The digests of the keys in ``path``; an unreadable or empty file is an error (no silent open door)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise NewsauditError(f"{path}: cannot read the API key file ({exc})") from None
    digests = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(PREFIX):
            try:
                value = bytes.fromhex(line[len(PREFIX):])
            except ValueError:
                value = b""
            if len(value) != 32:
                raise NewsauditError(f"{path}:{number}: a sha256: line needs 64 hexadecimal digits")
            digests.append(value)
        else:
            digests.append(digest(line))
    if not digests:
        raise NewsauditError(f"{path}: no API keys in the file")
    return tuple(digests)


def key_of(authorization: str | None, x_api_key: str | None) -> str | None:
    """The key a request sends, from ``Authorization: Bearer`` or ``X-API-Key``."""
    if x_api_key:
        return x_api_key.strip()
    if authorization and authorization[:7].lower() == "bearer ":
        return authorization[7:].strip()
    return None


def allowed(key: str | None, digests: tuple[bytes, ...]) -> bool:
    if key is None:
        return False
    sent = digest(key)
    matches = [hmac.compare_digest(sent, known) for known in digests]  # every key compared, always
    return any(matches)
