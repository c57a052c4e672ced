"""The one place newsaudit turns environment variables into settings.

Stage configs never read the environment: a config means the same thing in every process, on every machine
(a worker process or a Dask worker sees another environment than the client that built the config). The
edges read it here instead: the command line, the service, and the one-call helpers :func:`newsaudit.audit`
and :func:`newsaudit.audit_many` when they are given no pipeline, so that ``audit(text)`` in a notebook does
what ``newsaudit audit`` does in the same shell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: ``0`` turns the MiniLM boosters off (slant spans, claims check-worthiness), as ``--no-booster`` does.
BOOSTER = "NEWSAUDIT_SLANT_BOOSTER"
#: ``0`` keeps comment moderation to the n-gram heads, as ``--no-encoder`` does.
COMMENT_ENCODER = "NEWSAUDIT_COMMENT_ENCODER"
#: The reference archive, as ``--archive FILE``.
ARCHIVE = "NEWSAUDIT_ARCHIVE"


@dataclass(frozen=True)
class EnvSettings:
    """What the environment asks of the stages; each default is what an unset variable means.

    Frozen and hashable, so one pipeline can be kept per value.
    """

    booster: bool = True
    comment_encoder: bool = True
    archive: str | None = None

    def stage_config(self) -> dict[str, Any]:
        """These settings as ``PipelineConfig.stage_config`` entries (stage name -> config)."""
        from newsaudit.stages.claims import ClaimsConfig
        from newsaudit.stages.comments import CommentsConfig
        from newsaudit.stages.provenance import ProvenanceConfig
        from newsaudit.stages.slant import SlantConfig

        return {"slant": SlantConfig(booster=self.booster), "claims": ClaimsConfig(minilm=self.booster),
                "comments": CommentsConfig(encoder=self.comment_encoder),
                "provenance": ProvenanceConfig(archive=self.archive)}


def read_env(environ: Mapping[str, str]) -> EnvSettings:
    """The settings ``environ`` (usually ``os.environ``) gives: a switch is off only when set to ``0``."""
    return EnvSettings(booster=environ.get(BOOSTER, "1") != "0",
                       comment_encoder=environ.get(COMMENT_ENCODER, "1") != "0",
                       archive=environ.get(ARCHIVE) or None)


def config_from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    """The stage configs ``environ`` sets, for ``PipelineConfig(stage_config=...)``."""
    return read_env(environ).stage_config()
