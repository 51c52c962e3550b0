"""A small client for the Kubeflow Pipelines REST API (v2beta1): ``kfp_lite.Client``.

    client = kfp_lite.Client(host="https://kfp.example.com", existing_token=token)
    run = client.create_run_from_pipeline_package("pipeline.yaml", arguments={"epochs": 3})
    run.wait_for_run_completion(timeout=3600)
"""

from __future__ import annotations

from .client import Client, RunPipelineResult, read_pipeline_package, submission
from .records import ApiRecord
from .transport import ClientError

__all__ = ["ApiRecord", "Client", "ClientError", "RunPipelineResult", "read_pipeline_package", "submission"]
