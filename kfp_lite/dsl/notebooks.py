"""``@dsl.notebook_component`` and ``dsl.run_notebook``: a component that runs a Jupyter notebook.

The decorated function is a lightweight component whose command carries the notebook (see
``compiler/embedded_files.py``); inside it, ``dsl.run_notebook(name=value, ...)`` executes the
notebook with those parameters. At authoring time ``run_notebook`` only explains itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, List, Optional

__all__ = ["NOTEBOOK_PACKAGES", "notebook_component", "notebook_file", "run_notebook"]

# what a notebook component installs when packages_to_install is not given (as kfp)
NOTEBOOK_PACKAGES = ("nbclient>=0.10,<1", "ipykernel>=6,<7", "jupyter_client>=7,<9")


def run_notebook(**kwargs: Any) -> None:
    """Run the component's notebook with these parameters (only inside a running notebook component)."""
    raise NotImplementedError(
        "dsl.run_notebook runs only inside a @dsl.notebook_component while its task runs")


def notebook_file(path: str) -> tuple[Optional[str], Optional[str]]:
    """The notebook's path inside the embedded files, or why ``path`` is not a usable notebook.

    A folder must hold exactly one ``.ipynb`` (checkpoints ignored), as kfp requires.
    """
    root = Path(path)
    if not root.exists():
        return None, f"the notebook path '{path}' does not exist"
    if root.is_dir():
        found = sorted(p for p in root.rglob("*.ipynb")
                       if p.is_file() and ".ipynb_checkpoints" not in p.parts)
        if len(found) != 1:
            what = "no .ipynb file" if not found else f"{len(found)} .ipynb files"
            return None, f"the folder '{path}' holds {what}; a notebook component needs exactly one"
        return found[0].relative_to(root).as_posix(), None
    if root.suffix.lower() != ".ipynb":
        return None, f"'{path}' is not a notebook (.ipynb) file"
    return root.name, None


def notebook_component(func: Optional[Callable] = None, *, notebook_path: str,
                       base_image: Optional[str] = None,
                       packages_to_install: Optional[List[str]] = None,
                       output_component_file: Optional[str] = None,
                       pip_index_urls: Optional[List[str]] = None,
                       pip_trusted_hosts: Optional[List[str]] = None, use_venv: bool = False,
                       kfp_package_path: Optional[str] = None, install_kfp_package: bool = True,
                       task_config_passthroughs: Optional[List[Any]] = None) -> Any:
    """Make a component that embeds the notebook at ``notebook_path`` (a file or a folder with one).

    ``packages_to_install`` defaults to what running a notebook needs (nbclient, ipykernel,
    jupyter_client); ``[]`` installs nothing.
    """
    from .components import _python_component

    options = dict(notebook_path=notebook_path, base_image=base_image,
                   packages_to_install=packages_to_install, output_component_file=output_component_file,
                   pip_index_urls=pip_index_urls, pip_trusted_hosts=pip_trusted_hosts, use_venv=use_venv,
                   kfp_package_path=kfp_package_path, install_kfp_package=install_kfp_package,
                   task_config_passthroughs=task_config_passthroughs)
    if func is None:
        return lambda f: notebook_component(f, **options)
    if packages_to_install is None:
        options["packages_to_install"] = list(NOTEBOOK_PACKAGES)
    return _python_component(func, target_image=None, additional_funcs=None,
                             embedded_artifact_path=None, **options)
