"""Bounds for the text files commands read (criteria sets and plans in YAML,
unit lists in CSV): a size cap checked before reading, and for YAML one
streaming pass over the parser's events, before anything is composed, that
bounds nesting depth and the number of nodes once every alias is expanded
(a "billion laughs" of anchors and aliases is refused, however small the file).

Our own choices, far above the shipped files (the largest, the 2023 plan,
is 78 KB and some 5,000 nodes)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ntm.core.messages import gettext_noop
from ntm.core.untrusted.refusal import FileRefused, count_text, mb_text

FILE_OVER_LIMIT = "file_over_limit"


@dataclass(frozen=True)
class TextLimits:
    max_bytes: int = 5 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 1_000_000  # with aliases expanded


YAML_LIMITS = TextLimits()
CSV_MAX_BYTES = 20 * 1024 * 1024  # a national unit list is about 2 MB
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def file_size_check(path: Path, max_bytes: int) -> None:
    """Refuse a file over ``max_bytes`` before reading it (an unreadable
    file is left to the reader, which explains it)."""
    try:
        size = path.stat().st_size
    except OSError:
        return
    if size > max_bytes:
        raise FileRefused(
            gettext_noop("Tệp %(name)s có dung lượng %(size)s: vượt giới hạn %(limit)s."),
            code=FILE_OVER_LIMIT,
            name=str(path),
            size=mb_text(size),
            limit=mb_text(max_bytes),
        )


def yaml_bounds_check(text: str, file: str, limits: TextLimits = YAML_LIMITS) -> None:
    """Refuse YAML ``text`` over the size, depth or expanded-node limits.
    Malformed YAML raises the parser's own ``yaml.YAMLError`` (with its line)."""
    if len(text) > limits.max_bytes:  # characters: at least as many bytes
        raise FileRefused(
            gettext_noop("Tệp %(name)s có dung lượng %(size)s: vượt giới hạn %(limit)s."),
            code=FILE_OVER_LIMIT,
            name=file,
            size=mb_text(len(text.encode())),
            limit=mb_text(limits.max_bytes),
        )
    starts: list[tuple[str | None, int]] = []  # open collections: anchor, nodes before
    sizes: dict[str, int] = {}  # anchor → nodes it expands to
    nodes = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            starts.append((event.anchor, nodes))
            nodes += 1
            if len(starts) > limits.max_depth:
                raise _refused(file, event, "depth", limits)
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, before = starts.pop()
            if anchor:
                sizes[anchor] = nodes - before
        elif isinstance(event, yaml.ScalarEvent):
            nodes += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            nodes += sizes.get(event.anchor or "", 1)
        if nodes > limits.max_nodes:
            raise _refused(file, event, "nodes", limits)


def _refused(file: str, event: yaml.Event, what: str, limits: TextLimits) -> FileRefused:
    line = event.start_mark.line + 1 if event.start_mark is not None else 0
    if what == "depth":
        return FileRefused(
            gettext_noop(
                "Tệp %(name)s, dòng %(line)s: lồng sâu hơn %(limit)s cấp (giới hạn độ sâu YAML)."
            ),
            code=FILE_OVER_LIMIT,
            name=file,
            line=line,
            limit=count_text(limits.max_depth),
        )
    return FileRefused(
        gettext_noop(
            "Tệp %(name)s, dòng %(line)s: khi mở rộng các bí danh (alias) có hơn %(limit)s phần "
            "tử: vượt giới hạn."
        ),
        code=FILE_OVER_LIMIT,
        name=file,
        line=line,
        limit=count_text(limits.max_nodes),
    )
