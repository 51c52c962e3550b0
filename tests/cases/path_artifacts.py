"""InputPath/OutputPath with artifact classes: artifacts handled as local files."""

from kfp_lite import dsl
from kfp_lite.dsl import Dataset, InputPath, Model, OutputPath


@dsl.component
def write_csv(rows: int, csv_path: OutputPath(Dataset)):
    with open(csv_path, "w") as f:
        f.write("x\n" + "\n".join(str(i) for i in range(rows)))


@dsl.component
def train_from_path(csv_path: InputPath(Dataset), model_path: OutputPath(Model)):
    with open(csv_path) as f, open(model_path, "w") as out:
        out.write(str(len(f.readlines())))


@dsl.pipeline
def path_artifacts(rows: int = 5):
    csv = write_csv(rows=rows)
    train_from_path(csv_path=csv.outputs["csv_path"])


TARGET = path_artifacts
