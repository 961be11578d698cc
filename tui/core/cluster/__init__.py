"""Story clustering: group articles from different outlets that report the same event.

The package's face; see ``clusterer`` for how it works. Modules: ``model`` (docs, placements,
constraints, configuration, results), ``words`` and ``vocabulary`` (terms), ``state`` (docs and
clusters in memory), ``clusterer`` (placement), ``names`` (key-name conflicts), ``merging``,
``explain`` (scores and evidence), ``batch`` (from scratch), ``weighed`` and
``merge_weights`` (the last merge, by a fitted model), ``aftermath`` (a feature placed by its
outlet's country), ``quality`` (B-cubed).
"""

from tui.core.cluster.clusterer import StoryClusterer, cluster_docs
from tui.core.cluster.model import (
    BatchResult,
    ClusterConfig,
    ClusterResult,
    Constraints,
    Doc,
    DocId,
    Placement,
    outlet_kind,
)

__all__ = [
    "BatchResult",
    "ClusterConfig",
    "ClusterResult",
    "Constraints",
    "Doc",
    "DocId",
    "Placement",
    "StoryClusterer",
    "cluster_docs",
    "outlet_kind",
]
