"""The container command of a lightweight Python component, in two modes.

``kfp`` (the default) writes exactly the command kfp 2.17.3 writes, so a compiled document is
kfp's byte for byte: an optional ``sh -c`` step that pip-installs the user's packages and kfp,
then ``sh -ec LOADER SOURCE`` where the loader saves ``SOURCE`` (the function with kfp's import
preamble) and runs ``python3 -m kfp.dsl.executor_main``. The container needs a package index.

``embedded`` rewrites such a command so that it needs neither the network nor kfp: the kfp
install is dropped (the user's own packages are still installed) and the loader runs kfp_lite's
standard-library executor, which travels in the command compressed (:mod:`.embedded_runtime`):
``python3 -c LOADER SOURCE RUNTIME``.
The rewrite works on any kfp lightweight command, which is how the local runner runs specs
compiled by kfp offline too.

The command is assembled from small parts (pip step, program source, loader) so that other
kinds of lightweight component can reuse them.
"""

from __future__ import annotations

from typing import NamedTuple, Optional, Sequence

__all__ = [
    "EMBEDDED_LOADER", "EXECUTOR_MODES", "KFP_VERSION", "PipSettings", "embed_container",
    "is_embedded", "is_kfp_lightweight", "kfp_container", "lightweight_container",
    "program_source",
]

KFP_VERSION = "2.17.3"
EXECUTOR_MODES = ("kfp", "embedded")
KFP_EXECUTOR_MODULE = "kfp.dsl.executor_main"

KFP_PREAMBLE = ("import kfp", "from kfp import dsl", "from kfp.dsl import *", "from typing import *")

KFP_LOADER = (
    'program_path=$(mktemp -d)\n\nprintf "%s" "$0" > "$program_path/ephemeral_component.py"\n'
    f"_KFP_RUNTIME=true python3 -m {KFP_EXECUTOR_MODULE}" + " " * 25 + "--component_module_path"
    + " " * 25 + '"$program_path/ephemeral_component.py"' + " " * 25 + '"$@"\n'
)

PIP_SCRIPT = (
    '\nif ! [ -x "$(command -v pip)" ]; then\n'
    "    python3 -m ensurepip || python3 -m ensurepip --user || apt-get install python3-pip\n"
    'fi\n\nPIP_DISABLE_PIP_VERSION_CHECK=1 {commands} && "$0" "$@"\n'
)
PIP_COMMANDS_START = "PIP_DISABLE_PIP_VERSION_CHECK=1 "
PIP_COMMANDS_END = ' && "$0" "$@"\n'
PIP_JOIN = "  &&  "  # kfp joins its install commands as ' '.join([user, ' && ', kfp])

VENV_SCRIPT = (
    "\nexport PIP_DISABLE_PIP_VERSION_CHECK=1\ntmp=$(mktemp -d)\n"
    'python3 -m venv "$tmp/venv" --system-site-packages\n. "$tmp/venv/bin/activate"\n'
)

KFP_DEFAULT_INSTALL = (f"kfp=={KFP_VERSION}", "--no-deps", 'typing-extensions>=3.7.4,<5; python_version<"3.9"')

# The embedded command is ``python3 -c EMBEDDED_LOADER SOURCE RUNTIME ARGS...``: the loader
# takes the compressed runtime out of the arguments and runs it; the runtime writes SOURCE to a
# file and runs the function as kfp's executor would.
EMBEDDED_LOADER = "import sys,zlib,base64 as b;exec(zlib.decompress(b.b85decode(sys.argv.pop(2)),-15))"


class PipSettings(NamedTuple):
    """What the pip step of a lightweight component installs (``@dsl.component`` options).

    A NamedTuple, not a frozen dataclass: as immutable, and cheaper to define at import."""

    packages_to_install: tuple[str, ...] = ()
    pip_index_urls: Optional[tuple[str, ...]] = None
    pip_trusted_hosts: Optional[tuple[str, ...]] = None
    use_venv: bool = False
    install_kfp_package: bool = True
    kfp_package_path: Optional[str] = None


def _index_options(settings: PipSettings) -> str:
    """pip's index options as kfp writes them (unquoted; trusted hosts default to the urls)."""
    urls = list(settings.pip_index_urls or ())
    if not urls:
        return ""
    options = [f"--index-url {urls[0]}"] + [f"--extra-index-url {url}" for url in urls[1:]]
    hosts = urls if settings.pip_trusted_hosts is None else list(settings.pip_trusted_hosts)
    options += [f"--trusted-host {host}" for host in hosts]
    return " ".join(options) + " "


def _pip_install(parts: Sequence[str], index_options: str) -> str:
    packages = " ".join(repr(str(part)) for part in parts)
    return f"python3 -m pip install --quiet --no-warn-script-location {index_options}{packages}"


def _kfp_install_parts(settings: PipSettings, path_exists: bool) -> tuple[str, ...]:
    path = settings.kfp_package_path
    if not path:
        return KFP_DEFAULT_INSTALL
    return (path, "--no-deps") if path_exists or "@refs/pull/" in path else (path,)


