"""Pydantic v2 models of the KFP v2 PipelineSpec (schemaVersion 2.1.0) as written in YAML.

The models follow the protobuf messages of ``pipeline_spec.proto`` in their JSON mapping:
camelCase keys, unknown keys rejected (the proto parser rejects them too), int64 fields as
decimal strings or integers, ``google.protobuf.Value`` / ``Struct`` fields as free JSON.
They are the source of ``pipeline_spec.schema.json``; ``ir_schema.validate`` checks documents
against that generated schema, not against these classes, so this module loads only for
schema generation and for code that wants typed access to a spec.

A proto ``oneof`` is written as ``exactly_one`` (KFP cannot run the message without one of
the alternatives) or ``at_most_one`` in ``_Message.oneofs``; both are enforced here and
exported to the JSON Schema.
"""

from __future__ import annotations

from typing import Any, ClassVar, Dict, List, Literal, Optional, Tuple, Union

from pydantic import BaseModel, ConfigDict, Field, JsonValue, StringConstraints, model_validator
from typing_extensions import Annotated

from kfp_lite import ir_types

# ---------------------------------------------------------------------------------------------
# scalar vocabulary

# the IR vocabulary's names, in the order of the proto enum
ParameterTypeName = Literal[("PARAMETER_TYPE_ENUM_UNSPECIFIED", *ir_types.NAMES)]  # type: ignore[valid-type]
PrimitiveTypeName = Literal["PRIMITIVE_TYPE_UNSPECIFIED", "INT", "DOUBLE", "STRING"]
TriggerStrategyName = Literal[
    "TRIGGER_STRATEGY_UNSPECIFIED", "ALL_UPSTREAM_TASKS_SUCCEEDED", "ALL_UPSTREAM_TASKS_COMPLETED"
]
TaskConfigFieldName = Literal[
    "NONE",
    "RESOURCES",
    "ENV",
    "KUBERNETES_AFFINITY",
    "KUBERNETES_TOLERATIONS",
    "KUBERNETES_NODE_SELECTOR",
    "KUBERNETES_VOLUMES",
]

#: ``<namespace>.<Name>``, e.g. ``system.Dataset`` or ``google.VertexModel``
SCHEMA_TITLE_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$"
#: int64 in the proto JSON mapping: a decimal string (what the SDK writes) or an integer
Int64 = Union[int, Annotated[str, StringConstraints(pattern=r"^-?[0-9]+$")]]
#: google.protobuf.Duration in the proto JSON mapping, e.g. ``30s`` or ``0.5s``
Duration = Annotated[str, StringConstraints(pattern=r"^-?[0-9]+(\.[0-9]{1,9})?s$")]
SchemaTitle = Annotated[str, StringConstraints(pattern=SCHEMA_TITLE_PATTERN)]
#: google.protobuf.Struct: any JSON object
Struct = Dict[str, JsonValue]


