"""Pages as the tables ``newsaudit batch`` writes: pandas DataFrames or Arrow tables, same columns and types.

The rows come from the batch export's own function (``batch/tables.py``: :func:`table_rows`, :data:`SCHEMAS`),
so a table made here and one read from a run's ``tables/NAME.parquet`` agree column for column, and SQL
written against one works on the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from newsaudit.errors import InputError, NewsauditError, RecordError
from newsaudit.page import Page

if TYPE_CHECKING:
    import pandas
    import pyarrow


def table_names() -> list[str]:
    """The tables there are: ``pages``, ``blocks``, ``comments``, ``findings``, ``sources``, ``errors``."""
    from newsaudit.batch.tables import SCHEMAS

    return list(SCHEMAS)


def to_arrow(pages: Page | Iterable[Page | NewsauditError], table: str = "pages") -> pyarrow.Table:
    """One batch table of ``pages`` as an Arrow table with the batch run's schema.

    ``pages`` is a page or any iterable of them, such as :func:`newsaudit.audit_many`'s output; errors among
    them (``audit_many(..., errors="return")``) make the rows of the ``errors`` table and are left out of the
    others. A page's ``key`` is its ``meta["name"]`` (``audit_many`` names every page; else its position).
    """
    import pyarrow as pa

    from newsaudit.batch.tables import SCHEMAS, table_rows, table_schema

    if table not in SCHEMAS:
        raise ValueError(f"unknown table {table!r}; the tables are {', '.join(SCHEMAS)}")
    items = [pages] if isinstance(pages, Page) else pages
    rows: list[dict[str, Any]] = []
    for position, item in enumerate(items):
        if isinstance(item, Page):
            if table != "errors":
                rows.extend(table_rows(_result_row(item, position))[table])
        elif isinstance(item, NewsauditError):
            if table == "errors":
                rows.append(_error_row(item, position))
        else:
            raise TypeError(f"item {position} is a {type(item).__name__}, not a Page (nor an audit_many error)")
    return pa.Table.from_pylist(rows, schema=table_schema(table))


def to_frame(pages: Page | Iterable[Page | NewsauditError], table: str = "pages") -> pandas.DataFrame:
    """One batch table of ``pages`` as a pandas DataFrame: what ``pandas.read_parquet`` gives for a batch run's
    ``tables/NAME.parquet`` (see :func:`to_arrow` for what ``pages`` may hold). Needs pandas
    (``pip install 'newsaudit[pandas]'``); :func:`to_arrow` does not."""
    try:
        import pandas  # noqa: F401 - pyarrow imports it itself, with a message that does not say what to install
    except ImportError:
        raise ImportError("to_frame needs pandas: pip install 'newsaudit[pandas]' (to_arrow needs nothing more)") \
            from None
    return to_arrow(pages, table).to_pandas()


def _result_row(page: Page, position: int) -> dict[str, Any]:
    """The page as a batch run's result row (its report without the text, with ``key`` and ``id``)."""
    key = _key(page.meta.get("name"), position)
    return {"key": key, "id": str(page.meta.get("id") or key), "ok": True, **page.to_dict(include_text=False)}


def _error_row(error: NewsauditError, position: int) -> dict[str, Any]:
    if isinstance(error, RecordError):
        key = _key(error.name, error.index)
        return {"key": key, "id": error.id or key, "error": error.reason}
    if isinstance(error, InputError):
        return {"key": error.record, "id": error.record, "error": error.reason}
    key = _key(None, position)
    return {"key": key, "id": key, "error": str(error)}


def _key(name: object, position: int) -> str:
    return str(name) if name and name != "<input>" else f"item {position}"
