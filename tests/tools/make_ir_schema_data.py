"""Compile feature-rich pipelines with the reference kfp SDK into tests/data/ir_schema/.

The documents exercise every part of the PipelineSpec that ``ir_schema`` models (importer,
resources, accelerators, env, retry, conditions, loops over raw lists / parameters /
artifacts, exit handlers, OneOf, nested pipelines, dag outputs, task config passthroughs and
a platform spec). Run with a Python that has kfp 2.17.3 installed (never a dependency):

    /opt/kfpref/bin/python tests/tools/make_ir_schema_data.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "tests" / "data" / "ir_schema"

SOURCE = """
from typing import List, Dict, NamedTuple
from kfp import dsl
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
        }
        for name, target in targets.items():
            try:
                compiler.Compiler().compile(target, str(OUT / f"{name}.yaml"))
                print("wrote", name)
            except Exception as exc:  # report and go on: some features may be refused
                print("FAILED", name, type(exc).__name__, exc)


if __name__ == "__main__":
    main()
