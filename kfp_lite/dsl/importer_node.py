"""kfp's module path ``kfp.dsl.importer_node``: ``dsl.importer``, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.components import importer

__all__ = ["importer"]
