"""Secrets, ConfigMaps and pod fields made available to a task: as environment variables or
mounted files; and the secrets used to pull the task's image."""

from __future__ import annotations

from typing import Any, Dict, List, Union

from kfp_lite.dsl.channels import PipelineChannel
from kfp_lite.dsl.tasks import PipelineTask

from ._settings import config_of, flag, parameter, put, report, string_map, text


def _from_object(task: PipelineTask, function: str, section: str, kind: str, name: Any,
                 name_argument: str, optional: Any, extra: dict) -> PipelineTask:
    config = config_of(task, function)
    if config is None:
        return task
    reference = parameter(task, name, function, name_argument)
    if reference is None or not flag(task, optional, function, "optional"):
        return task
    entry = dict(extra)
    entry["optional"] = optional
    entry[f"{kind}NameParameter"] = reference
    if isinstance(name, str):
        put(entry, f"{kind}Name", name)  # the older field, still written next to the parameter
    config.setdefault(section, []).append(entry)
    return task


def _key_to_env(task: PipelineTask, mapping: Any, function: str, argument: str, key_name: str) -> Any:
    if not string_map(task, mapping, function, argument):
        return None
    entries = []
    for key, env in mapping.items():
        entry: dict = {}
        put(entry, key_name, key)
        put(entry, "envVar", env)
        entries.append(entry)
    return entries


def use_secret_as_env(
    task: PipelineTask,
    secret_name: Union[PipelineChannel, str],
    secret_key_to_env: Dict[str, str],
    optional: bool = False,
) -> PipelineTask:
    """Expose keys of a Kubernetes Secret as environment variables of the task's container.

    ``secret_key_to_env`` maps a key of the Secret to the variable that receives its value,
    e.g. ``{"password": "DB_PASSWORD"}``. With ``optional=True`` the pod starts even when the
    Secret does not exist. The name may be a pipeline parameter, a task output or a loop item.
    """
    pairs = _key_to_env(task, secret_key_to_env, "use_secret_as_env", "secret_key_to_env", "secretKey")
    if pairs is None:
        return task
    return _from_object(task, "use_secret_as_env", "secretAsEnv", "secret", secret_name, "secret_name",
                        optional, {"keyToEnv": pairs} if pairs else {})


def use_secret_as_volume(
    task: PipelineTask,
    secret_name: Union[PipelineChannel, str],
    mount_path: str,
    optional: bool = False,
) -> PipelineTask:
    """Mount a Kubernetes Secret's keys as files under ``mount_path`` in the task's container."""
    if not text(task, mount_path, "use_secret_as_volume", "mount_path"):
        return task
    extra: dict = {}
    put(extra, "mountPath", mount_path)
    return _from_object(task, "use_secret_as_volume", "secretAsVolume", "secret", secret_name, "secret_name",
                        optional, extra)


def use_config_map_as_env(
    task: PipelineTask,
    config_map_name: Union[PipelineChannel, str],
    config_map_key_to_env: Dict[str, str],
    optional: bool = False,
) -> PipelineTask:
    """Expose keys of a Kubernetes ConfigMap as environment variables of the task's container,
    e.g. ``{"endpoint": "API_URL"}``."""
    pairs = _key_to_env(task, config_map_key_to_env, "use_config_map_as_env", "config_map_key_to_env",
                        "configMapKey")
    if pairs is None:
        return task
    return _from_object(task, "use_config_map_as_env", "configMapAsEnv", "configMap", config_map_name,
                        "config_map_name", optional, {"keyToEnv": pairs} if pairs else {})


def use_config_map_as_volume(
    task: PipelineTask,
    config_map_name: Union[PipelineChannel, str],
    mount_path: str,
    optional: bool = False,
) -> PipelineTask:
    """Mount a Kubernetes ConfigMap's keys as files under ``mount_path`` in the task's container."""
    if not text(task, mount_path, "use_config_map_as_volume", "mount_path"):
        return task
    extra: dict = {}
    put(extra, "mountPath", mount_path)
    return _from_object(task, "use_config_map_as_volume", "configMapAsVolume", "configMap", config_map_name,
                        "config_map_name", optional, extra)


def use_field_path_as_env(task: PipelineTask, env_name: str, field_path: str) -> PipelineTask:
    """Set the environment variable ``env_name`` from a field of the task's own pod, such as
    ``metadata.name`` or ``status.podIP`` (the Kubernetes downward API)."""
    config = config_of(task, "use_field_path_as_env")
    if config is None:
        return task
    if not (text(task, env_name, "use_field_path_as_env", "env_name")
            and text(task, field_path, "use_field_path_as_env", "field_path")):
        return task
    entry: dict = {}
    put(entry, "name", env_name)
    put(entry, "fieldPath", field_path)
    config.setdefault("fieldPathAsEnv", []).append(entry)
    return task


def set_image_pull_secrets(
    task: PipelineTask,
    secret_names: Union[List[str], List[PipelineChannel]],
) -> PipelineTask:
    """Name the Secrets that hold the registry credentials for pulling the task's image."""
    config = config_of(task, "set_image_pull_secrets")
    if config is None:
        return task
    if not isinstance(secret_names, (list, tuple)):
        report_list(task, secret_names)
        return task
    entries = []
    for index, name in enumerate(secret_names):
        reference = parameter(task, name, "set_image_pull_secrets", f"secret_names[{index}]")
        if reference is None:
            return task
        entry: dict = {"secretNameParameter": reference}
        if isinstance(name, str):
            put(entry, "secretName", name)
        entries.append(entry)
    if entries:
        config.setdefault("imagePullSecret", []).extend(entries)
    return task


def report_list(task: PipelineTask, value: Any) -> None:
    from kfp_lite import codes

    from ._settings import kind_of

    report(codes.K8S_BAD_TYPE, f"kubernetes.set_image_pull_secrets(): 'secret_names' must be a list, "
           f"got {kind_of(value)}", task, expected="a list of names", got=kind_of(value),
           hint="wrap a single name in a list: ['my-registry-secret']")