def pip_step(settings: PipSettings, *, containerized: bool = False) -> list[str]:
    """The ``sh -c`` step that installs packages before the program runs (empty when none).

    As in kfp, kfp itself is installed unless ``install_kfp_package=False``, the component is
    containerized (``target_image``), or a user package already starts with ``kfp``; the
    user's packages come first, a ``use_venv`` environment only wraps the kfp install.
    """
    import os

    packages = list(settings.packages_to_install)
    inject_kfp = (settings.install_kfp_package and not containerized
                  and not any(p.startswith("kfp") for p in packages))
    if not inject_kfp and not packages:
        return []
    options = _index_options(settings)
    commands: list[str] = []
    if packages:
        commands.append(_pip_install(packages, options))
        if inject_kfp:
            commands.append(" && ")
    if inject_kfp:
        if settings.use_venv:
            commands.append(VENV_SCRIPT)
        exists = bool(settings.kfp_package_path) and os.path.exists(settings.kfp_package_path or "")
        commands.append(_pip_install(_kfp_install_parts(settings, exists), options))
    return ["sh", "-c", PIP_SCRIPT.format(commands=" ".join(commands))]


def program_source(function_source: str, *, imports: Sequence[str] = (),
                   additional_sources: Sequence[str] = (), helper_source: str = "") -> str:
    """The file the loader writes: kfp's import preamble, helpers, then the function.

    ``function_source`` is the dedented source from the ``def`` line on, kept with its final
    newline as kfp keeps it.
    """
    extra = "\n\n" + "\n\n".join(additional_sources) if additional_sources else ""
    helper = f"\n\n{helper_source}\n" if helper_source else ""
    preamble = "\n".join([*KFP_PREAMBLE, *imports])
    return f"\n{preamble}{extra}{helper}\n\n{function_source}\n"


def kfp_container(*, program: str, function_name: str, image: str, pip: Sequence[str] = ()) -> dict:
    """The ``container`` dict of a lightweight component as kfp writes it."""
    return {
        "image": image,
        "command": [*pip, "sh", "-ec", KFP_LOADER, program],
        "args": ["--executor_input", "{{$}}", "--function_to_execute", function_name],
    }


def containerized_container(*, function_name: str, image: str, pip: Sequence[str] = ()) -> dict:
    """``target_image``: the code is in the image, kfp's executor runs it."""
    return {
        "image": image,
        "command": [*pip, "python3", "-m", KFP_EXECUTOR_MODULE],
        "args": ["--executor_input", "{{$}}", "--function_to_execute", function_name],
    }


def lightweight_container(*, function_source: str, function_name: str, base_image: str,
                          settings: PipSettings = PipSettings(), imports: Sequence[str] = (),
                          additional_sources: Sequence[str] = (), mode: str = "kfp") -> dict:
    """A lightweight component's container in the given executor mode."""
    program = program_source(function_source, imports=imports, additional_sources=additional_sources)
    container = kfp_container(program=program, function_name=function_name, image=base_image,
                              pip=pip_step(settings))
    if mode == "embedded":
        embedded = embed_container(container)
        assert embedded is not None  # our own kfp command always embeds
        return embedded
    return container


# --- embedded mode -------------------------------------------------------------------------


def _loader_index(command: Sequence[str]) -> Optional[int]:
    """Where kfp's ``sh -ec LOADER SOURCE`` starts in a command (any kfp 2.x loader)."""
    for index in range(len(command) - 3):
        loader = command[index + 2]
        if (command[index] == "sh" and command[index + 1] == "-ec" and KFP_EXECUTOR_MODULE in loader
                and "ephemeral_component.py" in loader and '"$0"' in loader):
            return index
    return None


def is_kfp_lightweight(command: Sequence[str]) -> bool:
    """True for kfp's lightweight command (the function's source is in the command)."""
    return _loader_index(command) is not None


def is_embedded(command: Sequence[str]) -> bool:
    return EMBEDDED_LOADER in command


def _is_kfp_install(command: str) -> bool:
    """kfp's own default install command (what ``embedded`` drops)."""
    return command.endswith(" ".join(repr(part) for part in KFP_DEFAULT_INSTALL))


def _without_kfp_install(script: str) -> Optional[str]:
    """A kfp pip script without the kfp install (and its venv); None when nothing is left.

    The user's ``packages_to_install`` stay: the task still needs them. An install that is
    not kfp's default one (a ``kfp_package_path``) is kept, as it cannot be told apart from a
    user's package.
    """
    start, end = script.find(PIP_COMMANDS_START), script.rfind(PIP_COMMANDS_END)
    if start < 0 or end < start:
        return script
    commands = script[start + len(PIP_COMMANDS_START):end]
    parts = commands.split(PIP_JOIN)
    last = parts[-1]
    had_venv = last.startswith(VENV_SCRIPT)
    if had_venv or _is_kfp_install(last):
        parts.pop()
    if not parts:
        return None
    return script[:start + len(PIP_COMMANDS_START)] + PIP_JOIN.join(parts) + script[end:]


def embed_container(container: dict) -> Optional[dict]:
    """The embedded-mode container for a kfp lightweight container; None if it is not one."""
    from .embedded_runtime import encoded_runtime

    command = list(container.get("command") or [])
    index = _loader_index(command)
    if index is None:
        return None
    prefix = command[:index]
    if len(prefix) == 3 and prefix[:2] == ["sh", "-c"]:
        script = _without_kfp_install(prefix[2])
        prefix = [] if script is None else ["sh", "-c", script]
    program = command[index + 3]
    new_command = [*prefix, "python3", "-c", EMBEDDED_LOADER, program, encoded_runtime(program),
                   *command[index + 4:]]
    return {**container, "command": new_command}


def embed_executors(spec: dict) -> None:
    """Rewrite every kfp lightweight executor of a compiled spec to the embedded mode."""
    executors = (spec.get("deploymentSpec") or {}).get("executors") or {}
    for executor in executors.values():
        container = executor.get("container") if isinstance(executor, dict) else None
        if isinstance(container, dict):
            embedded = embed_container(container)
            if embedded is not None:
                executor["container"] = embedded
