"""The one evidence intake shared by monitoring and planning: refused files
never reach storage; an accepted file is fingerprinted and left rewound."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.core.evidence import EvidenceRefused, evidence_accept, evidence_name, shorten_name

PDF = b"%PDF-1.4\n" + b"x" * 200_000  # more than one chunk


def test_an_accepted_file_is_named_fingerprinted_and_rewound():
    upload = SimpleUploadedFile("C:\\Users\\xa\\bien ban.pdf", PDF)
    upload.DEFAULT_CHUNK_SIZE = 64 * 1024
    accepted = evidence_accept(upload)
    assert accepted.name == "bien ban.pdf"
    assert accepted.sha256 == hashlib.sha256(PDF).hexdigest()
    assert accepted.size == len(PDF)
    assert upload.read() == PDF  # the caller saves the whole file


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("a.exe", b"MZ", "không được nhận"),
        ("a.pdf", b"", "rỗng"),
        ("a.pdf", b"\x89PNG\r\n\x1a\n", "không đúng định dạng PDF"),
    ],
)
def test_a_refused_file_says_why(name, content, why):
    with pytest.raises(EvidenceRefused, match=why):
        evidence_accept(SimpleUploadedFile(name, content))


def test_names_are_cleaned_and_shortened_keeping_the_extension():
    nfd = "Bie\u0302n ba\u0309n.pdf"  # as macOS sends it
    assert evidence_name("C:/x/" + nfd) == "Biên bản.pdf"
    assert evidence_name("a\x00b\nc.pdf") == "abc.pdf"
    long = "Đường " * 80 + ".docx"
    short = evidence_name(long)
    assert len(short.encode()) <= 200 and short.endswith(".docx")
    short.encode().decode("utf-8")  # a whole number of characters
    assert shorten_name("ạ" * 10, 7) == "ạạ"  # 3 bytes each: cut before the third
    assert shorten_name("x" * 20 + "." + "y" * 30, 10) == "x" * 10  # no real extension


def test_an_office_file_is_typed_by_its_parts():
    import io
    import zipfile

    def package(part: str) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr(part, "<x/>")
        return out.getvalue()

    assert evidence_accept(SimpleUploadedFile("a.docx", package("word/document.xml"))).name
    with pytest.raises(EvidenceRefused, match="không đúng định dạng XLSX"):
        evidence_accept(SimpleUploadedFile("a.xlsx", package("word/document.xml")))
    with pytest.raises(EvidenceRefused, match="không đúng định dạng ODS"):
        evidence_accept(SimpleUploadedFile("a.ods", b"PK\x03\x04 broken"))
    with pytest.raises(EvidenceRefused, match="vượt giới hạn 1,0 MB"):
        evidence_accept(SimpleUploadedFile("a.pdf", PDF * 6), max_bytes=1024 * 1024)