class _Message(BaseModel):
    """A proto message: unknown keys are errors, as in the proto JSON parser."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False)

    #: proto oneof groups: (kind, field names) with kind ``exactly_one`` or ``at_most_one``
    oneofs: ClassVar[Tuple[Tuple[str, Tuple[str, ...]], ...]] = ()

    @model_validator(mode="after")
    def _check_oneofs(self) -> _Message:
        for kind, names in self.oneofs:
            present = [n for n in names if getattr(self, n) is not None]
            if len(present) > 1:
                raise ValueError(f"only one of {', '.join(names)} may be set, got {present}")
            if kind == "exactly_one" and not present:
                raise ValueError(f"one of {', '.join(names)} is required")
        return self

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        rules: list[dict[str, Any]] = []
        for kind, names in cls.oneofs:
            pairs = [[a, b] for i, a in enumerate(names) for b in names[i + 1 :]]
            # one `not` per pair: jsonschema renders a failing subschema's instance eagerly,
            # and a `not: {anyOf: ...}` would do so for every valid message
            rules.extend({"not": {"required": p}} for p in pairs)
            if kind == "exactly_one":
                rules.append({"anyOf": [{"required": [n]} for n in names]})
        if rules:
            target["allOf"] = rules
        return schema


# ---------------------------------------------------------------------------------------------
# types and interfaces


class ArtifactTypeSchema(_Message):
    """The type of an artifact: ``{schemaTitle: system.Dataset, schemaVersion: 0.0.1}``."""

    oneofs = (("exactly_one", ("schemaTitle", "schemaUri", "instanceSchema")),)

    schemaTitle: Optional[SchemaTitle] = Field(
        None, description="Artifact type name, `<namespace>.<Name>` (e.g. system.Dataset)."
    )
    schemaUri: Optional[str] = None
    instanceSchema: Optional[str] = None
    schemaVersion: Optional[str] = Field(None, description="Version of the type, e.g. 0.0.1.")


class InputParameterDefinition(_Message):
    """An input parameter of a component."""

    parameterType: ParameterTypeName = Field(description="The parameter's type.")
    type: Optional[PrimitiveTypeName] = Field(None, description="Deprecated; not emitted.")
    defaultValue: Optional[JsonValue] = None
    isOptional: Optional[bool] = None
    description: Optional[str] = None
    literals: Optional[List[JsonValue]] = None


class InputArtifactDefinition(_Message):
    """An input artifact of a component."""

    artifactType: ArtifactTypeSchema
    isArtifactList: Optional[bool] = None
    isOptional: Optional[bool] = None
    description: Optional[str] = None


class ComponentInputsSpec(_Message):
    parameters: Optional[Dict[str, InputParameterDefinition]] = None
    artifacts: Optional[Dict[str, InputArtifactDefinition]] = None


class OutputParameterDefinition(_Message):
    """An output parameter of a component."""

    parameterType: ParameterTypeName
    type: Optional[PrimitiveTypeName] = Field(None, description="Deprecated; not emitted.")
    description: Optional[str] = None


class ProtoValue(_Message):
    """ml_pipelines.Value (deprecated scalar holder)."""

    oneofs = (("at_most_one", ("intValue", "doubleValue", "stringValue")),)

    intValue: Optional[Int64] = None
    doubleValue: Optional[float] = None
    stringValue: Optional[str] = None


class ValueOrRuntimeParameter(_Message):
    """A constant (``constant``: any JSON value) or the name of a runtime parameter."""

    oneofs = (("at_most_one", ("constantValue", "runtimeParameter", "constant")),)

    constantValue: Optional[ProtoValue] = None
    runtimeParameter: Optional[str] = None
    constant: Optional[JsonValue] = None


class OutputArtifactDefinition(_Message):
    """An output artifact of a component."""

    artifactType: ArtifactTypeSchema
    properties: Optional[Dict[str, ValueOrRuntimeParameter]] = None
    customProperties: Optional[Dict[str, ValueOrRuntimeParameter]] = None
    metadata: Optional[Struct] = None
    isArtifactList: Optional[bool] = None
    description: Optional[str] = None


class ComponentOutputsSpec(_Message):
    parameters: Optional[Dict[str, OutputParameterDefinition]] = None
    artifacts: Optional[Dict[str, OutputArtifactDefinition]] = None


# ---------------------------------------------------------------------------------------------
# tasks


class PipelineTaskInfo(_Message):
    name: Optional[str] = Field(None, description="Display name of the task.")


class ComponentRef(_Message):
    name: str = Field(description="Key of a component in `components`.")


class TaskOutputParameterSpec(_Message):
    producerTask: str = Field(description="A task of the same DAG.")
    outputParameterKey: str


class TaskFinalStatusSpec(_Message):
    producerTask: str


class TaskInputParameter(_Message):
    """Where the value of a task's input parameter comes from."""

    oneofs = (
        (
            "exactly_one",
            ("taskOutputParameter", "runtimeValue", "componentInputParameter", "taskFinalStatus"),
        ),
    )

    taskOutputParameter: Optional[TaskOutputParameterSpec] = None
    runtimeValue: Optional[ValueOrRuntimeParameter] = None
    componentInputParameter: Optional[str] = Field(
        None, description="An input parameter of the enclosing component."
    )
    taskFinalStatus: Optional[TaskFinalStatusSpec] = None
    parameterExpressionSelector: Optional[str] = None


class TaskOutputArtifactSpec(_Message):
    producerTask: str
    outputArtifactKey: str


class TaskInputArtifact(_Message):
    """Where a task's input artifact comes from."""

    oneofs = (("exactly_one", ("taskOutputArtifact", "componentInputArtifact")),)

    taskOutputArtifact: Optional[TaskOutputArtifactSpec] = None
    componentInputArtifact: Optional[str] = Field(
        None, description="An input artifact of the enclosing component."
    )


class TaskInputsSpec(_Message):
    parameters: Optional[Dict[str, TaskInputParameter]] = None
    artifacts: Optional[Dict[str, TaskInputArtifact]] = None


