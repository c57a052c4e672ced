"""Build the stage list from config and run a page through it.

``audit()`` is the one-call public API: text or HTML in, an annotated
:class:`~newsaudit.page.Page` out. It is a pure function of its input, so batch
engines can map it over records.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsaudit.io.loader import DEFAULT_MAX_BYTES, LoadedInput, load_text
from newsaudit.page import Page
from newsaudit.stages.anatomy import AnatomyConfig, AnatomyStage
from newsaudit.stages.base import Stage
from newsaudit.stages.claims import ClaimsConfig, ClaimsStage
from newsaudit.stages.comments import CommentsConfig, CommentsStage
from newsaudit.stages.provenance import ProvenanceConfig, ProvenanceStage
from newsaudit.stages.slant import SlantConfig, SlantStage

StageFactory = Callable[[Any], Stage]

#: name -> (factory, config class). New stages register here.
STAGES: dict[str, tuple[StageFactory, type]] = {
    "anatomy": (AnatomyStage, AnatomyConfig),
    "claims": (ClaimsStage, ClaimsConfig),
    "comments": (CommentsStage, CommentsConfig),
    "provenance": (ProvenanceStage, ProvenanceConfig),
    "slant": (SlantStage, SlantConfig),
}

DEFAULT_STAGES = ("anatomy", "provenance", "slant", "claims", "comments")


@dataclass
class PipelineConfig:
    stages: Sequence[str] = DEFAULT_STAGES
    stage_config: dict[str, Any] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_BYTES


class Pipeline:
    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.config = config or PipelineConfig()
        self.stages: list[Stage] = []
        for name in self.config.stages:
            if name not in STAGES:
                raise ValueError(f"unknown stage {name!r}; known: {', '.join(sorted(STAGES))}")
            factory, config_cls = STAGES[name]
            self.stages.append(factory(self.config.stage_config.get(name) or config_cls()))

    def make_page(self, loaded: LoadedInput, **meta: Any) -> Page:
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
        return self(self.make_page(loaded, **meta))

    def audit(self, text_or_html: str, **meta: Any) -> Page:
        loaded = load_text(text_or_html, name=str(meta.get("name", "<input>")), max_bytes=self.config.max_bytes)
        return self.audit_loaded(loaded, **meta)


def booster_config(booster: bool) -> dict[str, Any]:
    """The stage configs the one MiniLM switch sets (``--no-booster``): the slant stage's span booster and the
    claims stage's check-worthiness blend, on or off together."""
    return {"slant": SlantConfig(booster=booster), "claims": ClaimsConfig(minilm=booster)}


#: The default pipeline (key None), and one with the slant booster set on or off (True, False), built on first use.
_pipelines: dict[bool | None, Pipeline] = {}


def audit(text_or_html: str, booster: bool | None = None, **meta: Any) -> Page:
    """Audit one page (plain text dump or HTML) with the default pipeline.

    ``booster`` turns the MiniLM boosters on or off (False: the slant stage's word-vector student, about 45 times
    faster, and the claims stage's hashed check-worthiness head); None keeps the default, on unless
    ``NEWSAUDIT_SLANT_BOOSTER=0``.
    """
    pipeline = _pipelines.get(booster)
    if pipeline is None:
        stage_config = {} if booster is None else booster_config(booster)
        pipeline = _pipelines[booster] = Pipeline(PipelineConfig(stage_config=stage_config))
    return pipeline.audit(text_or_html, **meta)
