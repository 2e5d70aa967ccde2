"""A streaming scan of one XML member with expat, under defusedxml's rules
(no DTD, no entity declarations, no external references: billion laughs and
XXE are refused at their first declaration), counting nesting depth and
handing each element to the format's rules. Nothing is kept but counters, so
memory stays flat however large the member."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol
from xml.sax import SAXException
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.xmlreader import AttributesNSImpl

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from ntm.core.messages import gettext_noop
from ntm.core.untrusted.limits import UploadLimits
from ntm.core.untrusted.refusal import DAMAGED, FORBIDDEN_XML, FileRefused, count_text

Name = tuple[str | None, str]  # (namespace URI, local name)


class ElementRules(Protocol):
    """What a format checks on each element of a member."""

    def start(self, name: Name, attrs: AttributesNSImpl) -> None: ...

    def end(self, name: Name) -> None: ...


class _Handler(ContentHandler):
    def __init__(self, rules: ElementRules, limits: UploadLimits, name: str, member: str):
        super().__init__()
        self.rules, self.limit, self.name, self.member = rules, limits.max_xml_depth, name, member
        self.depth = 0

    def startElementNS(self, name: Name, qname: str | None, attrs: AttributesNSImpl) -> None:
        self.depth += 1
        if self.depth > self.limit:
            raise FileRefused(
                gettext_noop(
                    "Tệp «%(name)s» có cấu trúc XML lồng sâu hơn %(limit)s cấp (phần %(member)s): "
                    "vượt giới hạn độ sâu XML."
                ),
                name=self.name,
                member=self.member,
                limit=count_text(self.limit),
            )
        self.rules.start(name, attrs)

    def endElementNS(self, name: Name, qname: str | None) -> None:
        self.depth -= 1
        self.rules.end(name)


def xml_scan(
    chunks: Iterable[bytes], *, name: str, member: str, limits: UploadLimits, rules: ElementRules
) -> None:
    """Scan ``member`` of file ``name``; raises :class:`FileRefused`."""
    parser = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(_Handler(rules, limits, name, member))
    try:
        for chunk in chunks:
            parser.feed(chunk)
        parser.close()
    except FileRefused:
        raise
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
    except (SAXException, ValueError, UnicodeError) as exc:
        raise FileRefused(
            gettext_noop("Tệp «%(name)s» bị hỏng (XML không hợp lệ trong phần %(member)s)."),
            code=DAMAGED,
            name=name,
            member=member,
        ) from exc
