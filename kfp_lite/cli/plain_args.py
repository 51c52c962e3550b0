"""Reading the plain forms of ``kfp-lite compile ...`` and ``kfp-lite check ...`` without click.

``kfp-lite compile FILE.py -o OUT.yaml`` is what CI runs most and ``kfp-lite check FILE...``
what the pre-commit hook runs on every commit; for a small pipeline importing click costs
more than the rest of the work. :func:`parse_plain_args` reads such a command line when it
uses only the command's own options, each spelled out in full, and returns the keyword
arguments click would pass to the command (its parameter names and values). Whatever it is
not sure of it leaves to click by returning None: help, any other command or group option,
an unknown option, ``--``, a missing value, a value that starts with ``-`` (other than ``-``
itself), a choice click would refuse, a second file for ``compile``, ``--flag=value`` and
clustered short options (``-oOUT``). Click then prints its usual help or message, so the
output never depends on which reader ran.

``COMMANDS`` must match the click commands' parameters (a test compares them).
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

__all__ = ["COMMANDS", "FLAG", "MULTIPLE", "VALUE", "PlainCommand", "parse_plain_args"]

VALUE, FLAG, MULTIPLE = "value", "flag", "multiple"


class PlainCommand:
    """A command's options as the click-free reader knows them.

    A plain class: a NamedTuple or dataclass would cost more to define at start-up than the
    whole reader takes to run (their string annotations are each compiled).
    """

    __slots__ = ("options", "choices", "argument", "many")

    def __init__(self, options: dict[str, tuple[str, str]], choices: dict[str, tuple[str, ...]],
                 argument: str, many: bool) -> None:
        self.options = options  # each spelling -> (click parameter name, kind)
        self.choices = choices  # parameters whose values click checks against a list
        self.argument = argument  # the click name of the positional argument
        self.many = many  # whether it takes any number of values (nargs=-1) or at most one


COMMANDS: dict[str, PlainCommand] = {
    "compile": PlainCommand(
        options={
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
        },
        choices={"executor": ("kfp", "embedded")},
        argument="file",
        many=False,
    ),
    "check": PlainCommand(
        options={
            "--format": ("fmt", VALUE),
            "--function": ("function", VALUE),
            "--config": ("config_path", VALUE),
            "--disable-type-check": ("disable_type_check", FLAG),
            "--exclude": ("exclude", MULTIPLE),
            "--only-pipelines": ("only_pipelines", FLAG),
        },
        choices={"fmt": ("text", "json", "github", "sarif")},
        argument="files",
        many=True,
    ),
}

_DEFAULTS = {VALUE: None, FLAG: False, MULTIPLE: ()}


def parse_plain_args(args: Sequence[str]) -> Optional[tuple[str, dict[str, Any]]]:
    """``(command, its click parameters)`` for ``args`` (``sys.argv[1:]``), or None to leave
    the command line to click."""
    command = COMMANDS.get(args[0]) if args else None
    if command is None:
        return None
    found: dict[str, Any] = {dest: _DEFAULTS[kind] for dest, kind in command.options.values()}
    repeated: dict[str, list[str]] = {dest: [] for dest, kind in command.options.values()
                                      if kind == MULTIPLE}
    positional: list[str] = []
    rest = list(args[1:])
    rest.reverse()  # pop() takes the next token
    while rest:
        token = rest.pop()
        if not token.startswith("-") or token == "-":  # an argument (click reads "-" as one too)
            positional.append(token)
            continue
        name, equals, attached = token.partition("=") if token.startswith("--") else (token, "", "")
        if name not in command.options:
            return None
        dest, kind = command.options[name]
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
        if dest in command.choices and value not in command.choices[dest]:
            return None
        if kind == MULTIPLE:
            repeated[dest].append(value)
        else:
            found[dest] = value  # given twice, the last one counts (as in click)
    for dest, values in repeated.items():
        found[dest] = tuple(values)
    if command.many:
        found[command.argument] = tuple(positional)
    elif len(positional) > 1:
        return None  # click reports the extra argument
    else:
        found[command.argument] = positional[0] if positional else None
    return args[0], found
