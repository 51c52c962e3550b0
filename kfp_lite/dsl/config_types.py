"""Pipeline-level platform options: ``dsl.PipelineConfig`` and its workspace settings.

They compile into the second YAML document (``platforms.kubernetes.pipelineConfig``).
Bad values raise ``ValueError``/``TypeError`` at construction, as in kfp, since they are
plain constructor arguments the user can see at once.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Optional

_QUANTITY = re.compile(r"^[0-9]+(\.[0-9]+)?(Ei|Pi|Ti|Gi|Mi|Ki|E|P|T|G|M|K|m)?$")
_INT32_MAX = 2147483647


class KubernetesWorkspaceConfig:
    """Kubernetes settings of the workspace volume: a patch applied to its PVC spec."""

    def __init__(self, pvcSpecPatch: Optional[Dict[str, Any]] = None) -> None:  # noqa: N803
        self.pvcSpecPatch = pvcSpecPatch or {}

    def set_pvcSpecPatch(self, patch: Dict[str, Any]) -> None:  # noqa: N802
        self.pvcSpecPatch = patch


class WorkspaceConfig:
    """A volume shared by the tasks of a run (``{{$.workspace_path}}``)."""

    def __init__(self, size: str, kubernetes: Optional[KubernetesWorkspaceConfig] = None) -> None:
        self.size = size
        self.kubernetes = kubernetes or KubernetesWorkspaceConfig()

    @property
    def size(self) -> str:
        return self._size

    @size.setter
    def size(self, size: str) -> None:
        text = str(size).strip() if size is not None else ""
        if not text or not _QUANTITY.match(text):
            raise ValueError(f'workspace size "{size}" is not a Kubernetes quantity such as "10Gi" or "500Mi"')
        self._size = text

    def to_dict(self) -> dict:
        return {"size": self.size, "kubernetes": {"pvcSpecPatch": self.kubernetes.pvcSpecPatch}}


class PipelineConfig:
    """Run-level settings: workspace, time-to-live after completion, active deadline."""

    def __init__(self, workspace: Optional[WorkspaceConfig] = None,
                 ttl_seconds_after_finished: Optional[int] = None,
                 ttl_seconds_after_success: Optional[int] = None,
                 ttl_seconds_after_failure: Optional[int] = None,
                 active_deadline_seconds: Optional[int] = None) -> None:
        for name, value in (("ttl_seconds_after_finished", ttl_seconds_after_finished),
                            ("ttl_seconds_after_success", ttl_seconds_after_success),
                            ("ttl_seconds_after_failure", ttl_seconds_after_failure),
                            ("active_deadline_seconds", active_deadline_seconds)):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be an int, got {type(value).__name__}")
            if not 0 <= value <= _INT32_MAX:
                raise ValueError(f"{name} must be between 0 and {_INT32_MAX}, got {value}")
        self.workspace = workspace
        self.ttl_seconds_after_finished = ttl_seconds_after_finished
        self.ttl_seconds_after_success = ttl_seconds_after_success
        self.ttl_seconds_after_failure = ttl_seconds_after_failure
        self.active_deadline_seconds = active_deadline_seconds

    def to_platform_dict(self) -> dict:
        config: dict[str, Any] = {}
        if self.workspace is not None:
            config["workspace"] = self.workspace.to_dict()
        for key, value in (("resourceTtlOnCompletion", self.ttl_seconds_after_finished),
                           ("resourceTtlOnSuccess", self.ttl_seconds_after_success),
                           ("resourceTtlOnFailure", self.ttl_seconds_after_failure),
                           ("activeDeadlineSeconds", self.active_deadline_seconds)):
            if value:
                config[key] = value
        return config
