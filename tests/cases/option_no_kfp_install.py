"""install_kfp_package=False: no pip step at all when there are no packages either."""

from kfp_lite import dsl


@dsl.component(install_kfp_package=False)
def echo(text: str) -> str:
    return text


TARGET = echo
