"""The catalogue of diagnostic codes: each failure kfp_lite can report, defined once.

Codes are stable: a code is never reused for another meaning. Every code here is documented
in ``docs/diagnostics.md`` with a bad example and the fix (a test keeps the two in step).

Ranges: KFL0xx the user's module and command line, KFL1xx component interfaces,
KFL2xx wiring and types of task arguments, KFL3xx topology and control flow,
KFL4xx placeholders and container specs, KFL5xx run configuration, KFL6xx lint warnings,
KFL7xx best-practice lints (warnings; KFL790-799: the checker's own settings and
suppressions), KFL8xx local runner, KFL9xx platform (Kubernetes) settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .diagnostics import ERROR, WARNING, Diagnostic, SourceLocation


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    summary: str
    severity: str = ERROR

    def __call__(
        self,
        message: str,
        *,
        location: Optional[SourceLocation] = None,
        task_path: Optional[str] = None,
        hint: Optional[str] = None,
        expected: Optional[str] = None,
        got: Optional[str] = None,
        severity: Optional[str] = None,
    ) -> Diagnostic:
        return Diagnostic(
            code=self.code,
            message=message,
            severity=severity or self.severity,
            location=location,
            task_path=task_path,
            hint=hint,
            expected=expected,
            got=got,
        )


CATALOGUE: dict[str, Code] = {}


def _code(code: str, name: str, summary: str, severity: str = ERROR) -> Code:
    entry = Code(code, name, summary, severity)
    assert code not in CATALOGUE, code
    CATALOGUE[code] = entry
    return entry


# KFL0xx: the user's module and the command line
FILE_NOT_FOUND = _code("KFL001", "file-not-found", "The pipeline file does not exist or is not readable.")
MODULE_SYNTAX_ERROR = _code("KFL002", "module-syntax-error", "The pipeline file is not valid Python.")
MODULE_IMPORT_ERROR = _code("KFL003", "module-import-error", "The pipeline module raised an exception while it was imported.")
NO_PIPELINE = _code("KFL004", "no-pipeline", "The module defines no pipeline and no component to compile.")
AMBIGUOUS_PIPELINE = _code("KFL005", "ambiguous-pipeline", "The module defines several pipelines and no --function chooses one.")
UNKNOWN_FUNCTION = _code("KFL006", "unknown-function", "--function names nothing compilable in the module.")
BAD_OUTPUT_PATH = _code("KFL007", "bad-output-path", "The output file cannot be written (missing directory, no permission, bad extension).")
BAD_PARAMETER_OPTION = _code("KFL008", "bad-parameter-option", "A -p NAME=VALUE option is malformed, names no pipeline parameter, or has the wrong type.")
INTERNAL_ERROR = _code("KFL009", "internal-error", "kfp_lite itself failed; please report it with the pipeline that caused it.")
UNREADABLE_SPEC = _code("KFL010", "unreadable-spec", "A YAML file to load or validate cannot be read or parsed.")
REFUSED_YAML = _code("KFL011", "refused-yaml", "A YAML input exceeds what kfp_lite reads safely: too large, too deep, an alias bomb, a recursive alias, a NUL byte, a duplicate key or an overlong number.")
UNKNOWN_KEYWORD = _code("KFL012", "unknown-keyword", "An API call got a keyword argument it does not take (e.g. Compiler().compile(pipline_name=...)).")
LONE_COMPONENT = _code("KFL013", "lone-component", "The file defines no @dsl.pipeline; its one component was compiled alone.", WARNING)
BAD_API_ARGUMENT = _code("KFL030", "bad-api-argument", "An API call got an argument of the wrong type (e.g. Compiler().compile(p, 'p.yaml', pipeline_name=3)).")

# KFL1xx: component interfaces
MISSING_ANNOTATION = _code("KFL101", "missing-annotation", "A component parameter has no type annotation.")
UNSUPPORTED_ANNOTATION = _code("KFL102", "unsupported-annotation", "A type annotation is not a parameter or artifact type kfp_lite understands.")
BAD_DEFAULT = _code("KFL103", "bad-default", "A default value does not match its annotation.")
RESERVED_NAME = _code("KFL104", "reserved-name", "A parameter uses a name the IR reserves (e.g. 'Output' next to a return value).")
INCONSISTENT_ANNOTATION = _code("KFL105", "inconsistent-annotation", "Annotations contradict each other (e.g. an output list of artifacts on a component).")
BAD_RETURN = _code("KFL106", "bad-return", "A return annotation cannot be turned into outputs.")
BAD_COMPONENT_SOURCE = _code("KFL107", "bad-component-source", "The component function's source cannot be read (defined in a REPL, a lambda, or async).")
BAD_COMPONENT_OPTION = _code("KFL108", "bad-component-option", "A @dsl.component / @dsl.pipeline option has a wrong value.")
BAD_COMPONENT_YAML = _code("KFL109", "bad-component-yaml", "A component YAML file cannot be loaded as a component.")
EMBEDDED_INPUT_WITHOUT_FILES = _code("KFL120", "embedded-input-without-files", "A component takes a dsl.EmbeddedInput but embeds no files (no embedded_artifact_path).")
BAD_EMBEDDED_PATH = _code("KFL121", "bad-embedded-path", "embedded_artifact_path or notebook_path does not name usable files.")
BAD_MATERIALIZER = _code("KFL140", "bad-materializer", "A materializer given to a component is not a Materializer class, cannot be shipped, or no materializer handles a dsl.Materialized type.")
PICKLE_MATERIALIZER = _code("KFL141", "pickle-materializer", "An input or output is stored with the pickle materializer; loading a pickle runs code chosen by its writer.", WARNING)
PASSTHROUGH_NOT_DECLARED = _code("KFL122", "passthrough-not-declared", "A task sets resources or environment that its component's task_config_passthroughs do not pass through.")

# KFL2xx: task arguments and types
TYPE_MISMATCH = _code("KFL201", "type-mismatch", "A task argument's type is not accepted by the input it is passed to.")
MISSING_ARGUMENT = _code("KFL202", "missing-argument", "A required input of a task got no argument.")
UNKNOWN_ARGUMENT = _code("KFL203", "unknown-argument", "A task was given an argument its component does not have.")
POSITIONAL_ARGUMENT = _code("KFL204", "positional-argument", "A component was called with positional arguments.")
UNKNOWN_OUTPUT = _code("KFL205", "unknown-output", "`.outputs[...]` names an output the task does not have.")
AMBIGUOUS_OUTPUT = _code("KFL206", "ambiguous-output", "`.output` was used on a task with no output or several outputs.")
ARGUMENT_TO_OUTPUT = _code("KFL207", "argument-to-output", "An argument was given to an Output[...] / OutputPath parameter.")
BAD_ARGUMENT_VALUE = _code("KFL208", "bad-argument-value", "An argument is a value kfp_lite cannot pass (an artifact object, a function, ...).")
BAD_TASK_OPTION = _code("KFL209", "bad-task-option", "A task setter got a bad value (cpu, memory, accelerator, retry, ...).")
MATERIALIZED_TYPE_MISMATCH = _code("KFL220", "materialized-type-mismatch", "A materialized output feeds a materialized input of another Python type.")
PIPELINE_OUTPUT_MISMATCH = _code("KFL210", "pipeline-output-mismatch", "A pipeline returns something that does not match its return annotation.")
BAD_PIPELINE_PARAMETER = _code("KFL211", "bad-pipeline-parameter", "A pipeline parameter value given at compile time is unknown or of the wrong type.")

# KFL3xx: topology and control flow
CHANNEL_TRUTHINESS = _code("KFL301", "channel-truthiness", "A pipeline value was used in a Python `if`, `and`, `or`, `not` or `bool()`; its value is only known at run time.")
BAD_CONDITION = _code("KFL302", "bad-condition", "A dsl.If/Elif/Condition compares values that cannot be compared, or is constant.")
DEPENDENCY_CYCLE = _code("KFL303", "dependency-cycle", "Tasks depend on each other in a cycle (through data or `.after()`).")
ILLEGAL_CROSS_GROUP = _code("KFL304", "illegal-cross-group", "A task uses an output of a task inside a ParallelFor/If/ExitHandler it is not inside of.")
BAD_COLLECTED = _code("KFL305", "bad-collected", "dsl.Collected is used where it cannot fan in.")
BAD_ONEOF = _code("KFL306", "bad-oneof", "dsl.OneOf is used with mismatched or unconditional outputs.")
BAD_CONTROL_FLOW = _code("KFL307", "bad-control-flow", "dsl.Elif/Else without a preceding If, an ExitHandler not at the top, and similar.")
BAD_EXIT_TASK = _code("KFL308", "bad-exit-task", "An exit task or PipelineTaskFinalStatus is used in a way a backend cannot run.")
BAD_LOOP = _code("KFL309", "bad-loop", "dsl.ParallelFor got something it cannot iterate over, or a bad parallelism.")
BAD_PIPELINE_OUTPUT = _code("KFL310", "bad-pipeline-output", "A pipeline output is not a task output or comes from inside a control-flow group.")
EMPTY_PIPELINE = _code("KFL311", "empty-pipeline", "A pipeline defines no task.")
BAD_PIPELINE_NAME = _code("KFL312", "bad-pipeline-name", "The pipeline name is not a valid name after sanitization.")
BAD_IGNORE_UPSTREAM = _code("KFL313", "bad-ignore-upstream-failure", "ignore_upstream_failure() on a task whose upstream-fed inputs have no default.")
PIPELINE_BODY_ERROR = _code("KFL314", "pipeline-body-error", "The pipeline function raised an exception while it was traced.")
BAD_HOOK = _code("KFL315", "bad-hook", "An on_failure/on_success hook is not a component, or has inputs a hook cannot be given.")
BAD_FAN_OUT = _code("KFL316", "bad-fan-out", "component.map()/.product() got lists of different lengths, an empty list, or nothing to map over.")

# KFL4xx: placeholders and container specs
BAD_PLACEHOLDER = _code("KFL401", "bad-placeholder", "A placeholder names an unknown input/output or is nested in a way kfp does not allow.")
BAD_FSTRING = _code("KFL402", "bad-fstring", "A pipeline value was put into a string where it cannot be rendered at run time.")
BAD_CONTAINER_SPEC = _code("KFL403", "bad-container-spec", "A container component does not return a valid dsl.ContainerSpec.")

# KFL5xx: run configuration
CONFIG_SYNTAX = _code("KFL501", "config-syntax", "The run configuration file cannot be read, is not valid YAML, or is not a mapping.")
CONFIG_UNKNOWN_KEY = _code("KFL502", "config-unknown-key", "A key in the run configuration is not known.")
CONFIG_UNKNOWN_TASK = _code("KFL503", "config-unknown-task", "`steps.<name>` names no task of the pipeline.")
CONFIG_BAD_VALUE = _code("KFL504", "config-bad-value", "A value in the run configuration has the wrong type.")
CONFIG_CONFLICT = _code("KFL505", "config-conflict", "The configuration and the code give different values for the same thing.")
CONFIG_NOT_SETTABLE = _code("KFL506", "config-not-settable", "The configuration sets an argument that is wired to another task's output.")
CONFIG_UNKNOWN_PARAMETER = _code("KFL507", "config-unknown-parameter", "A parameter in the configuration is not an input of the pipeline or task.")

# KFL6xx: lint warnings
FREE_VARIABLE = _code("KFL601", "free-variable", "A lightweight component uses a module-level name that will not exist in its container.", WARNING)
UNSUPPORTED_LOCALLY = _code("KFL602", "unsupported-locally", "A task setting has no effect when the pipeline runs on this machine.", WARNING)
LARGE_DOCUMENT = _code("KFL604", "large-document", "The compiled document is larger than a Kubernetes object may be (1.5 MB).", WARNING)
BAD_EXECUTOR_MODE = _code("KFL605", "bad-executor-mode", "The executor mode of lightweight components is neither 'kfp' nor 'embedded'.")
DEPRECATED = _code("KFL603", "deprecated", "A deprecated kfp API was used; it still compiles.", WARNING)

# KFL7xx: best-practice lints (warnings)
UNPINNED_IMAGE = _code("KFL701", "unpinned-image", "An image has the ':latest' tag or no tag at all.", WARNING)
LITERAL_SECRET = _code("KFL702", "literal-secret", "A password, token or key is written into the pipeline as a literal value.", WARNING)
GPU_WITHOUT_LIMITS = _code("KFL703", "gpu-without-limits", "A task requests an accelerator but sets no CPU or memory limit.", WARNING)
UNPINNED_PACKAGE = _code("KFL704", "unpinned-package", "A packages_to_install entry has no version.", WARNING)
CACHE_NONDETERMINISTIC = _code("KFL705", "cache-nondeterministic", "A cached task runs a component that reads the clock or random state.", WARNING)
REQUEST_ABOVE_LIMIT = _code("KFL706", "request-above-limit", "A task's CPU or memory request is larger than its limit.", WARNING)
BAD_SETTINGS = _code("KFL790", "bad-settings", "The [tool.kfp-lite] table of pyproject.toml has an unknown key or a wrong value.", WARNING)

# KFL8xx: local runner
UNSAFE_NAME = _code("KFL801", "unsafe-name", "A pipeline, task or output name in the spec would leave its folder of the run (absolute, '..', a separator, NUL).")
CACHE_REBUILT = _code("KFL802", "cache-rebuilt", "The local cache file was damaged; it was moved aside and a new cache started.", WARNING)
UNKNOWN_RUN = _code("KFL830", "unknown-run", "`kfp-lite show` was given a run or task that the pipeline root does not hold (or a prefix matching several).")
CONFIG_NEEDS_SOURCE = _code("KFL850", "config-needs-source", "`--config` was given with a compiled spec; a run configuration applies to the pipeline's Python file.")
UNKNOWN_STEP_OPTION = _code("KFL851", "unknown-step-option", "`with_options(...)` or `task.configure(...)` got a key that is no step option (or no resource / retry option).")

# KFL9xx: platform (Kubernetes) settings, kfp_lite.kubernetes
K8S_NOT_A_TASK = _code("KFL901", "kubernetes-not-a-task", "A kfp_lite.kubernetes function was given something other than a task.")
K8S_NOT_A_CONTAINER_TASK = _code("KFL902", "kubernetes-not-a-container-task", "Kubernetes settings on a task of a nested pipeline or an importer, which runs no container of its own.")
K8S_BAD_TYPE = _code("KFL903", "kubernetes-bad-type", "A kfp_lite.kubernetes argument has the wrong type (e.g. an artifact or an int where a name is expected).")
K8S_BAD_VALUE = _code("KFL904", "kubernetes-bad-value", "A kfp_lite.kubernetes argument has a value Kubernetes does not accept.")
K8S_IGNORED_KEY = _code("KFL905", "kubernetes-ignored-key", "A key of a constant toleration dict is not read (kfp-kubernetes drops it too).", WARNING)
