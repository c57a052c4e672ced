"""A griffe extension for the API reference: the Sphinx conventions of newsaudit's docstrings, for mkdocstrings.

The code documents attributes in ``#:`` comments above them and cross-references in Sphinx's roles
(``:func:`audit```, ``:class:`~newsaudit.page.Page```), which read well in the source and in ``help()`` but which
griffe does not read. For every object the reference shows (each public name in ``newsaudit.__all__`` and its
members) this gives an attribute without a docstring the ``#:`` comment above it, and rewrites a role into:

- a cross-reference (``[`Page`][newsaudit.page.Page]``) when it names another object the reference shows, so a
  reference that stops resolving fails ``mkdocs build --strict``;
- code (`` `Record` ``) when it names an internal that the reference does not show;
- a warning, which fails the strict build, when it names nothing at all (a misspelt or moved name).

A name is looked up as Sphinx would: as written, then inside the object's class and module, then in
``newsaudit``. ``~`` shows only the last part of the name.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from griffe import Alias, AliasResolutionError, Docstring, Extension, Module, Object

ROLE = re.compile(r":(?:py:)?(?:func|class|meth|attr|mod|data|exc|obj|const):`(~?)([\w.]+)(?:\(\))?`")
# a logger under "mkdocs", so that its warnings count in `mkdocs build --strict`
LOG = logging.getLogger("mkdocs.plugins.newsaudit.sphinx_roles")


def _find(root: Module, path: str) -> Object | Alias | None:
    """The object at a dotted path below ``root`` (a package), or None."""
    parts = path.split(".")
    if parts[0] != root.name:
        return None
    obj: Object | Alias = root
    for part in parts[1:]:
        try:
            obj = obj.members[part]
        except (KeyError, AliasResolutionError):
            return None
    return obj


def _target(obj: Object | Alias) -> str | None:
    """The path of the object an alias finally names (itself for an object), or None when it cannot resolve."""
    try:
        return obj.final_target.path if isinstance(obj, Alias) else obj.path
    except AliasResolutionError:
        return None


def _comment_above(attr: Object) -> str | None:
    """The ``#:`` comment lines right above an attribute's first line, as its docstring (None if none)."""
    if attr.filepath is None or attr.lineno is None or isinstance(attr.filepath, list):
        return None
    lines = attr.lines_collection[attr.filepath] if attr.filepath in attr.lines_collection else []  # noqa: SIM401 (no .get)
    comment: list[str] = []
    for line in reversed(lines[: attr.lineno - 1]):
        stripped = line.strip()
        if not stripped.startswith("#:"):
            break
        comment.insert(0, stripped[2:].strip())
    return "\n".join(comment) or None


class SphinxStyle(Extension):
    """Reads ``#:`` comments and rewrites Sphinx roles in the public objects' docstrings once the package is
    loaded."""

    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:
        public = [pkg.members[name] for name in pkg.exports or () if str(name) in pkg.members]
        shown = {path for path in map(_target, public) if path}
        seen: set[str] = set()
        for obj in public:
            self._rewrite_tree(pkg, obj, shown, seen)

    def _rewrite_tree(self, pkg: Module, obj: Object | Alias, shown: set[str], seen: set[str]) -> None:
        try:
            real = obj.final_target if isinstance(obj, Alias) else obj
        except AliasResolutionError:
            return
        if real.path in seen or isinstance(real, Alias):
            return
        seen.add(real.path)
        if real.docstring is None and real.is_attribute and (comment := _comment_above(real)):
            real.docstring = Docstring(comment, lineno=real.lineno, parent=real)
        if real.docstring is not None:
            real.docstring.value = ROLE.sub(lambda m: self._link(pkg, real, m, shown), real.docstring.value)
        if real.is_class:
            for member in real.members.values():
                if not member.is_alias:
                    self._rewrite_tree(pkg, member, shown, seen)

    def _link(self, pkg: Module, where: Object, match: re.Match[str], shown: set[str]) -> str:
        short, name = match.groups()
        title = name.rsplit(".", 1)[-1] if short else name
        scopes = [""]
        scope: Object | None = where if where.is_class else where.parent
        while scope is not None:
            scopes.append(scope.path + ".")
            scope = scope.parent
        for prefix in scopes:
            found = _find(pkg, prefix + name)
            path = _target(found) if found is not None else None
            if path is None:
                continue
            if any(path == s or path.startswith(s + ".") for s in shown):
                return f"[`{title}`][{path}]"
            return f"`{title}`"
        LOG.warning("%s: the docstring's %s names nothing in %s", where.path, match.group(0), pkg.name)
        return f"`{title}`"
