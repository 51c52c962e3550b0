"""``from kfp_lite import components``: load components from YAML, as ``kfp.components`` does.

Accepted: component YAML compiled by kfp or kfp_lite (``Compiler().compile(component)``),
compiled *pipeline* YAML (reused as a nested pipeline task), and kfp v1 component YAML with
``implementation.container``. The result is called inside a pipeline like a decorated
component. Any problem raises one :class:`ComponentLoadError` listing all of them.
"""

from __future__ import annotations

import base64
import os
from typing import Any, NoReturn, Optional, Sequence, Union

from kfp_lite.component_yaml import ComponentLoadError, parse_component
from kfp_lite.component_yaml.problems import Problems
from kfp_lite.dsl.components import BaseComponent, ContainerComponent, PythonComponent
from kfp_lite.dsl.yaml_component import YamlComponent

__all__ = [
    "BaseComponent",
    "ComponentLoadError",
    "ContainerComponent",
    "PythonComponent",
    "YamlComponent",
    "load_component_from_file",
    "load_component_from_text",
    "load_component_from_url",
]

# kfp's module paths: kfp.components.load_yaml_utilities (a submodule) and the dsl modules
# kfp.components re-exports (base_component, placeholders)
_KFP_MODULE_PATHS = {"load_yaml_utilities": "kfp_lite.components.load_yaml_utilities",
                     "base_component": "kfp_lite.dsl.base_component",
                     "placeholders": "kfp_lite.dsl.placeholders"}


def __getattr__(name: str) -> Any:
    path = _KFP_MODULE_PATHS.get(name)
    if path is None:
        raise AttributeError(f"module 'kfp_lite.components' has no attribute {name!r}")
    import importlib

    return importlib.import_module(path)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_KFP_MODULE_PATHS))

URL_TIMEOUT_SECONDS = 60.0


def load_component_from_text(text: Union[str, bytes]) -> YamlComponent:
    """Load a component from YAML text (v2 component, compiled pipeline or v1 component)."""
    return _load(text, "component text", None)


def load_component_from_file(file_path: Union[str, os.PathLike[str]]) -> YamlComponent:
    """Load a component from a YAML file."""
    path = os.fspath(file_path)
    from kfp_lite.safe_yaml import YamlRefused, read_file

    try:
        data = read_file(path)
    except YamlRefused as exc:
        _fail(path, path, exc.reason, hint=exc.hint, policy=True)
    except OSError as exc:
        _fail(
            path,
            None,
            f"cannot read the component file: {exc.strerror or exc}",
            hint="check the path; relative paths are resolved from the working directory "
            f"({os.getcwd()})",
        )
    return _load(data, path, path)


def load_component_from_url(url: str, auth: Optional[Sequence[str]] = None) -> YamlComponent:
    """Load a component from an http(s) URL (``gs://`` reads the public storage.googleapis.com URL).

    ``auth`` is an optional ``(username, password)`` pair sent as HTTP basic authentication.
    """
    import urllib.error
    import urllib.request

    from kfp_lite.safe_yaml import YamlRefused, read_stream

    if not isinstance(url, str) or not url:
        _fail(repr(url), None, f"the URL must be a non-empty string, got {url!r}")
    if url.startswith("gs://"):
        url = "https://storage.googleapis.com/" + url[len("gs://") :]
    request = urllib.request.Request(url, headers={"User-Agent": "kfp-lite"})
    if auth is not None:
        if (
            isinstance(auth, (str, bytes))
            or len(auth) != 2
            or not all(isinstance(part, str) for part in auth)
        ):
            _fail(url, None, "auth must be a (username, password) pair of strings")
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT_SECONDS) as response:  # noqa: S310
            data = read_stream(response)
    except YamlRefused as exc:
        _fail(url, None, exc.reason, hint=exc.hint, policy=True)
    except urllib.error.HTTPError as exc:
        _fail(url, None, f"the server answered HTTP {exc.code} {exc.reason}")
    except urllib.error.URLError as exc:
        _fail(
            url,
            None,
            f"cannot fetch the component: {exc.reason}",
            hint="check the URL and the network connection",
        )
    except (OSError, ValueError) as exc:  # timeouts, resets, malformed URLs
        _fail(
            url,
            None,
            f"cannot fetch the component: {exc}",
            hint="check the URL and the network connection",
        )
    return _load(data, url, None)


def _load(data: Union[str, bytes], source: str, path: Optional[str]) -> YamlComponent:
    from kfp_lite.safe_yaml import YamlRefused, to_text

    if not isinstance(data, (str, bytes)):
        _fail(source, path, f"expected YAML text, got {type(data).__name__}")
    try:
        text = to_text(data)
    except YamlRefused as exc:
        reason = exc.reason.replace("not UTF-8 text", "the component is not UTF-8 text")
        _fail(source, path, reason, hint=exc.hint, policy=exc.policy)
    loaded = parse_component(text, source, path)
    return YamlComponent(loaded, text, source)


def _fail(
    source: str,
    path: Optional[str],
    message: str,
    hint: Optional[str] = None,
    policy: bool = False,
) -> NoReturn:
    problems = Problems(source, path)
    problems.unreadable(message, hint=hint, policy=policy)
    problems.raise_if_any()
    raise AssertionError("unreachable")
