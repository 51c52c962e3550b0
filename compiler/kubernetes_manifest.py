"""``Compiler().compile(..., kubernetes_manifest_format=True)``: the compiled pipeline as
Kubeflow Pipelines' Kubernetes resources (``Pipeline`` and ``PipelineVersion``, API
``pipelines.kubeflow.org/v2beta1``), for clusters that take pipelines as Kubernetes objects.
The documents are the ones kfp 2.17.3 writes, with the spec and platform spec inside."""

from __future__ import annotations

from typing import Any, Optional

__all__ = ["KubernetesManifestOptions", "manifest_documents"]

API_VERSION = "pipelines.kubeflow.org/v2beta1"


class KubernetesManifestOptions:
    """Names and namespace of the manifest's resources; each name defaults as in kfp
    (the pipeline's name, then the display name)."""

    def __init__(self, pipeline_name: Optional[str] = None, pipeline_display_name: Optional[str] = None,
                 pipeline_version_name: Optional[str] = None,
                 pipeline_version_display_name: Optional[str] = None, namespace: Optional[str] = None,
                 include_pipeline_manifest: bool = False) -> None:
        self._pipeline_spec: Optional[dict] = None
        self.pipeline_name = pipeline_name
        self.pipeline_display_name = pipeline_display_name
        self.pipeline_version_name = pipeline_version_name
        self.pipeline_version_display_name = pipeline_version_display_name
        self.namespace = namespace
        self.include_pipeline_manifest = include_pipeline_manifest

    def set_pipeline_spec(self, pipeline_spec: Any) -> None:
        self._pipeline_spec = pipeline_spec

    @property
    def pipeline_name(self) -> Optional[str]:
        if self._pipeline_name is not None:
            return self._pipeline_name
        if isinstance(self._pipeline_spec, dict):
            return self._pipeline_spec.get("pipelineInfo", {}).get("name")
        return None

    @pipeline_name.setter
    def pipeline_name(self, value: Optional[str]) -> None:
        self._pipeline_name = value

    @property
    def pipeline_display_name(self) -> Optional[str]:
        return self._pipeline_display_name or self.pipeline_name

    @pipeline_display_name.setter
    def pipeline_display_name(self, value: Optional[str]) -> None:
        self._pipeline_display_name = value

    @property
    def pipeline_version_name(self) -> Optional[str]:
        return self._pipeline_version_name or self.pipeline_name

    @pipeline_version_name.setter
    def pipeline_version_name(self, value: Optional[str]) -> None:
        self._pipeline_version_name = value

    @property
    def pipeline_version_display_name(self) -> Optional[str]:
        return (self._pipeline_version_display_name or self.pipeline_version_name
                or self.pipeline_display_name)

    @pipeline_version_display_name.setter
    def pipeline_version_display_name(self, value: Optional[str]) -> None:
        self._pipeline_version_display_name = value


def manifest_documents(pipeline_spec: dict, platform_spec: dict,
                       options: Optional[KubernetesManifestOptions],
                       description: Optional[str]) -> list[dict]:
    """The ``Pipeline`` (when asked for) and ``PipelineVersion`` documents."""
    opts = options or KubernetesManifestOptions()
    opts.set_pipeline_spec(pipeline_spec)
    documents: list[dict] = []

    def metadata(name: Optional[str]) -> dict:
        data: dict[str, Any] = {"name": name}
        if opts.namespace:
            data["namespace"] = opts.namespace
        return data

    if opts.include_pipeline_manifest:
        spec: dict[str, Any] = {"displayName": opts.pipeline_display_name}
        if description:
            spec["description"] = description
        documents.append({"apiVersion": API_VERSION, "kind": "Pipeline",
                          "metadata": metadata(opts.pipeline_name), "spec": spec})
    version_spec: dict[str, Any] = {"displayName": opts.pipeline_version_display_name,
                                    "pipelineName": opts.pipeline_name,
                                    "pipelineSpec": pipeline_spec}
    if platform_spec:
        version_spec["platformSpec"] = platform_spec
    if description:
        version_spec["description"] = description
    documents.append({"apiVersion": API_VERSION, "kind": "PipelineVersion",
                      "metadata": metadata(opts.pipeline_version_name), "spec": version_spec})
    return documents
