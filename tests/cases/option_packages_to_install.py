"""packages_to_install= adds a pip install step before the function runs."""

from kfp_lite import dsl


@dsl.component(packages_to_install=["requests==2.31.0", "pyyaml>=6"])
def fetch_yaml(url: str) -> dict:
    import requests
    import yaml

    return yaml.safe_load(requests.get(url, timeout=10).text)


TARGET = fetch_yaml
