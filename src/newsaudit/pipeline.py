"""Build the stage list from config and run a page through it.

``audit()`` is the one-call public API: text or HTML in, an annotated
:class:`~newsaudit.page.Page` out. It is a pure function of its input, so batch
engines can map it over records.

Stages are found by name in one registry: the built-in ones, those registered with
:func:`register_stage`, and those other packages declare in the ``newsaudit.stages``
entry-point group (loaded when their name is first asked for).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

from newsaudit.errors import describe
from newsaudit.io.loader import DEFAULT_MAX_BYTES, LoadedInput, load_text
from newsaudit.page import Page
from newsaudit.stages.anatomy import AnatomyConfig, AnatomyStage
from newsaudit.stages.base import Stage
from newsaudit.stages.claims import ClaimsConfig, ClaimsStage
from newsaudit.stages.comments import CommentsConfig, CommentsStage
from newsaudit.stages.provenance import ProvenanceConfig, ProvenanceStage
from newsaudit.stages.slant import SlantConfig, SlantStage

StageFactory = Callable[[Any], Stage]

#: name -> (factory, config class or None). New stages register here, through :func:`register_stage`.
STAGES: dict[str, tuple[StageFactory, type | None]] = {
    "anatomy": (AnatomyStage, AnatomyConfig),
    "claims": (ClaimsStage, ClaimsConfig),
    "comments": (CommentsStage, CommentsConfig),
    "provenance": (ProvenanceStage, ProvenanceConfig),
    "slant": (SlantStage, SlantConfig),
}
BUILT_IN_STAGES = frozenset(STAGES)

DEFAULT_STAGES = ("anatomy", "provenance", "slant", "claims", "comments")

#: Entry-point group other packages declare stages in: ``name = "package.module:StageClass"``.
ENTRY_POINT_GROUP = "newsaudit.stages"


def register_stage(name: str, factory: StageFactory, config_cls: type | None = None, *,
                   replace: bool = False) -> None:
    """Make ``name`` usable in ``PipelineConfig(stages=[...])``.

    ``factory(config)`` builds the stage (a stage class is a factory): ``config`` is
    ``PipelineConfig.stage_config[name]``, else ``config_cls()``, else None. The stage must have a ``name`` and
    ``__call__(page) -> page`` (:class:`~newsaudit.stages.base.Stage`). A name already taken is refused unless
    ``replace`` is true; the built-in stages cannot be replaced.
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"a stage name is a word of letters, digits and underscores, not {name!r}")
    if not callable(factory):
        raise TypeError(f"stage {name!r}: the factory must be callable (a stage class, or a function of its "
                        f"config), not {type(factory).__name__}")
    if config_cls is not None and not isinstance(config_cls, type):
        raise TypeError(f"stage {name!r}: config_cls must be a class, not {type(config_cls).__name__}")
    if name in BUILT_IN_STAGES:
        raise ValueError(f"{name!r} is a built-in stage; register yours under another name")
    if name in STAGES and STAGES[name] != (factory, config_cls) and not replace:
        raise ValueError(f"stage {name!r} is already registered (by {_describe(STAGES[name][0])}); pass "
                         "replace=True to replace it")
    STAGES[name] = (factory, config_cls)


def known_stages() -> list[str]:
    """Every stage name a pipeline can use now: built in, registered, or declared by an installed package."""
    return sorted(set(STAGES) | set(_entry_points()))


def stage_spec(name: str) -> tuple[StageFactory, type | None]:
    """The factory and config class registered for ``name``, loading its entry point on first use."""
    if name not in STAGES:
        entry = _entry_points().get(name)
        if entry is None:
            raise ValueError(f"unknown stage {name!r}; known: {', '.join(known_stages())} (add one with "
                             f"newsaudit.register_stage or the {ENTRY_POINT_GROUP!r} entry-point group)")
        try:
            factory = entry.load()
        except Exception as exc:  # the other package's import error, named as such
            raise ValueError(f"stage {name!r}: its entry point {entry.value!r} cannot be loaded ({describe(exc)})") \
                from exc
        register_stage(name, factory, getattr(factory, "config_cls", None))
    return STAGES[name]


