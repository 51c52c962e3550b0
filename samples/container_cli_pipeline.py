"""Container components that wrap command-line tools, using Concat and IfPresent placeholders.

The first step downloads a file with an optional header flag; the second counts its lines and
writes the count to an output parameter file; a lightweight step then reports it.
"""

from typing import Optional

from kfp_lite import compiler, dsl
from kfp_lite.dsl import Artifact, Input, Output, OutputPath


@dsl.container_component
def fetch(url: str, page: Output[Artifact], auth_header: Optional[str] = None):
    return dsl.ContainerSpec(
        image="curlimages/curl:8.5.0",
        command=["curl"],
        args=[
            "-fsSL",
            dsl.IfPresentPlaceholder(
                input_name="auth_header",
                then=["-H", dsl.ConcatPlaceholder(["Authorization: ", auth_header])],
            ),
            "--create-dirs",
            "-o",
            page.path,
            url,
        ],
    )


@dsl.container_component
def count_lines(page: Input[Artifact], lines: OutputPath(int), label: str = "lines"):
    return dsl.ContainerSpec(
        image="busybox:1.36",
        command=["sh", "-c", 'wc -l < "$0" | tr -d " " > "$1"; echo "$2 counted"'],
        args=[page.path, lines, dsl.ConcatPlaceholder(["[", label, "]"])],
    )


@dsl.component
def report(lines: int, url: str) -> str:
    message = f"{url} has {lines} lines"
    print(message)
    return message


@dsl.pipeline
def container_cli_pipeline(url: str = "https://example.com", token: str = "Bearer dev"):  # noqa: KFL702 a dev token
    fetched = fetch(url=url, auth_header=token)
    counted = count_lines(page=fetched.outputs["page"])
    report(lines=counted.outputs["lines"], url=url)


if __name__ == "__main__":
    compiler.Compiler().compile(container_cli_pipeline, "container_cli_pipeline.yaml")
