"""Files embedded in components: a folder read through dsl.EmbeddedInput, a single file, a
notebook component calling dsl.run_notebook, and task config passthroughs."""

import os

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, EmbeddedInput, Output, TaskConfig

HERE = os.path.dirname(os.path.abspath(__file__))
ASSETS = os.path.join(HERE, "data", "embedded_assets")


@dsl.component(embedded_artifact_path=ASSETS)
def read_labels(assets: EmbeddedInput[Dataset], prefix: str) -> str:
    import os

    with open(os.path.join(assets.path, "labels", "names.txt")) as f:
        return prefix + ",".join(line.strip() for line in f)


@dsl.component(embedded_artifact_path=os.path.join(ASSETS, "config.json"))
def read_config(config: EmbeddedInput[Dataset]) -> str:
    with open(config.path) as f:
        return f.read()


@dsl.notebook_component(notebook_path=os.path.join(HERE, "data", "notebooks", "report.ipynb"))
def run_report(rows: int, report: Output[Dataset]):
    dsl.run_notebook(rows=rows, title="weekly")
    with open(report.path, "w") as f:
        f.write("done")


@dsl.component(task_config_passthroughs=[
    dsl.TaskConfigField.RESOURCES,
    dsl.TaskConfigPassthrough(field=dsl.TaskConfigField.ENV, apply_to_task=True),
])
def launch_job(name: str, task_config: TaskConfig):
    print(name, task_config)


@dsl.pipeline(name="embedded-files")
def embedded_files(prefix: str = "labels: ", rows: int = 5):
    labels = read_labels(prefix=prefix)
    read_config()
    run_report(rows=rows).after(labels)
    launch_job(name=labels.output).set_cpu_limit("2").set_env_variable("MODE", "batch")


TARGET = embedded_files
