"""Pydantic v2 models of kfp-kubernetes' ``KubernetesExecutorConfig`` (2.17.3): what a KFP
backend reads from ``platforms.kubernetes.deploymentSpec.executors.<label>``.

The platform document stores each executor's settings as a ``google.protobuf.Struct``; the
backend parses it into this message, so unknown keys and wrong types fail the run there.
Numbers went through the Struct: int64 fields are decimal strings (or integers), an int32
field (``weight``) may be written as a float with no fraction (``50.0``), as kfp writes it.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Union

from kfp_lite.ir_schema.models import Int64, SinglePlatformSpec, TaskInputParameter, _Message
from pydantic import ConfigDict, Field
from typing_extensions import Annotated

#: int32 after a trip through google.protobuf.Struct: an integer, possibly written as 50.0
Int32 = Union[int, Annotated[float, Field(multiple_of=1)]]


class SecretKeyToEnv(_Message):
    secretKey: Optional[str] = None
    envVar: Optional[str] = None


class SecretAsEnv(_Message):
    secretName: Optional[str] = Field(None, description="Deprecated: the constant name, next to secretNameParameter.")
    keyToEnv: Optional[List[SecretKeyToEnv]] = None
    optional: Optional[bool] = None
    secretNameParameter: Optional[TaskInputParameter] = None


class SecretAsVolume(_Message):
    secretName: Optional[str] = Field(None, description="Deprecated: the constant name, next to secretNameParameter.")
    mountPath: Optional[str] = None
    optional: Optional[bool] = None
    secretNameParameter: Optional[TaskInputParameter] = None


class ConfigMapKeyToEnv(_Message):
    configMapKey: Optional[str] = None
    envVar: Optional[str] = None


class ConfigMapAsEnv(_Message):
    configMapName: Optional[str] = Field(None, description="Deprecated: the constant name.")
    keyToEnv: Optional[List[ConfigMapKeyToEnv]] = None
    optional: Optional[bool] = None
    configMapNameParameter: Optional[TaskInputParameter] = None


class ConfigMapAsVolume(_Message):
    configMapName: Optional[str] = Field(None, description="Deprecated: the constant name.")
    mountPath: Optional[str] = None
    optional: Optional[bool] = None
    configMapNameParameter: Optional[TaskInputParameter] = None


class PvcOutputParameter(_Message):
    producerTask: str
    outputParameterKey: str


class PvcMount(_Message):
    """A claim mounted in the container; the flat reference is the deprecated form."""

    oneofs = (("at_most_one", ("taskOutputParameter", "constant", "componentInputParameter")),)

    taskOutputParameter: Optional[PvcOutputParameter] = None
    constant: Optional[str] = None
    componentInputParameter: Optional[str] = None
    mountPath: Optional[str] = None
    pvcNameParameter: Optional[TaskInputParameter] = None
    subPath: Optional[str] = None


class NodeSelector(_Message):
    labels: Optional[Dict[str, str]] = None
    nodeSelectorJson: Optional[TaskInputParameter] = None


class PodMetadata(_Message):
    labels: Optional[Dict[str, str]] = None
    annotations: Optional[Dict[str, str]] = None


class ImagePullSecret(_Message):
    secretName: Optional[str] = Field(None, description="Deprecated: the constant name.")
    secretNameParameter: Optional[TaskInputParameter] = None


class FieldPathAsEnv(_Message):
    name: Optional[str] = None
    fieldPath: Optional[str] = None


class Toleration(_Message):
    key: Optional[str] = None
    operator: Optional[str] = None
    value: Optional[str] = None
    effect: Optional[str] = None
    tolerationSeconds: Optional[Int64] = None
    tolerationJson: Optional[TaskInputParameter] = None


class GenericEphemeralVolume(_Message):
    volumeName: Optional[str] = None
    mountPath: Optional[str] = None
    accessModes: Optional[List[str]] = None
    size: Optional[str] = None
    defaultStorageClass: Optional[bool] = None
    storageClassName: Optional[str] = None
    metadata: Optional[PodMetadata] = None


class SelectorRequirement(_Message):
    key: Optional[str] = None
    operator: Optional[str] = None
    values: Optional[List[str]] = None


class NodeAffinityTerm(_Message):
    matchExpressions: Optional[List[SelectorRequirement]] = None
    matchFields: Optional[List[SelectorRequirement]] = None
    weight: Optional[Int32] = None
    nodeAffinityJson: Optional[TaskInputParameter] = None


class PodAffinityTerm(_Message):
    matchPodExpressions: Optional[List[SelectorRequirement]] = None
    matchPodLabels: Optional[Dict[str, str]] = None
    topologyKey: Optional[str] = None
    namespaces: Optional[List[str]] = None
    matchNamespaceExpressions: Optional[List[SelectorRequirement]] = None
    matchNamespaceLabels: Optional[Dict[str, str]] = None
    weight: Optional[Int32] = None
    anti: Optional[bool] = None


class EnabledSharedMemory(_Message):
    volumeName: Optional[str] = None
    size: Optional[str] = None


class EmptyDirMount(_Message):
    volumeName: Optional[str] = None
    mountPath: Optional[str] = None
    medium: Optional[str] = None
    sizeLimit: Optional[str] = None


class SecurityContext(_Message):
    runAsUser: Optional[Int64] = None
    runAsGroup: Optional[Int64] = None
    runAsNonRoot: Optional[bool] = None


class KubernetesExecutorConfig(_Message):
    """One executor's Kubernetes settings, as ``kfp_lite.kubernetes`` / kfp-kubernetes write them."""

    secretAsVolume: Optional[List[SecretAsVolume]] = None
    secretAsEnv: Optional[List[SecretAsEnv]] = None
    pvcMount: Optional[List[PvcMount]] = None
    nodeSelector: Optional[NodeSelector] = None
    podMetadata: Optional[PodMetadata] = None
    imagePullSecret: Optional[List[ImagePullSecret]] = None
    imagePullPolicy: Optional[str] = None
    configMapAsVolume: Optional[List[ConfigMapAsVolume]] = None
    configMapAsEnv: Optional[List[ConfigMapAsEnv]] = None
    activeDeadlineSeconds: Optional[Int64] = None
    fieldPathAsEnv: Optional[List[FieldPathAsEnv]] = None
    tolerations: Optional[List[Toleration]] = None
    genericEphemeralVolume: Optional[List[GenericEphemeralVolume]] = None
    nodeAffinity: Optional[List[NodeAffinityTerm]] = None
    podAffinity: Optional[List[PodAffinityTerm]] = None
    enabledSharedMemory: Optional[EnabledSharedMemory] = None
    emptyDirMounts: Optional[List[EmptyDirMount]] = None
    securityContext: Optional[SecurityContext] = None


class KubernetesDeploymentConfig(_Message):
    executors: Optional[Dict[str, KubernetesExecutorConfig]] = Field(
        None, description="Kubernetes settings per executor label of the PipelineSpec."
    )


class KubernetesPlatformSpec(SinglePlatformSpec):
    deploymentSpec: Optional[KubernetesDeploymentConfig] = None  # type: ignore[assignment]


class Platforms(_Message):
    """``platforms``: the Kubernetes settings typed, any other platform free form."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: Dict[str, SinglePlatformSpec] = Field(init=False)  # type: ignore[assignment]

    kubernetes: Optional[KubernetesPlatformSpec] = None


class PlatformSpec(_Message):
    """The optional second YAML document: platform-specific configuration."""

    platforms: Optional[Platforms] = None


__all__ = ["KubernetesExecutorConfig", "PlatformSpec"]
