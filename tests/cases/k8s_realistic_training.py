"""A training pipeline in the style real projects write: a workspace PVC created and deleted by
the run, credentials from Secrets on most tasks, GPU scheduling driven by parameters, a
hyperparameter sweep in a ParallelFor and a guarded deployment in a dsl.If."""

from typing import List, NamedTuple

from kfp_lite import dsl, kubernetes
from kfp_lite.kubernetes import use_secret_as_env

DATA_SECRET = "s3-credentials"


def with_s3(task: dsl.PipelineTask) -> dsl.PipelineTask:
    use_secret_as_env(task, secret_name=DATA_SECRET, secret_key_to_env={
        "AWS_ACCESS_KEY_ID": "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY": "AWS_SECRET_ACCESS_KEY"})
    kubernetes.add_pod_label(task, label_key="team", label_value="forecasting")
    return task


@dsl.component(base_image="python:3.11", packages_to_install=["pandas"])
def download(uri: str, workdir: str) -> int:
    return len(uri)


@dsl.component(base_image="python:3.11")
def train(workdir: str, learning_rate: float, rows: int) -> NamedTuple("Outputs", accuracy=float, model=str):
    return (0.9, f"{workdir}/model-{learning_rate}")


@dsl.component(base_image="python:3.11")
def pick_best(accuracies: List[float]) -> float:
    return max(accuracies)


@dsl.component(base_image="python:3.11")
def deploy(endpoint: str, accuracy: float):
    print(endpoint, accuracy)


@dsl.pipeline(name="forecast-training", description="Train and deploy the demand forecast.")
def forecast_training(
    data_uri: str = "s3://bucket/sales.parquet",
    learning_rates: List[float] = [0.1, 0.01],  # noqa: B006
    gpu_tolerations: dict = {"key": "nvidia.com/gpu", "operator": "Exists"},  # noqa: B006
    registry_secret: str = "ghcr-pull",
    endpoint_config: str = "serving-config",
    min_accuracy: float = 0.8,
):
    workspace = kubernetes.CreatePVC(
        pvc_name_suffix="-forecast", access_modes=["ReadWriteOnce"], size="20Gi", storage_class_name="ssd")
    data = with_s3(download(uri=data_uri, workdir="/workspace"))
    kubernetes.mount_pvc(data, pvc_name=workspace.outputs["name"], mount_path="/workspace")
    kubernetes.set_image_pull_secrets(data, [registry_secret])
    kubernetes.set_timeout(data, 1800)

    with dsl.ParallelFor(learning_rates, parallelism=2) as lr:
        fit = with_s3(train(workdir="/workspace", learning_rate=lr, rows=data.output))
        fit.set_accelerator_type("nvidia.com/gpu").set_accelerator_limit(1)
        kubernetes.mount_pvc(fit, pvc_name=workspace.outputs["name"], mount_path="/workspace")
        kubernetes.add_node_selector_json(fit, {"cloud.google.com/gke-nodepool": "a100-pool"})
        kubernetes.add_toleration_json(fit, gpu_tolerations)
        kubernetes.set_image_pull_secrets(fit, [registry_secret])
        kubernetes.empty_dir_mount(fit, volume_name="dshm", mount_path="/dev/shm", medium="Memory")

    best = pick_best(accuracies=dsl.Collected(fit.outputs["accuracy"]))
    kubernetes.add_pod_label(best, label_key="pool", label_value="cpu")
    with dsl.If(best.output >= min_accuracy):
        rollout = deploy(endpoint="forecast", accuracy=best.output)
        kubernetes.use_config_map_as_env(rollout, config_map_name=endpoint_config,
                                         config_map_key_to_env={"url": "ENDPOINT_URL"})
        kubernetes.use_secret_as_volume(rollout, secret_name="serving-tls", mount_path="/tls")
        kubernetes.set_image_pull_policy(rollout, "Always")
        kubernetes.add_node_selector(rollout, label_key="pool", label_value="serving")

    kubernetes.DeletePVC(pvc_name=workspace.outputs["name"]).after(best)
