"""Kubernetes settings for tasks, function for function as in kfp-kubernetes 2.17.3.

``from kfp import kubernetes`` becomes ``from kfp_lite import kubernetes``; nothing else to
install. Each function changes one task (and returns it) and compiles into the second YAML
document, ``platforms: kubernetes: deploymentSpec: executors: ...``, exactly as kfp-kubernetes
writes it. Mistakes are diagnostics (KFL9xx) with the place of the call.
"""

from __future__ import annotations

from .pod import (
    add_pod_annotation,
    add_pod_label,
    set_image_pull_policy,
    set_security_context,
    set_timeout,
)
from .scheduling import (
    add_node_affinity,
    add_node_affinity_json,
    add_node_selector,
    add_node_selector_json,
    add_toleration,
    add_toleration_json,
)
from .sources import (
    set_image_pull_secrets,
    use_config_map_as_env,
    use_config_map_as_volume,
    use_field_path_as_env,
    use_secret_as_env,
    use_secret_as_volume,
)
from .volumes import CreatePVC, DeletePVC, add_ephemeral_volume, empty_dir_mount, mount_pvc

__all__ = [
    "add_ephemeral_volume",
    "add_node_selector",
    "add_node_selector_json",
    "add_node_affinity",
    "add_node_affinity_json",
    "add_pod_annotation",
    "add_pod_label",
    "add_toleration",
    "add_toleration_json",
    "CreatePVC",
    "DeletePVC",
    "empty_dir_mount",
    "mount_pvc",
    "set_image_pull_policy",
    "use_field_path_as_env",
    "set_image_pull_secrets",
    "set_security_context",
    "set_timeout",
    "use_config_map_as_env",
    "use_config_map_as_volume",
    "use_secret_as_env",
    "use_secret_as_volume",
]
