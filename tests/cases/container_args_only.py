"""A container component with args but no command (the image entrypoint runs)."""

from kfp_lite import dsl


@dsl.container_component
def curl_get(url: str):
    return dsl.ContainerSpec(image="curlimages/curl:8.5.0", args=["-fsSL", url])


@dsl.pipeline
def curl_pipeline(url: str = "https://example.com"):
    curl_get(url=url)


TARGET = curl_pipeline
