"""One record's audit, the unit every engine maps: the run's stage settings and :func:`audit_record`.

Kept apart from the runner (``runner.py``), which feeds records to an engine, and the engines (``engines.py``),
which call :func:`audit_record`: both import it here, and neither imports the other for it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsaudit.batch.records import BadRecord, Record
from newsaudit.errors import NewsauditError
from newsaudit.io.loader import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from newsaudit.pipeline import PipelineConfig


@dataclass(frozen=True)
class StageSettings:
    """The stage settings of a run, handed to every task with its records.

    Plain picklable data: it travels to worker processes and to Dask workers on other machines, where
    nothing read from the client's environment would arrive. ``archive`` is the reference archive of the
    provenance stage (an absolute path, at the same path on every worker: a shared filesystem), or None;
    ``booster`` turns the MiniLM boosters of the slant stage (spans) and the claims stage (check-worthiness)
    on or off; ``policy`` and ``comment_encoder`` are
    the comments stage's moderation policy and encoder switch.
    """

    archive: str | None = None
    booster: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES  # a record larger than this is an error row, not a page to audit
    policy: str = "balanced"
    comment_encoder: bool = True

    def __post_init__(self) -> None:
        if self.archive is not None:  # a relative path would be read against each worker's own folder
            object.__setattr__(self, "archive", os.path.abspath(self.archive))

    def pipeline_config(self) -> PipelineConfig:
        """Stage configs built from these settings only, never from the worker's environment."""
        from newsaudit.moderation.moderate import ModerationConfig
        from newsaudit.pipeline import PipelineConfig, booster_config
        from newsaudit.stages.comments import CommentsConfig
        from newsaudit.stages.provenance import ProvenanceConfig

        comments = CommentsConfig(moderation=ModerationConfig(policy=self.policy), encoder=self.comment_encoder)
        return PipelineConfig(stage_config={"provenance": ProvenanceConfig(archive=self.archive),
                                            "comments": comments, **booster_config(self.booster)})


#: One pipeline per settings value, built on first use in each worker process.
_pipelines: dict[StageSettings, Any] = {}


def _pipeline_for(settings: StageSettings) -> Any:
    pipeline = _pipelines.get(settings)
    if pipeline is None:
        from newsaudit.pipeline import Pipeline

        pipeline = _pipelines[settings] = Pipeline(settings.pipeline_config())
    return pipeline


def audit_record(record: Record, settings: StageSettings) -> dict[str, Any]:
    """Audit one record into one output row: a pure function of the record and the settings, so any engine,
    on any machine, can map it."""
    pipeline = _pipeline_for(settings)
    from newsaudit.io.loader import load_bytes, load_text

    try:
        loaded = (load_bytes(record.text, name=record.key, max_bytes=settings.max_bytes)
                  if isinstance(record.text, bytes)
                  else load_text(record.text, name=record.key, max_bytes=settings.max_bytes))
        page = pipeline.audit_loaded(loaded, **record.meta)
    except NewsauditError as exc:
        return failed_row(record, str(exc))
    except Exception as exc:  # a bug must not stop the corpus: report it against the record
        return failed_row(record, f"internal error: {type(exc).__name__}: {exc}")
    report = page.to_dict(include_text=False)
    return {"key": record.key, "id": record.id, "ok": True, **report}


def failed_row(record: Record | BadRecord, why: str) -> dict[str, Any]:
    """The error row of a record that could not be audited, or could not even be read."""
    return {"key": record.key, "id": record.id, "ok": False, "error": why}
