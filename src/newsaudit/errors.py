"""Errors newsaudit raises on purpose: each names the input it is about."""

from __future__ import annotations


class NewsauditError(Exception):
    """Base class: anything the CLI reports as a clean one-line error."""


class InputError(NewsauditError):
    """The input cannot be audited (empty, binary, too large, undecodable)."""

    def __init__(self, record: str, reason: str) -> None:
        super().__init__(f"{record}: {reason}")
        #: what the input is called (a file name, ``item 3 (page-7.txt)``)
        self.record = record
        #: why it cannot be audited, in words
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        """Pickled by its fields, so that it crosses to and from worker processes intact."""
        return type(self), (self.record, self.reason)


class RecordError(InputError):
    """An item of :func:`newsaudit.audit_many` that cannot be audited, named by its position in the input
    (``index``, from 0), its name or id when it has one, and the reason."""

    def __init__(self, index: int, reason: str, name: str | None = None, id: str | None = None) -> None:
        shown = name if name and name != f"item {index}" else (f"id {id}" if id else None)
        super().__init__(f"item {index}" + (f" ({shown})" if shown else ""), reason)
        #: the item's position in the input, from 0
        self.index = index
        #: the record's name, when it has one
        self.name = name
        #: the record's id, when it has one
        self.id = id

    def __reduce__(self) -> tuple[type, tuple[int, str, str | None, str | None]]:  # type: ignore[override]
        return type(self), (self.index, self.reason, self.name, self.id)


def describe(exc: BaseException) -> str:
    """What went wrong, in words for a user message: never a Python class name such as ``ValueError:``."""
    if isinstance(exc, UnicodeDecodeError):
        byte = exc.object[exc.start : exc.start + 1]
        shown = f"byte 0x{byte[0]:02x}" if byte else "a byte"
        return f"not {exc.encoding.upper()} text ({shown} at position {exc.start:,})"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read it ({exc.strerror})"
    return " ".join(str(exc).split()) or "an error without a description"


def json_type(value: object) -> str:
    """A JSON value's type as JSON names it ("an array", "a number"), not as Python does ("list", "int")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    for kind, name in ((str, "a string"), (int, "a number"), (float, "a number"), (list, "an array"),
                       (dict, "an object")):
        if isinstance(value, kind):
            return name
    return "a value of another kind"