class CachingOptions(_Message):
    enableCache: Optional[bool] = None
    cacheKey: Optional[str] = None


class TriggerPolicy(_Message):
    condition: Optional[str] = Field(None, description="A CEL expression over the inputs.")
    strategy: Optional[TriggerStrategyName] = None


class ParameterItemsSpec(_Message):
    oneofs = (("exactly_one", ("raw", "inputParameter")),)

    raw: Optional[str] = Field(None, description="The items as a JSON array in a string.")
    inputParameter: Optional[str] = Field(None, description="An input parameter of the task.")


class ParameterIteratorSpec(_Message):
    items: ParameterItemsSpec
    itemInput: str = Field(description="Input of the loop component per item.")


class ArtifactItemsSpec(_Message):
    inputArtifact: str


class ArtifactIteratorSpec(_Message):
    items: ArtifactItemsSpec
    itemInput: str


class RetryPolicy(_Message):
    maxRetryCount: Optional[int] = None
    backoffDuration: Optional[Duration] = None
    backoffFactor: Optional[float] = None
    backoffMaxDuration: Optional[Duration] = None


class IteratorPolicy(_Message):
    parallelismLimit: Optional[int] = None


class PipelineTaskSpec(_Message):
    """A task of a DAG: an instance of a component with its inputs and policies."""

    oneofs = (("at_most_one", ("artifactIterator", "parameterIterator")),)

    taskInfo: Optional[PipelineTaskInfo] = None
    inputs: Optional[TaskInputsSpec] = None
    dependentTasks: Optional[List[str]] = Field(
        None, description="Names of tasks of the same DAG that must finish first."
    )
    cachingOptions: Optional[CachingOptions] = None
    componentRef: ComponentRef
    triggerPolicy: Optional[TriggerPolicy] = None
    artifactIterator: Optional[ArtifactIteratorSpec] = None
    parameterIterator: Optional[ParameterIteratorSpec] = None
    retryPolicy: Optional[RetryPolicy] = None
    iteratorPolicy: Optional[IteratorPolicy] = None


# ---------------------------------------------------------------------------------------------
# DAGs and components


class ParameterSelectorSpec(_Message):
    producerSubtask: str
    outputParameterKey: str


class ParameterSelectorsSpec(_Message):
    parameterSelectors: Optional[List[ParameterSelectorSpec]] = None


class DagOutputParameterSpec(_Message):
    oneofs = (("exactly_one", ("valueFromParameter", "valueFromOneof")),)

    valueFromParameter: Optional[ParameterSelectorSpec] = None
    valueFromOneof: Optional[ParameterSelectorsSpec] = None


class ArtifactSelectorSpec(_Message):
    producerSubtask: str
    outputArtifactKey: str


class DagOutputArtifactSpec(_Message):
    artifactSelectors: Optional[List[ArtifactSelectorSpec]] = None


class DagOutputsSpec(_Message):
    parameters: Optional[Dict[str, DagOutputParameterSpec]] = None
    artifacts: Optional[Dict[str, DagOutputArtifactSpec]] = None


class DagSpec(_Message):
    tasks: Optional[Dict[str, PipelineTaskSpec]] = None
    outputs: Optional[DagOutputsSpec] = None


class KubernetesWorkspaceConfig(_Message):
    pvcSpecPatch: Optional[Struct] = None


class WorkspaceConfig(_Message):
    size: Optional[str] = None
    kubernetes: Optional[KubernetesWorkspaceConfig] = None


class PipelineConfig(_Message):
    resourceTtlOnCompletion: Optional[int] = None
    resourceTtlOnSuccess: Optional[int] = None
    resourceTtlOnFailure: Optional[int] = None
    activeDeadlineSeconds: Optional[int] = None
    workspace: Optional[WorkspaceConfig] = None


class PlatformDeploymentConfig(_Message):
    executors: Optional[Dict[str, Struct]] = Field(
        None, description="Platform configuration per executor label (free form)."
    )


class SinglePlatformSpec(_Message):
    deploymentSpec: Optional[PlatformDeploymentConfig] = None
    platform: Optional[str] = None
    config: Optional[Struct] = None
    pipelineConfig: Optional[PipelineConfig] = None


class TaskConfigPassthrough(_Message):
    field: Optional[TaskConfigFieldName] = None
    applyToTask: Optional[bool] = None


