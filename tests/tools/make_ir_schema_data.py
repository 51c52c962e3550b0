"""Compile feature-rich pipelines with the reference kfp SDK into tests/data/ir_schema/.

The documents exercise every part of the PipelineSpec that ``ir_schema`` models (importer,
resources, accelerators, env, retry, conditions, loops over raw lists / parameters /
artifacts, exit handlers, OneOf, nested pipelines, dag outputs, task config passthroughs and
a platform spec, and every Kubernetes setting of kfp-kubernetes). Run with a Python that has
kfp 2.17.3 and kfp-kubernetes 2.17.3 installed (never dependencies), with a Python that has kfp 2.17.3 installed (never a dependency):

    /opt/kfpref/bin/python tests/tools/make_ir_schema_data.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "tests" / "data" / "ir_schema"

SOURCE = """
from typing import List, Dict, NamedTuple
from kfp import dsl, kubernetes
from kfp.dsl import Input, Output, Dataset, Model, Artifact, Metrics, InputPath, OutputPath


@dsl.component
def make_data(n: int, out_data: Output[Dataset]) -> str:
    return "x"


@dsl.component
def train(data: Input[Dataset], lr: float, epochs: int = 3, model: Output[Model] = None) -> float:
    return 0.5


@dsl.component
def evaluate(model: Input[Model], metrics: Output[Metrics]) -> NamedTuple("Out", [("acc", float), ("ok", bool)]):
    return (1.0, True)


@dsl.component
def echo(msg: str) -> str:
    return msg


@dsl.component
def make_list() -> List[Dict[str, str]]:
    return [{"a": "1"}]


@dsl.component
def consume_models(models: Input[List[Model]]) -> int:
    return len(models)


@dsl.component
def final(status: dsl.PipelineTaskFinalStatus, note: str = "done"):
    print(status)


@dsl.component(task_config_passthroughs=[dsl.TaskConfigField.RESOURCES,
    dsl.TaskConfigPassthrough(field=dsl.TaskConfigField.ENV, apply_to_task=True)])
def launcher(task_config: dsl.TaskConfig, x: str = "a"):
    pass


@dsl.container_component
def shell(text: str, out: OutputPath(str)):
    return dsl.ContainerSpec(image="alpine:3", command=["sh", "-c"],
        args=[dsl.ConcatPlaceholder(["echo ", text, " > ", out]),
              dsl.IfPresentPlaceholder(input_name="text", then=["--text", text])])


@dsl.pipeline(name="inner-pipe")
def inner(data: Input[Dataset], lr: float = 0.1) -> Model:
    t = train(data=data, lr=lr)
    return t.outputs["model"]


@dsl.pipeline(name="features", description="Every feature at once.",
              pipeline_root="gs://bucket/root")
def features(n: int = 5, lr: float = 0.01, flag: bool = True, name: str = "hi",
             cfg: dict = {"a": 1}, items: list = [1, 2], ds: Input[Dataset] = None) -> NamedTuple("O", [("m", Model), ("acc", float), ("pick", str)]):
    d = make_data(n=n).set_cpu_limit("2").set_memory_limit("4G").set_cpu_request("1") \\
        .set_memory_request("1G").set_accelerator_type("nvidia.com/gpu").set_accelerator_limit(1) \\
        .set_env_variable("A", "1").set_retry(3, backoff_duration="30s", backoff_factor=2.0,
                                               backoff_max_duration="600s")
    d.set_caching_options(False)
    d.set_display_name("Make data")
    imp = dsl.importer(artifact_uri="gs://b/x", artifact_class=Dataset, reimport=True,
                       metadata={"k": name})
    t = train(data=d.outputs["out_data"], lr=lr, epochs=n)
    t.after(imp)
    e = evaluate(model=t.outputs["model"])
    with dsl.If(e.outputs["acc"] > 0.5, name="good"):
        echo(msg="good")
    with dsl.Elif(e.outputs["ok"] == True):
        echo(msg=name)
    with dsl.Else():
        echo(msg="bad")
    with dsl.If(flag == True):
        x1 = echo(msg="a")
    with dsl.Else():
        x2 = echo(msg="b")
    pick = dsl.OneOf(x1.output, x2.output)
    with dsl.ParallelFor([1, 2, 3], parallelism=2) as i:
        echo(msg="raw")
    ml = make_list()
    with dsl.ParallelFor(ml.output) as item:
        echo(msg=item.a)
        with dsl.ParallelFor(["x", "y"]) as it2:
            echo(msg=it2)
    with dsl.ParallelFor([1, 2]) as j:
        tm = train(data=d.outputs["out_data"], lr=lr)
    consume_models(models=dsl.Collected(tm.outputs["model"]))
    inner_t = inner(data=ds)
    shell(text=name)
    launcher()
    return NamedTuple("O", [("m", Model), ("acc", float), ("pick", str)])(
        m=inner_t.output, acc=e.outputs["acc"], pick=pick)


@dsl.pipeline(name="exit-handler")
def exits(msg: str = "m"):
    f = final()
    with dsl.ExitHandler(f):
        a = echo(msg=msg)
        echo(msg=a.output)
        final(note=a.output).ignore_upstream_failure()


