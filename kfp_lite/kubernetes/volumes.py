"""Volumes for a task: PersistentVolumeClaims (created, mounted and deleted by the pipeline),
generic ephemeral volumes and emptyDir mounts."""

from __future__ import annotations

from typing import Dict, List, Optional, Union

from kfp_lite import codes
from kfp_lite.dsl import ContainerSpec, OutputPath, container_component
from kfp_lite.dsl.channels import PipelineChannel, is_loop_channel
from kfp_lite.dsl.tasks import PipelineTask

from ._settings import (
    INLINE_REFERENCE,
    config_of,
    kind_of,
    parameter,
    put,
    report,
    string_map,
    text,
)


@container_component
def CreatePVC(  # noqa: N802 - kfp-kubernetes' public name
    name: OutputPath(str),
    access_modes: List[str],
    size: str,
    pvc_name: Optional[str] = None,
    pvc_name_suffix: Optional[str] = None,
    storage_class_name: Optional[str] = '',
    volume_name: Optional[str] = None,
    annotations: Optional[Dict[str, str]] = None,
    data_source: Optional[Dict[str, str]] = None,
):
    """Create a PersistentVolumeClaim that later tasks mount; its name is the output ``name``.

    The KFP backend runs this task itself (the image is a marker it recognises), so it needs
    no container of its own.

    Args:
        access_modes: The claim's access modes, e.g. ``['ReadWriteOnce']``.
        size: The storage to request, e.g. ``'10Gi'``.
        pvc_name: A fixed name for the claim (give this or ``pvc_name_suffix``).
        pvc_name_suffix: Appended to the run's workflow name to make a unique claim name.
        storage_class_name: The StorageClass to provision from; ``''`` for a volume that
            already exists (static provisioning).
        volume_name: An existing PersistentVolume to bind (static provisioning).
        annotations: Annotations for the claim's metadata.
        data_source: Where the claim's data comes from, such as a VolumeSnapshot or another
            claim: a dict with ``apiGroup``, ``kind`` and ``name``.
    """
    return ContainerSpec(image='argostub/createpvc')


@container_component
def DeletePVC(pvc_name: str):  # noqa: N802 - kfp-kubernetes' public name
    """Delete a PersistentVolumeClaim, typically one made by ``CreatePVC`` earlier in the run.

    Args:
        pvc_name: The claim to delete, e.g. ``create_pvc_task.outputs['name']``.
    """
    return ContainerSpec(image='argostub/deletepvc')


def mount_pvc(
    task: PipelineTask,
    pvc_name: Union[str, PipelineChannel],
    mount_path: str,
    sub_path: str = '',
) -> PipelineTask:
    """Mount a PersistentVolumeClaim at ``mount_path`` (optionally only its ``sub_path``).

    ``pvc_name`` may come from ``CreatePVC(...).outputs['name']``; the task then runs after the
    claim was created.
    """
    config = config_of(task, "mount_pvc")
    if config is None:
        return task
    if not (text(task, mount_path, "mount_pvc", "mount_path") and text(task, sub_path, "mount_pvc", "sub_path")):
        return task
    reference = parameter(task, pvc_name, "mount_pvc", "pvc_name")
    if reference is None:
        return task
    entry: dict = {}
    put(entry, "mountPath", mount_path)
    put(entry, "subPath", sub_path)
    entry["pvcNameParameter"] = reference
    # the older flat reference, still written next to pvcNameParameter
    if isinstance(pvc_name, str):
        entry["constant"] = pvc_name
    else:
        entry[INLINE_REFERENCE] = pvc_name
        if pvc_name.task is not None and not is_loop_channel(pvc_name):
            task.after(pvc_name.task)  # as kfp-kubernetes does for a task output
    config.setdefault("pvcMount", []).append(entry)
    return task


def add_ephemeral_volume(
    task: PipelineTask,
    volume_name: str,
    mount_path: str,
    access_modes: List[str],
    size: str,
    storage_class_name: Optional[str] = None,
    labels: Dict[str, str] = None,
    annotations: Dict[str, str] = None,
) -> PipelineTask:
    """Give the task a generic ephemeral volume: a claim made with the pod and deleted with it.

    ``storage_class_name=None`` uses the cluster's default StorageClass.
    """
    function = "add_ephemeral_volume"
    config = config_of(task, function)
    if config is None:
        return task
    ok = all([text(task, volume_name, function, "volume_name"), text(task, mount_path, function, "mount_path"),
              text(task, size, function, "size"),
              text(task, storage_class_name, function, "storage_class_name", optional=True)])
    if not isinstance(access_modes, (list, tuple)) or not all(isinstance(m, str) for m in access_modes):
        report(codes.K8S_BAD_TYPE, f"kubernetes.{function}(): 'access_modes' must be a list of strings, "
               f"got {kind_of(access_modes)}", task, expected="List[str]", got=kind_of(access_modes),
               hint="e.g. ['ReadWriteOnce']")
        ok = False
    for argument, value in (("labels", labels), ("annotations", annotations)):
        if value is not None and not string_map(task, value, function, argument):
            ok = False
    if not ok:
        return task
    entry: dict = {}
    put(entry, "volumeName", volume_name)
    put(entry, "mountPath", mount_path)
    if access_modes:
        entry["accessModes"] = list(access_modes)
    put(entry, "size", size)
    put(entry, "defaultStorageClass", storage_class_name is None)
    put(entry, "storageClassName", storage_class_name)
    if labels or annotations:
        metadata: dict = {}
        if annotations:
            metadata["annotations"] = dict(annotations)
        if labels:
            metadata["labels"] = dict(labels)
        entry["metadata"] = metadata
    config.setdefault("genericEphemeralVolume", []).append(entry)
    return task


def empty_dir_mount(
    task: PipelineTask,
    volume_name: str,
    mount_path: str,
    medium: Optional[str] = None,
    size_limit: Optional[str] = None,
) -> PipelineTask:
    """Mount an emptyDir volume (scratch space that lives as long as the pod) at ``mount_path``.

    ``medium='Memory'`` backs it with RAM; ``size_limit`` caps it, e.g. ``'1Gi'``.
    """
    function = "empty_dir_mount"
    config = config_of(task, function)
    if config is None:
        return task
    if not all([text(task, volume_name, function, "volume_name"), text(task, mount_path, function, "mount_path"),
                text(task, medium, function, "medium", optional=True),
                text(task, size_limit, function, "size_limit", optional=True)]):
        return task
    entry: dict = {}
    put(entry, "volumeName", volume_name)
    put(entry, "mountPath", mount_path)
    if medium is not None:
        entry["medium"] = medium
    if size_limit is not None:
        entry["sizeLimit"] = size_limit
    config.setdefault("emptyDirMounts", []).append(entry)
    return task
