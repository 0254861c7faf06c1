"""Reading a seed data file: a YAML list of mappings, each remembering the line it starts on.

PyYAML's safe loader silently keeps the last of two equal keys; a data file that states a fact
twice is a mistake, so this loader refuses duplicate keys instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode


class Entry(dict[str, Any]):
    """One mapping of a data file, with the (1-based) line it starts on."""

    line: int = 0


class ReadError(Exception):
    """The file is not a YAML list of mappings; the message says where and why."""


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML with duplicate keys refused and mapping start lines recorded."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _construct_entry(loader: _StrictLoader, node: MappingNode) -> Iterator[Entry]:
    # Two steps, as PyYAML's own map constructor does, so that recursive structures still work.
    entry = Entry()
    entry.line = node.start_mark.line + 1
    yield entry
    entry.update(loader.construct_mapping(node))


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _construct_entry)


def read_entries(path: Path) -> list[Entry]:
    """The entries of a data file, or ReadError naming the line that is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror or exc}") from exc
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - _StrictLoader is a SafeLoader
    except yaml.YAMLError as exc:
        raise ReadError(f"not valid YAML: {exc}") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise ReadError("the file must be a YAML list of entries (each starting with '- ')")
    for index, item in enumerate(data, start=1):
        if not isinstance(item, Entry):
            raise ReadError(f"entry {index} is not a mapping of keys to values")
    return data
