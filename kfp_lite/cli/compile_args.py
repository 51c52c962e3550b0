"""Reading the plain forms of ``kfp-lite compile ...`` without click.

``kfp-lite compile FILE.py -o OUT.yaml`` is what CI and pre-commit hooks run most, and for a
small pipeline importing click costs more than the rest of the work. :func:`parse_compile_args`
reads a command line that uses only ``compile``'s own options, each spelled out in full, and
returns the keyword arguments of :func:`~kfp_lite.cli.compile_run.run_compile`, exactly as
click would pass them. Whatever it is not sure of it leaves to click by returning None:
help, any other command or group option, an unknown option, ``--``, a missing value, a value
that starts with ``-`` (other than ``-`` itself), an ``--executor`` click would refuse, a
second file, ``--flag=value`` and clustered short options (``-oOUT``). Click then prints its
usual help or message, so the output never depends on which reader ran.

``OPTIONS`` must match the click command's parameters (a test compares them).
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

__all__ = ["CHOICES", "OPTIONS", "parse_compile_args"]

VALUE, FLAG, MULTIPLE = "value", "flag", "multiple"

# each spelling of compile's options -> (click parameter name, kind)
OPTIONS: dict[str, tuple[str, str]] = {
    "--py": ("py", VALUE),
    "-o": ("output", VALUE),
    "--output": ("output", VALUE),
    "--function": ("function", VALUE),
    "--config": ("config_path", VALUE),
    "-p": ("params", MULTIPLE),
    "--param": ("params", MULTIPLE),
    "--pipeline-parameters": ("pipeline_parameters_json", VALUE),
    "--disable-type-check": ("disable_type_check", FLAG),
    "--check": ("check_only", FLAG),
    "--executor": ("executor", VALUE),
}

# parameters whose values click checks against a fixed list
CHOICES: dict[str, tuple[str, ...]] = {"executor": ("kfp", "embedded")}


def parse_compile_args(args: Sequence[str]) -> Optional[dict[str, Any]]:
    """``run_compile``'s keyword arguments for ``args`` (``sys.argv[1:]``), or None to
    leave the command line to click."""
    if not args or args[0] != "compile":
        return None
    found: dict[str, Any] = {
        "file": None, "py": None, "output": None, "function": None, "config_path": None,
        "params": (), "pipeline_parameters_json": None, "disable_type_check": False,
        "check_only": False, "executor": None,
    }
    params: list[str] = []
    rest = list(args[1:])
    rest.reverse()  # pop() takes the next token
    while rest:
        token = rest.pop()
        if not token.startswith("-") or token == "-":  # the file (click reads "-" as one too)
            if found["file"] is not None:
                return None  # click reports the extra argument
            found["file"] = token
            continue
        name, equals, attached = token.partition("=") if token.startswith("--") else (token, "", "")
        if name not in OPTIONS:
            return None
        dest, kind = OPTIONS[name]
        if kind == FLAG:
            if equals:
                return None  # click: the option does not take a value
            found[dest] = True
            continue
        if equals:
            value = attached
        elif rest and (not rest[-1].startswith("-") or rest[-1] == "-"):
            value = rest.pop()
        else:
            return None  # a missing value, or one click may read differently
        if dest in CHOICES and value not in CHOICES[dest]:
            return None
        if kind == MULTIPLE:
            params.append(value)
        else:
            found[dest] = value  # given twice, the last one counts (as in click)
    found["params"] = tuple(params)
    return found
