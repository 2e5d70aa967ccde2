"""A streaming scan of one XML member with expat, under defusedxml's rules
(no DTD, no entity declarations, no external references: billion laughs and
XXE are refused at their first declaration), counting nesting depth and
handing each element to the format's rules. Nothing is kept but counters, so
memory stays flat however large the member.

defusedxml builds the expat parser and installs its guards; the elements go
straight from expat to the rules (not through SAX's attribute objects),
which makes the scan several times faster on a province workbook."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol
from xml.parsers.expat import ExpatError
from xml.sax.handler import feature_namespaces

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from ntm.core.messages import gettext_noop
from ntm.core.untrusted.limits import UploadLimits
from ntm.core.untrusted.refusal import DAMAGED, FORBIDDEN_XML, FileRefused, count_text

# expat joins a namespace and a local name with this separator: "uri local".
SEPARATOR = " "


Handler = Callable[[dict[str, str]], None]


class ElementRules(Protocol):
    """What a format checks on elements of a member: ``starts`` by name
    (``"namespace local"``, ``"local"`` without a namespace; attributes keyed
    the same way), ``ends`` by name, and ``other`` for any other element
    (None when the format needs only the named ones: the fast path)."""

    starts: dict[str, Handler]
    ends: dict[str, Callable[[], None]]
    other: Callable[[str], None] | None


def _handlers(
    rules: ElementRules, limit: int, refuse: Callable[[], FileRefused]
) -> tuple[Callable[[str, dict[str, str]], None], Callable[[str], None]]:
    depth = 0
    starts, ends, other = rules.starts, rules.ends, rules.other

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth > limit:
            raise refuse()
        handler = starts.get(name)
        if handler is not None:
            handler(attrs)
        elif other is not None:
            other(name)

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1
        handler = ends.get(name)
        if handler is not None:
            handler()

    return start, end


def xml_scan(
    chunks: Iterable[bytes], *, name: str, member: str, limits: UploadLimits, rules: ElementRules
) -> None:
    """Scan ``member`` of file ``name``; raises :class:`FileRefused`."""
    reader = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    reader.setFeature(feature_namespaces, True)
    reader.reset()  # the expat parser, with defusedxml's handlers installed
    parser = reader._parser  # type: ignore[attr-defined]  # expat under defusedxml's guards
    parser.StartElementHandler, parser.EndElementHandler = _handlers(
        rules,
        limits.max_xml_depth,
        lambda: FileRefused(
            gettext_noop(
                "Tệp «%(name)s» có cấu trúc XML lồng sâu hơn %(limit)s cấp (phần %(member)s): "
                "vượt giới hạn độ sâu XML."
            ),
            name=name,
            member=member,
            limit=count_text(limits.max_xml_depth),
        ),
    )
    parser.namespace_prefixes = False  # names as "uri local", without the prefix
    parser.CharacterDataHandler = None
    parser.StartNamespaceDeclHandler = parser.EndNamespaceDeclHandler = None
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except DefusedXmlException as exc:
        raise FileRefused(
            gettext_noop(
                "Tệp «%(name)s» chứa khai báo DTD hoặc thực thể XML (phần %(member)s): bảng tính "
                "thật không có những khai báo này, tệp bị từ chối."
            ),
            code=FORBIDDEN_XML,
            name=name,
            member=member,
        ) from exc
    except (ExpatError, UnicodeError) as exc:
        raise FileRefused(
            gettext_noop("Tệp «%(name)s» bị hỏng (XML không hợp lệ trong phần %(member)s)."),
            code=DAMAGED,
            name=name,
            member=member,
        ) from exc
