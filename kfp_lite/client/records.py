"""What the API server returns, read as kfp's client returns it: attributes named as the JSON.

kfp's client answers with generated model objects (``run.run_id``, ``run.state``); code that
reads those attributes works unchanged on :class:`ApiRecord`, a read-only view of the JSON
reply. Fields the server left out read as ``None``, as they do on the generated models.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping


class ApiRecord(Mapping[str, Any]):
    """A JSON object from the server with attribute access; nested objects are records too."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_data", dict(data))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _wrap(self._data.get(name))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"API records are read-only (tried to set {name!r})")

    def __getitem__(self, key: str) -> Any:
        return _wrap(self._data[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object as the server sent it (the generated models' ``to_dict``)."""
        return dict(self._data)

    def __repr__(self) -> str:
        return f"ApiRecord({self._data!r})"


def _wrap(value: Any) -> Any:
    if isinstance(value, dict):
        return ApiRecord(value)
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    return value
