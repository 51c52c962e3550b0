"""InputPath/OutputPath with parameter types: output parameters written to a file."""

from kfp_lite import dsl
from kfp_lite.dsl import InputPath, OutputPath


@dsl.component
def write_values(count_path: OutputPath(int), name_path: OutputPath(str), cfg: OutputPath(dict)):
    import json

    with open(count_path, "w") as f:
        f.write("3")
    with open(name_path, "w") as f:
        f.write("three")
    with open(cfg, "w") as f:
        json.dump({"k": 1}, f)


@dsl.component
def read_values(
    count_path: InputPath(int), name_path: InputPath(str), flag: InputPath(bool)
) -> str:
    with open(count_path) as a, open(name_path) as b, open(flag) as c:
        return a.read() + b.read() + c.read()


@dsl.pipeline
def path_params(flag: bool = True):
    written = write_values()
    read_values(
        count_path=written.outputs["count_path"],
        name_path=written.outputs["name_path"],
        flag=flag,
    )


TARGET = path_params
