"""Step options as ZenML and kfp users know them: one mapping of settings for a task.

``component.with_options(enable_cache=False, retries=3, ...)`` returns a configured copy
whose every task gets the settings; ``task.configure(...)`` sets them on one task. Each key
is applied through the task's own ``set_*`` method, so a value is checked (and compiled)
exactly as the method would; an unknown key is ``KFL851`` with a "did you mean".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional

from kfp_lite import codes

if TYPE_CHECKING:
    from kfp_lite.diagnostics import SourceLocation

    from .tasks import PipelineTask

__all__ = ["RESOURCE_KEYS", "STEP_OPTIONS", "apply_step_options", "unknown_option_problems"]

#: ``resources={...}`` keys, each a task method of the same name with ``set_`` in front
RESOURCE_KEYS = (
    "cpu_request", "cpu_limit", "memory_request", "memory_limit",
    "accelerator_type", "accelerator_limit",
)
RETRY_KEYS = ("num_retries", "backoff_duration", "backoff_factor", "backoff_max_duration")
#: every step option and what it does (the task method it goes through)
STEP_OPTIONS = {
    "enable_cache": "set_caching_options(enable_caching=...)",
    "cache_key": "set_caching_options(..., cache_key=...)",
    "retries": "set_retry(num_retries) or set_retry(**{...})",
    "env": "set_env_variable(name, value) for each item",
    "resources": "set_cpu_request/..._limit, set_memory_..., set_accelerator_...",
    "display_name": "set_display_name(...)",
    "on_failure": "set_hooks(on_failure=...)",
    "on_success": "set_hooks(on_success=...)",
}


def _unknown(key: str, known: Any, what: str, location: Optional[SourceLocation]) -> Any:
    import difflib  # only for a mistake

    close = difflib.get_close_matches(key, list(known), n=1)
    return codes.UNKNOWN_STEP_OPTION(
        f"unknown {what} '{key}'",
        location=location,
        hint=f"did you mean '{close[0]}'?" if close else f"the {what}s are: {', '.join(known)}",
    )


def unknown_option_problems(options: Mapping[str, Any], location: Optional[SourceLocation]) -> list:
    """The diagnostics of keys that are no step option (nested keys included)."""
    problems = [_unknown(k, STEP_OPTIONS, "step option", location)
                for k in options if k not in STEP_OPTIONS]
    resources = options.get("resources")
    if isinstance(resources, Mapping):
        problems += [_unknown(k, RESOURCE_KEYS, "resource", location)
                     for k in resources if k not in RESOURCE_KEYS]
    retries = options.get("retries")
    if isinstance(retries, Mapping):
        problems += [_unknown(k, RETRY_KEYS, "retry option", location)
                     for k in retries if k not in RETRY_KEYS]
    return problems


def apply_step_options(task: PipelineTask, options: Mapping[str, Any]) -> None:
    """Set ``options`` on ``task`` through its ``set_*`` methods (known keys only)."""
    if "enable_cache" in options or "cache_key" in options:
        task.set_caching_options(options.get("enable_cache", task.enable_caching),
                                 options.get("cache_key", task.cache_key))
    retries = options.get("retries")
    if isinstance(retries, Mapping):
        if "num_retries" in retries:
            task.set_retry(**{k: v for k, v in retries.items() if k in RETRY_KEYS})
        elif all(k in RETRY_KEYS for k in retries):  # (an unknown key is reported already)
            task._report(codes.BAD_TASK_OPTION, "retries={...} needs 'num_retries'",
                         hint="e.g. retries={'num_retries': 3, 'backoff_duration': '30s'}")
    elif retries is not None:
        task.set_retry(retries)
    env = options.get("env")
    if env is not None:
        if not isinstance(env, Mapping):
            task._report(codes.BAD_TASK_OPTION,
                         f"env= expects a mapping of names to values, got {type(env).__name__}",
                         hint="e.g. env={'LOG_LEVEL': 'debug'}")
        else:
            for name, value in env.items():
                task.set_env_variable(name, value)
    resources = options.get("resources")
    if resources is not None:
        if not isinstance(resources, Mapping):
            task._report(codes.BAD_TASK_OPTION,
                         f"resources= expects a mapping, got {type(resources).__name__}",
                         hint="e.g. resources={'cpu_limit': '2', 'memory_limit': '4Gi'}")
        else:
            for key, value in resources.items():
                if key in RESOURCE_KEYS:
                    getattr(task, f"set_{key}")(value)
    if "display_name" in options:
        task.set_display_name(options["display_name"])
    hooks = {k: options[k] for k in ("on_failure", "on_success") if options.get(k) is not None}
    if hooks:
        task.set_hooks(**hooks)
