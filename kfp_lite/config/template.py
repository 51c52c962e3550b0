"""A commented run configuration template for a pipeline (``kfp-lite config-template``).

Every line is a comment, so the template as printed configures nothing. A line starting
with ``# `` becomes a valid setting when that prefix is removed (its value is what the code
compiles today, so uncommenting changes nothing that matters); lines starting with ``## ``
only explain.
"""

from __future__ import annotations

from typing import Any

from kfp_lite.dsl.components import GraphComponent
from kfp_lite.dsl.tasks import PipelineTask
from kfp_lite.ir_types import BACKEND_FILLED, zero_value

from .apply import SEPARATOR, _wiring

_RESOURCES = (("cpu_request", "cpu_request"), ("cpu_limit", "cpu_limit"),
              ("memory_request", "memory_request"), ("memory_limit", "memory_limit"),
              ("accelerator_type", "accelerator_type"), ("accelerator_count", "accelerator_limit"))


def render_template(graph: GraphComponent, source: str = "pipeline.py") -> str:
    """The template text for ``graph`` (the module file name only appears in the header)."""
    lines = [
        f"## Run configuration of pipeline '{graph.pipeline_name}'.",
        f"## Use it with: kfp-lite compile {source} -o pipeline.yaml --config run.yaml",
        "## Remove the leading '# ' of a line to set it; '## ' lines only explain.",
        "## Values shown are what the code compiles today. See docs/configuration.md.",
        "#",
        "## enable_cache sets caching of every task; a step's own enable_cache wins.",
        "# enable_cache: true",
    ]
    inputs = {n: s for n, s in graph.component_spec.inputs.items() if not s.type.is_artifact}
    if inputs:
        lines += ["#", "## Pipeline parameters: they become the compiled defaults (-p wins).",
                  "# parameters:"]
        for name, spec in inputs.items():
            if spec.has_default:
                value, note = spec.default, f"{spec.type.display()}, default in code"
            else:
                value = zero_value(spec.type.parameter_type or "")
                note = f"{spec.type.display()}, no default (placeholder value)"
            lines.append(_entry(2, name, value, note))
    lines += ["#", "## Steps: the task names of the compiled spec; tasks of a nested pipeline",
              "## are 'outer-task/inner-task'.", "# steps:"]
    for key, task in _tasks(graph):
        lines += _step(key, task)
    return "\n".join(lines) + "\n"


def _tasks(graph: GraphComponent, prefix: str = "") -> list[tuple[str, PipelineTask]]:
    found = []
    for name, task in graph.trace().builder.tasks.items():
        found.append((prefix + name, task))
        if isinstance(task.component, GraphComponent):
            found.extend(_tasks(task.component, prefix + name + SEPARATOR))
    return found


def _step(key: str, task: PipelineTask) -> list[str]:
    groups = task.path.split("/")[1:-1]
    about = ([f"in {'/'.join(groups)}"] if groups else []) + ([_short(task.location)] if task.location else [])
    lines = [f"#   {_key(key)}:" + (f"  # {', '.join(about)}" if about else "")]
    settable: list[str] = []
    notes: list[str] = []
    for name, spec in task.spec.inputs.items():
        if spec.type.is_artifact:
            notes.append(f"#       ## {name}: artifact input, not settable")
            continue
        if spec.type.parameter_type in BACKEND_FILLED:
            continue
        value = task.arguments.get(name, _MISSING)
        if value is _MISSING or value is None:
            if spec.has_default:
                settable.append(_entry(6, name, spec.default, f"{spec.type.display()}, component default"))
            else:
                notes.append(f"#       ## {name}: {spec.type.display()}, required and not given")
            continue
        wired = _wiring(task, value)
        if wired is not None:
            notes.append(f"#       ## {name}: {spec.type.display()}, takes {wired}; not settable")
        else:
            settable.append(_entry(6, name, value, f"{spec.type.display()}, set in code"))
    if settable:
        lines.append("#     parameters:")
        lines += settable
    elif notes:
        lines.append("#     ## parameters: none can be set")
    lines += notes
    lines.append(_entry(4, "enable_cache", task.enable_caching, None))
    if task.display_name:
        lines.append(_entry(4, "display_name", task.display_name, None))
    if task.retry_policy:
        policy = task.retry_policy
        retry = {"max_retries": policy.get("maxRetryCount", 0),
                 "backoff_duration": policy["backoffDuration"],
                 "backoff_factor": policy["backoffFactor"],
                 "backoff_max_duration": policy["backoffMaxDuration"]}
        lines.append(_entry(4, "retry", retry, None))
    else:
        lines.append("#     ## retry: {max_retries: 3, backoff_duration: 30s, backoff_factor: 2.0, "
                     "backoff_max_duration: 1h}")
    if task.spec.kind == "container" and type(task.component).__name__ != "ImporterComponent":
        unset = []
        for attribute, key_name in _RESOURCES:
            value = task.resources.get(attribute)
            if value and "{{channel:" not in str(value):
                lines.append(_entry(4, key_name, value, None))
            elif not value:
                unset.append(key_name)
        env = {k: v for k, v in task.env.items() if isinstance(v, str)}
        if env:
            lines.append(_entry(4, "env", env, None))
        else:
            unset.append("env")
        if unset:
            lines.append(f"#     ## not set: {', '.join(unset)}")
    return lines


_MISSING = object()


def _entry(indent: int, key: str, value: Any, note: Any) -> str:
    text = f"# {' ' * indent}{_key(key)}: {_value(value)}"
    return text + (f"  # {note}" if note else "")


def _key(key: str) -> str:
    return _value(key)


def _value(value: Any) -> str:
    """One value as a one-line YAML flow node."""
    import yaml

    if isinstance(value, tuple):
        value = list(value)
    text = yaml.safe_dump(value, default_flow_style=True, width=10**6, allow_unicode=True,
                          sort_keys=False).strip()
    if text.endswith("\n..."):
        text = text[: -len("\n...")]
    elif text.endswith("..."):
        text = text[:-3].strip()
    return text


def _short(location: Any) -> str:
    from kfp_lite.diagnostics import display_path

    return f"{display_path(location.file).rsplit('/', 1)[-1]}:{location.line}"
