"""kubernetes: generic ephemeral volumes (default, named and empty StorageClass, metadata) and
emptyDir mounts (medium, size limit, an empty medium)."""

from kfp_lite import dsl, kubernetes


@dsl.component
def scratch(n: int):
    print(n)


@dsl.pipeline(name="k8s-volumes")
def volumes():
    t = scratch(n=1)
    kubernetes.add_ephemeral_volume(t, volume_name="cache", mount_path="/cache",
                                    access_modes=["ReadWriteOnce"], size="10Gi")
    kubernetes.add_ephemeral_volume(t, volume_name="fast", mount_path="/fast",
                                    access_modes=["ReadWriteOnce", "ReadOnlyMany"], size="1Gi",
                                    storage_class_name="premium-ssd", labels={"team": "ml"},
                                    annotations={"backup": "false"})
    kubernetes.add_ephemeral_volume(t, volume_name="static", mount_path="/static",
                                    access_modes=["ReadWriteOnce"], size="1Gi", storage_class_name="")
    kubernetes.empty_dir_mount(t, volume_name="tmp", mount_path="/tmp/work")
    kubernetes.empty_dir_mount(t, volume_name="shm", mount_path="/dev/shm", medium="Memory", size_limit="2Gi")
    u = scratch(n=2)
    kubernetes.empty_dir_mount(u, volume_name="plain", mount_path="/plain", medium="", size_limit="")
    kubernetes.add_ephemeral_volume(u, volume_name="labelled", mount_path="/l", access_modes=[],
                                    size="1Gi", labels={"a": "b"})
