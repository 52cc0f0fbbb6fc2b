"""The pipeline: match new or changed leads, keep links and review items, enrich, flag duplicates.

Services called by the CLI, the API and the demo alike.
"""

from leadlink.pipeline.run import RunSummary, run
from leadlink.pipeline.summary import PipelineSummary, summarize

__all__ = ["PipelineSummary", "RunSummary", "run", "summarize"]
