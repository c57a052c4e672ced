"""newsaudit: audit scraped news pages the way an editor, fact-checker or moderator would.

>>> import newsaudit
>>> page = newsaudit.audit(open("page.txt", encoding="utf-8").read())
>>> page.title, [b.type for b in page.blocks]
>>> pages = list(newsaudit.audit_many(df["text"], workers=4))   # in input order
>>> newsaudit.to_frame(pages, "findings")                       # the batch run's findings table
>>> newsaudit.score(df["comment"], "comments").to_frame()        # any model's probabilities, a row per text

Every public name is in ``__all__`` and documented in docs/API.md; the modules behind them are imported on
first use, so ``import newsaudit`` stays cheap. Other modules are internals and may change.
"""

import importlib as _importlib
import typing as _typing

__version__ = "0.1.0"

#: public name -> the module that defines it (imported when the name is first used)
_WHERE = {
    # one page, many pages, tables
    "audit": "newsaudit.api",
    "audit_many": "newsaudit.api",
    "to_frame": "newsaudit.frames",
    "to_arrow": "newsaudit.frames",
    # one verb for every model
    "score": "newsaudit.scoring",
    "scorer": "newsaudit.scoring",
    "Scores": "newsaudit.scoring",
    "Scorer": "newsaudit.scoring",
    # the document model
    "Page": "newsaudit.page",
    "Block": "newsaudit.page",
    "BlockType": "newsaudit.page",
    "Comment": "newsaudit.page",
    "Finding": "newsaudit.page",
    # pipelines and stages
    "Pipeline": "newsaudit.pipeline",
    "PipelineConfig": "newsaudit.pipeline",
    "register_stage": "newsaudit.pipeline",
    "Stage": "newsaudit.stages.base",
    "AnatomyConfig": "newsaudit.stages.anatomy",
    "ProvenanceConfig": "newsaudit.stages.provenance",
    "SlantConfig": "newsaudit.stages.slant",
    "ClaimsConfig": "newsaudit.stages.claims",
    "CommentsConfig": "newsaudit.stages.comments",
    "ModerationConfig": "newsaudit.moderation.moderate",
    # errors
    "NewsauditError": "newsaudit.errors",
    "InputError": "newsaudit.errors",
    "RecordError": "newsaudit.errors",
    "ArchiveError": "newsaudit.provenance.archive_file",
    "ArchiveBusy": "newsaudit.provenance.archive_file",
    "FolderLocked": "newsaudit.batch.lock",
}

__all__ = [
    "AnatomyConfig",
    "ArchiveBusy",
    "ArchiveError",
    "Block",
    "BlockType",
    "ClaimsConfig",
    "Comment",
    "CommentsConfig",
    "Finding",
    "FolderLocked",
    "InputError",
    "ModerationConfig",
    "NewsauditError",
    "Page",
    "Pipeline",
    "PipelineConfig",
    "ProvenanceConfig",
    "RecordError",
    "Scorer",
    "Scores",
    "SlantConfig",
    "Stage",
    "__version__",
    "audit",
    "audit_many",
    "register_stage",
    "score",
    "scorer",
    "to_arrow",
    "to_frame",
]

if _typing.TYPE_CHECKING:
    from newsaudit.api import audit, audit_many
    from newsaudit.batch.lock import FolderLocked
    from newsaudit.errors import InputError, NewsauditError, RecordError
    from newsaudit.frames import to_arrow, to_frame
    from newsaudit.moderation.moderate import ModerationConfig
    from newsaudit.page import Block, BlockType, Comment, Finding, Page
    from newsaudit.pipeline import Pipeline, PipelineConfig, register_stage
    from newsaudit.provenance.archive_file import ArchiveBusy, ArchiveError
    from newsaudit.scoring import Scorer, Scores, score, scorer
    from newsaudit.stages.anatomy import AnatomyConfig
    from newsaudit.stages.base import Stage
    from newsaudit.stages.claims import ClaimsConfig
    from newsaudit.stages.comments import CommentsConfig
    from newsaudit.stages.provenance import ProvenanceConfig
    from newsaudit.stages.slant import SlantConfig


def __getattr__(name: str) -> object:
    """A public name, imported from its module on first use and kept here."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'newsaudit' has no attribute {name!r}")
    value = getattr(_importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names only (``dir(newsaudit)``), not the module's imports."""
    return sorted([*__all__, "__doc__", "__file__", "__name__", "__path__", "__spec__"])


del _typing
