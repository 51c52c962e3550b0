"""Settings of the task's pod and container: labels, annotations, image pull policy, the
deadline, and the user and group it runs as."""

from __future__ import annotations

from typing import Optional

from kfp_lite import codes
from kfp_lite.dsl.tasks import PipelineTask

from ._settings import config_of, kind_of, report, text

PULL_POLICIES = ("Always", "Never", "IfNotPresent")


def _metadata(task: PipelineTask, function: str, section: str, key: str, value: str) -> PipelineTask:
    config = config_of(task, function)
    if config is not None and text(task, key, function, f"{section[:-1]}_key") \
            and text(task, value, function, f"{section[:-1]}_value"):
        config.setdefault("podMetadata", {}).setdefault(section, {})[key] = value
    return task


def add_pod_label(task: PipelineTask, label_key: str, label_value: str) -> PipelineTask:
    """Add a label to the task's pod (for cost reports, network policies, log queries)."""
    return _metadata(task, "add_pod_label", "labels", label_key, label_value)


def add_pod_annotation(task: PipelineTask, annotation_key: str, annotation_value: str) -> PipelineTask:
    """Add an annotation to the task's pod (e.g. for a service mesh or an autoscaler)."""
    return _metadata(task, "add_pod_annotation", "annotations", annotation_key, annotation_value)


def set_image_pull_policy(task: PipelineTask, policy: str) -> PipelineTask:
    """When the node pulls the task's image: ``Always``, ``Never`` or ``IfNotPresent``."""
    config = config_of(task, "set_image_pull_policy")
    if config is None:
        return task
    if policy not in PULL_POLICIES:
        report(codes.K8S_BAD_VALUE, f"kubernetes.set_image_pull_policy(): {kind_of(policy)} is not an image "
               "pull policy", task, expected=", ".join(PULL_POLICIES), got=kind_of(policy),
               hint="use 'Always', 'Never' or 'IfNotPresent' (the case matters)")
        return task
    config["imagePullPolicy"] = policy
    return task


def set_timeout(task: PipelineTask, seconds: int) -> PipelineTask:
    """Stop the task's pod after ``seconds`` (its ``activeDeadlineSeconds``); 0 removes a
    deadline set earlier. ``kfp-lite run`` honours it too."""
    config = config_of(task, "set_timeout")
    if config is None:
        return task
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
        report(codes.K8S_BAD_VALUE, f"kubernetes.set_timeout(): seconds must be a whole number >= 0, got "
               f"{kind_of(seconds)}", task, expected="an int >= 0", got=kind_of(seconds),
               hint="e.g. kubernetes.set_timeout(task, 3600); 0 removes the deadline")
        return task
    if seconds:
        config["activeDeadlineSeconds"] = str(seconds)  # an int64: a string in proto JSON
    else:
        config.pop("activeDeadlineSeconds", None)
    return task


def set_security_context(
    task: PipelineTask,
    run_as_user: Optional[int] = None,
    run_as_group: Optional[int] = None,
    run_as_non_root: Optional[bool] = None,
) -> PipelineTask:
    """Run the task's container as a given user and group, or require a non-root user.

    A cluster administrator's settings win over these; the backend says so in the task's log.
    """
    function = "set_security_context"
    config = config_of(task, function)
    if config is None:
        return task
    if run_as_user is None and run_as_group is None and run_as_non_root is None:
        report(codes.K8S_BAD_VALUE, f"kubernetes.{function}() sets nothing", task,
               expected="run_as_user, run_as_group or run_as_non_root", got="none of them",
               hint="pass at least one, e.g. run_as_user=1000")
        return task
    for argument, value in (("run_as_user", run_as_user), ("run_as_group", run_as_group)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            report(codes.K8S_BAD_VALUE, f"kubernetes.{function}(): {argument} must be a whole number >= 0, got "
                   f"{kind_of(value)}", task, expected="an int >= 0", got=kind_of(value))
            return task
    if run_as_non_root is not None and not isinstance(run_as_non_root, bool):
        report(codes.K8S_BAD_TYPE, f"kubernetes.{function}(): run_as_non_root must be True or False, got "
               f"{kind_of(run_as_non_root)}", task, expected="bool", got=kind_of(run_as_non_root))
        return task
    context = config.setdefault("securityContext", {})
    if run_as_user is not None:
        context["runAsUser"] = str(run_as_user)
    if run_as_group is not None:
        context["runAsGroup"] = str(run_as_group)
    if run_as_non_root is not None:
        context["runAsNonRoot"] = run_as_non_root
    return task
