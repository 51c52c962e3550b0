"""set_env_variable adds container env entries in call order."""

from kfp_lite import dsl


@dsl.component
def show_env() -> str:
    import os

    return os.environ.get("MODE", "") + os.environ.get("LOG_LEVEL", "")


@dsl.pipeline
def env_vars():
    show_env().set_env_variable("MODE", "production").set_env_variable("LOG_LEVEL", "debug")
    show_env().set_env_variable("EMPTY", "")


TARGET = env_vars