class ComponentSpec(_Message):
    """A component: its interface and either a DAG of tasks or an executor.

    Neither is present for a control-flow group with no task inside (``with dsl.If(...):
    pass``): kfp writes such a group's component without a DAG.
    """

    oneofs = (("at_most_one", ("dag", "executorLabel")),)

    inputDefinitions: Optional[ComponentInputsSpec] = None
    outputDefinitions: Optional[ComponentOutputsSpec] = None
    dag: Optional[DagSpec] = None
    executorLabel: Optional[str] = Field(
        None, description="Key of an executor in `deploymentSpec.executors`."
    )
    singlePlatformSpecs: Optional[List[SinglePlatformSpec]] = None
    taskConfigPassthroughs: Optional[List[TaskConfigPassthrough]] = None


# ---------------------------------------------------------------------------------------------
# executors


class LifecycleExec(_Message):
    command: Optional[List[str]] = None
    args: Optional[List[str]] = None


class Lifecycle(_Message):
    preCacheCheck: Optional[LifecycleExec] = None


class AcceleratorConfig(_Message):
    type: Optional[str] = None
    count: Optional[Int64] = None
    resourceType: Optional[str] = None
    resourceCount: Optional[str] = None


class ResourceSpec(_Message):
    cpuLimit: Optional[float] = None
    memoryLimit: Optional[float] = None
    cpuRequest: Optional[float] = None
    memoryRequest: Optional[float] = None
    resourceCpuLimit: Optional[str] = None
    resourceMemoryLimit: Optional[str] = None
    resourceCpuRequest: Optional[str] = None
    resourceMemoryRequest: Optional[str] = None
    accelerator: Optional[AcceleratorConfig] = None


class EnvVar(_Message):
    name: str
    value: Optional[str] = None


class PipelineContainerSpec(_Message):
    image: str
    command: Optional[List[str]] = None
    args: Optional[List[str]] = None
    lifecycle: Optional[Lifecycle] = None
    resources: Optional[ResourceSpec] = None
    env: Optional[List[EnvVar]] = None


class ImporterSpec(_Message):
    artifactUri: Optional[ValueOrRuntimeParameter] = None
    typeSchema: Optional[ArtifactTypeSchema] = None
    properties: Optional[Dict[str, ValueOrRuntimeParameter]] = None
    customProperties: Optional[Dict[str, ValueOrRuntimeParameter]] = None
    reimport: Optional[bool] = None
    metadata: Optional[Struct] = None
    downloadToWorkspace: Optional[bool] = None


class ArtifactQuerySpec(_Message):
    filter: Optional[str] = None
    limit: Optional[int] = None


class ResolverSpec(_Message):
    outputArtifactQueries: Optional[Dict[str, ArtifactQuerySpec]] = None


class CustomJobSpec(_Message):
    customJob: Optional[Struct] = None


class ExecutorSpec(_Message):
    """How a component runs: a container, an importer, (rarely) a resolver or custom job."""

    oneofs = (("exactly_one", ("container", "importer", "resolver", "customJob")),)

    container: Optional[PipelineContainerSpec] = None
    importer: Optional[ImporterSpec] = None
    resolver: Optional[ResolverSpec] = None
    customJob: Optional[CustomJobSpec] = None


class PipelineDeploymentConfig(_Message):
    executors: Optional[Dict[str, ExecutorSpec]] = None


# ---------------------------------------------------------------------------------------------
# documents


class PipelineInfo(_Message):
    name: str = Field(description="Name of the pipeline.")
    displayName: Optional[str] = None
    description: Optional[str] = None


class PipelineSpec(_Message):
    """The first YAML document of a compiled KFP v2 pipeline."""

    model_config = ConfigDict(
        extra="forbid",
        title="KFP v2 PipelineSpec",
        json_schema_extra={
            "description": "A compiled Kubeflow Pipelines v2 pipeline (PipelineSpec, "
            "schemaVersion 2.1.0), the first YAML document of the file."
        },
    )

    pipelineInfo: PipelineInfo
    deploymentSpec: Optional[PipelineDeploymentConfig] = None
    sdkVersion: Optional[str] = Field(None, description="The SDK that wrote the spec.")
    schemaVersion: Literal["2.1.0"] = Field(description="Version of the spec format; always 2.1.0.")
    components: Optional[Dict[str, ComponentSpec]] = None
    root: ComponentSpec = Field(description="The pipeline's own component.")
    defaultPipelineRoot: Optional[str] = None


def __getattr__(name: str) -> Any:
    # the platform document's models need these and the Kubernetes ones: they live beside
    if name == "PlatformSpec":
        from kfp_lite.ir_schema.kubernetes_models import PlatformSpec

        return PlatformSpec
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
