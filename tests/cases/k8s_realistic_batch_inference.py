"""Batch inference in the style real projects write: shards scored in a ParallelFor, settings
applied by a shared helper to every task, names of Secrets and claims passed as parameters and
task outputs, a final report in an ExitHandler."""

from typing import List

from kfp_lite import dsl, kubernetes


def hardened(task: dsl.PipelineTask, pull_secret: str, timeout: int = 900) -> dsl.PipelineTask:
    kubernetes.set_security_context(task, run_as_user=1000, run_as_group=1000, run_as_non_root=True)
    kubernetes.set_image_pull_secrets(task, [pull_secret])
    kubernetes.set_image_pull_policy(task, "IfNotPresent")
    kubernetes.add_pod_annotation(task, annotation_key="cluster-autoscaler.kubernetes.io/safe-to-evict",
                                  annotation_value="false")
    kubernetes.use_field_path_as_env(task, env_name="POD_NAMESPACE", field_path="metadata.namespace")
    kubernetes.set_timeout(task, timeout)
    return task


@dsl.component(base_image="python:3.11")
def list_shards(prefix: str) -> List[str]:
    return [f"{prefix}/{i}" for i in range(3)]


@dsl.component(base_image="python:3.11")
def model_claim(model: str) -> str:
    return f"claim-{model}"


@dsl.component(base_image="python:3.11")
def score(shard: str, model: str) -> str:
    return shard


@dsl.component(base_image="python:3.11")
def summarize(status: dsl.PipelineTaskFinalStatus, prefix: str):
    print(status.state, prefix)


@dsl.pipeline(name="batch-inference")
def batch_inference(
    prefix: str = "gs://scores/2024-01-01",
    model: str = "churn-v3",
    pull_secret: str = "gcr-json-key",
    db_secret: str = "warehouse",
    tolerations: List[dict] = [{"key": "batch", "operator": "Equal", "value": "true", "effect": "NoSchedule"}],  # noqa: B006
):
    report = hardened(summarize(prefix=prefix), pull_secret)
    kubernetes.use_secret_as_env(report, secret_name=db_secret, secret_key_to_env={"dsn": "WAREHOUSE_DSN"})
    with dsl.ExitHandler(report, name="score-all"):
        shards = hardened(list_shards(prefix=prefix), pull_secret, timeout=120)
        claim = hardened(model_claim(model=model), pull_secret)
        with dsl.ParallelFor(shards.output, parallelism=8) as shard:
            s = hardened(score(shard=shard, model=model), pull_secret, timeout=3600)
            kubernetes.mount_pvc(s, pvc_name=claim.output, mount_path="/models")
            kubernetes.add_ephemeral_volume(s, volume_name="scratch", mount_path="/scratch",
                                            access_modes=["ReadWriteOnce"], size="50Gi",
                                            storage_class_name="local-ssd")
            kubernetes.add_toleration_json(s, tolerations)
            kubernetes.use_secret_as_env(s, secret_name=db_secret, secret_key_to_env={"dsn": "WAREHOUSE_DSN"})
            kubernetes.add_node_affinity(s, match_expressions=[
                {"key": "node.kubernetes.io/instance-type", "operator": "In", "values": ["n2-highmem-8"]}],
                weight=80)
