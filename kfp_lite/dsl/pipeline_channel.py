"""kfp's module path ``kfp.dsl.pipeline_channel``: run-time values (channels) and ``dsl.OneOf``, the same objects as in ``kfp_lite.dsl``."""

from __future__ import annotations

from kfp_lite.dsl.channels import (
    OneOf,
    PipelineArtifactChannel,
    PipelineChannel,
    PipelineParameterChannel,
)

__all__ = ["OneOf", "PipelineArtifactChannel", "PipelineChannel", "PipelineParameterChannel"]