@dsl.pipeline(name="with-config",
              pipeline_config=dsl.PipelineConfig(
                  workspace=dsl.WorkspaceConfig(size="1Gi"),
                  ttl_seconds_after_finished=60))
def with_config(msg: str = "m"):
    echo(msg=msg)


@dsl.pipeline(name="nested-loop-outer-param")
def nested_loop_outer_param(items: list = [1, 2]):
    ml = make_list()
    with dsl.ParallelFor(ml.output) as item:
        with dsl.ParallelFor(items) as it2:
            echo(msg="x")


@dsl.pipeline(name="kubernetes-features")
def kubernetes_features(secret: str = "s", selector: dict = {"a": "b"}, tolerations: list = [],
                        affinity: dict = {}, items: list = ["x"]):
    pvc = kubernetes.CreatePVC(pvc_name_suffix="-w", access_modes=["ReadWriteOnce"], size="1Gi")
    a = echo(msg="a")
    kubernetes.use_secret_as_env(a, secret_name=secret, secret_key_to_env={"k": "K"}, optional=True)
    kubernetes.use_secret_as_volume(a, secret_name="v", mount_path="/s")
    kubernetes.use_config_map_as_env(a, config_map_name="c",
                                     config_map_key_to_env={"k": "K"})
    kubernetes.use_config_map_as_volume(a, config_map_name=secret, mount_path="/c")
    kubernetes.mount_pvc(a, pvc_name=pvc.outputs["name"], mount_path="/w", sub_path="x")
    kubernetes.add_ephemeral_volume(a, volume_name="e", mount_path="/e", access_modes=["ReadWriteOnce"],
                                    size="1Gi", labels={"l": "v"}, annotations={"a": "v"})
    kubernetes.empty_dir_mount(a, volume_name="m", mount_path="/m", medium="Memory", size_limit="1Gi")
    kubernetes.add_node_selector(a, label_key="k", label_value="v")
    kubernetes.add_node_affinity(a, match_expressions=[{"key": "k", "operator": "In", "values": ["v"]}],
                                 match_fields=[{"key": "f", "operator": "Exists"}], weight=10)
    kubernetes.add_toleration(a, key="k", operator="Equal", value="v", effect="NoExecute",
                              toleration_seconds=5)
    kubernetes.add_pod_label(a, label_key="l", label_value="v")
    kubernetes.add_pod_annotation(a, annotation_key="a", annotation_value="v")
    kubernetes.set_image_pull_secrets(a, ["r", secret])
    kubernetes.set_image_pull_policy(a, "Always")
    kubernetes.set_timeout(a, 60)
    kubernetes.use_field_path_as_env(a, env_name="N", field_path="metadata.name")
    kubernetes.set_security_context(a, run_as_user=1, run_as_group=2, run_as_non_root=True)
    b = echo(msg=a.output)
    kubernetes.add_node_selector_json(b, selector)
    kubernetes.add_node_affinity_json(b, affinity)
    kubernetes.add_toleration_json(b, tolerations)
    kubernetes.mount_pvc(b, pvc_name=secret, mount_path="/p")
    kubernetes.use_secret_as_env(b, secret_name=a.output, secret_key_to_env={"k": "K"})
    with dsl.ParallelFor(items) as item:
        c = echo(msg=item)
        kubernetes.use_secret_as_volume(c, secret_name=item, mount_path="/i")
        kubernetes.mount_pvc(c, pvc_name=a.output, mount_path="/o")
    kubernetes.DeletePVC(pvc_name=pvc.outputs["name"]).after(b)


@dsl.pipeline(name="kubernetes-dict-item-field")
def kubernetes_dict_item_field():
    with dsl.ParallelFor([{"s": "a"}, {"s": "b"}]) as pair:
        t = echo(msg="x")
        kubernetes.use_secret_as_env(t, secret_name=pair.s, secret_key_to_env={"k": "K"})


@dsl.pipeline(name="artifact-loop")
def artifact_loop(models: Input[List[Model]]):
    with dsl.ParallelFor(models) as m:
        evaluate(model=m)
"""


def main() -> None:
    import warnings

    warnings.simplefilter("ignore", FutureWarning)
    from kfp import compiler

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "ir_features.py"
        src.write_text(SOURCE)
        sys.path.insert(0, tmp)
        import ir_features as m

        targets = {
            "features": m.features,
            "exit_handler": m.exits,
            "with_config": m.with_config,
            "artifact_loop": m.artifact_loop,
            "component_only": m.train,
            "container_component": m.shell,
            # kfp 2.17.3 references `pipelinechannel--items` in the inner loop's DAG without
            # declaring it as an input of the outer loop component: a dangling reference
            "kfp_bug_nested_loop_outer_param": m.nested_loop_outer_param,
            "kubernetes_features": m.kubernetes_features,
            # kfp-kubernetes 2.17.3 reads a dict loop item's field from an input that exists
            # nowhere (`loop-item-param-1-subvar-s`)
            "kfp_bug_kubernetes_dict_item_field": m.kubernetes_dict_item_field,
        }
        for name, target in targets.items():
            try:
                compiler.Compiler().compile(target, str(OUT / f"{name}.yaml"))
                print("wrote", name)
            except Exception as exc:  # report and go on: some features may be refused
                print("FAILED", name, type(exc).__name__, exc)


if __name__ == "__main__":
    main()
