"""install_kfp_package=False with packages_to_install: only the user's packages are installed."""

from kfp_lite import dsl


@dsl.component(
    base_image="python:3.12",
    packages_to_install=["humanize"],
    install_kfp_package=False,
)
def pretty_size(size: int) -> str:
    import humanize

    return humanize.naturalsize(size)


TARGET = pretty_size
