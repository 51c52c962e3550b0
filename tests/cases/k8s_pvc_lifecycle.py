"""kubernetes: CreatePVC, mount_pvc (constant, parameter and task-output names, sub_path) and
DeletePVC; the deprecated flat pvcMount reference is written next to pvcNameParameter."""

from kfp_lite import dsl, kubernetes


@dsl.component
def producer() -> str:
    return "hello"


@dsl.component
def consumer(path: str):
    print(path)


@dsl.pipeline(name="k8s-pvc-lifecycle")
def pvc_lifecycle(shared_pvc: str = "team-shared"):
    pvc = kubernetes.CreatePVC(
        pvc_name_suffix="-workspace",
        access_modes=["ReadWriteMany"],
        size="5Gi",
        storage_class_name="standard",
    )
    fixed = kubernetes.CreatePVC(
        pvc_name="fixed-claim",
        access_modes=["ReadWriteOnce"],
        size="1Gi",
        annotations={"owner": "ml-team"},
        volume_name="pv-0001",
        data_source={"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "snap"},
    )
    write = producer()
    kubernetes.mount_pvc(write, pvc_name=pvc.outputs["name"], mount_path="/workspace")
    read = consumer(path=write.output)
    kubernetes.mount_pvc(read, pvc_name=pvc.outputs["name"], mount_path="/workspace", sub_path="out")
    kubernetes.mount_pvc(read, pvc_name="models-cache", mount_path="/models")
    kubernetes.mount_pvc(read, pvc_name=shared_pvc, mount_path="/shared")
    kubernetes.mount_pvc(read, pvc_name=fixed.outputs["name"], mount_path="/fixed")
    kubernetes.DeletePVC(pvc_name=pvc.outputs["name"]).after(read)