@functools.cache
def _entry_points() -> dict[str, metadata.EntryPoint]:
    """Stages installed packages declare, by name (scanned once per process)."""
    return {entry.name: entry for entry in metadata.entry_points(group=ENTRY_POINT_GROUP)}


def _describe(factory: object) -> str:
    return f"{getattr(factory, '__module__', '?')}.{getattr(factory, '__qualname__', type(factory).__name__)}"


@dataclass
class PipelineConfig:
    """Which stages run, in order, and each one's config (stage name -> config; a stage not named gets its
    config class's defaults). Plain data: it reads nothing from the environment (see ``settings.py``)."""

    #: stage names, run in this order (default: anatomy, provenance, slant, claims, comments)
    stages: Sequence[str] = DEFAULT_STAGES
    #: stage name -> its config (an instance of the stage's config class)
    stage_config: dict[str, Any] = field(default_factory=dict)
    #: inputs larger than this many bytes are an InputError
    max_bytes: int = DEFAULT_MAX_BYTES


class Pipeline:
    """The stages of a :class:`PipelineConfig`, built once (models load on first use) and run in order."""

    def __init__(self, config: PipelineConfig | None = None) -> None:
        #: what it was built from (what ``audit_many``'s worker processes build their own pipeline from)
        self.config = config or PipelineConfig()
        if isinstance(self.config.stages, str):  # stages="anatomy" would be read letter by letter
            raise TypeError(f"PipelineConfig.stages is a list of stage names, not the string {self.config.stages!r}")
        for name in self.config.stage_config:
            stage_spec(name)  # a misspelt name in stage_config is an error, not a config silently unused
        #: the stages, in the order they run
        self.stages: list[Stage] = [self._build(name) for name in self.config.stages]

    def _build(self, name: str) -> Stage:
        factory, config_cls = stage_spec(name)
        config = self.config.stage_config.get(name)
        if config is None and config_cls is not None:
            config = config_cls()
        elif config is not None and config_cls is not None and not isinstance(config, config_cls):
            raise TypeError(f"stage_config[{name!r}] is a {type(config).__name__}, not a {config_cls.__name__}")
        stage = factory(config)
        if not isinstance(stage, Stage):
            raise TypeError(f"stage {name!r}: {_describe(factory)} made a {type(stage).__name__}, which is not a "
                            "stage (it needs a name and __call__(page) -> page)")
        return stage

    def make_page(self, loaded: LoadedInput, **meta: Any) -> Page:
        """The page a loaded input gives, before any stage has read it (HTML: its text built from the markup)."""
        meta.setdefault("name", loaded.name)
        if loaded.is_html:
            from newsaudit.io.html import page_from_html

            page = page_from_html(loaded.text, **meta)
        else:
            page = Page(text=loaded.text, meta={**meta, "format": "text"})
        page.meta.setdefault("encoding", loaded.encoding)
        return page

    def __call__(self, page: Page) -> Page:
        for stage in self.stages:
            page = stage(page)
        return page

    def audit_loaded(self, loaded: LoadedInput, **meta: Any) -> Page:
        """Audit an input already loaded (decoded, its format known)."""
        return self(self.make_page(loaded, **meta))

    def audit(self, text_or_html: str, **meta: Any) -> Page:
        """Audit one page's text or HTML with these stages; ``meta`` goes into ``page.meta``. Raises
        :class:`~newsaudit.errors.InputError` for input that cannot be audited."""
        loaded = load_text(text_or_html, name=str(meta.get("name", "<input>")), max_bytes=self.config.max_bytes)
        return self.audit_loaded(loaded, **meta)


def booster_config(booster: bool) -> dict[str, Any]:
    """The stage configs the one MiniLM switch sets (``--no-booster``): the slant stage's span booster and the
    claims stage's check-worthiness blend, on or off together."""
    return {"slant": SlantConfig(booster=booster), "claims": ClaimsConfig(minilm=booster)}


def audit(text_or_html: str, booster: bool | None = None, **meta: Any) -> Page:
    """:func:`newsaudit.audit` (kept here for the code that imports it from this module)."""
    from newsaudit.api import audit as _audit

    return _audit(text_or_html, booster=booster, **meta)
