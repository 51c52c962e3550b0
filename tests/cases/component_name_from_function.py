"""Component and task names derive from the function name (snake_case to k8s-style)."""

from kfp_lite import dsl


@dsl.component
def Load_CSV_Data2(path: str) -> str:
    return path


@dsl.component
def print_op2(text: str):
    print(text)


@dsl.component
def print_op(text: str):
    print(text)


@dsl.pipeline(name="Name_Derivation Pipeline")
def name_derivation(path: str = "/data/in.csv"):
    loaded = Load_CSV_Data2(path=path)
    print_op(text=loaded.output)
    print_op2(text=loaded.output)
    print_op(text=path)


TARGET = name_derivation
