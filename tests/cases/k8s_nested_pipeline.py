"""kubernetes settings of a nested pipeline's tasks are carried into the outer document under
their (renamed) executors; the nested pipeline is used twice, once in a loop."""

from typing import List

from kfp_lite import dsl, kubernetes


@dsl.component
def fetch(source: str) -> str:
    return source


@dsl.component
def train_model(data: str):
    print(data)


@dsl.pipeline
def fetch_and_train(source: str, bucket_secret: str = "bucket-creds"):
    f = fetch(source=source)
    kubernetes.use_secret_as_env(f, secret_name=bucket_secret, secret_key_to_env={"key": "AWS_KEY"})
    t = train_model(data=f.output)
    kubernetes.mount_pvc(t, pvc_name=f.output, mount_path="/data")
    kubernetes.add_toleration(t, key="gpu", operator="Exists")
    kubernetes.set_timeout(t, 600)


@dsl.pipeline(name="k8s-nested-pipeline")
def nested(sources: List[str] = ["s3://a", "s3://b"], secret: str = "outer-creds"):  # noqa: B006
    first = fetch_and_train(source="s3://first", bucket_secret=secret)
    with dsl.ParallelFor(sources) as src:
        fetch_and_train(source=src).after(first)


TARGET = nested
