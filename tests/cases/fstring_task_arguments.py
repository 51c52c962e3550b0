"""f-strings built from pipeline parameters and task outputs, passed as task arguments."""

from kfp_lite import dsl


@dsl.component
def version() -> str:
    return "1.2.3"


@dsl.component
def announce(message: str):
    print(message)


@dsl.pipeline
def fstring_args(user: str = "ada", count: int = 2):
    v = version()
    announce(message=f"Hello {user}, you have {count} jobs on version {v.output}")


TARGET = fstring_args
