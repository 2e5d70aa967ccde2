"""The one evidence intake shared by monitoring and planning: refused files
never reach storage; an accepted file is fingerprinted and left rewound."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.core.evidence import EvidenceRefused, evidence_accept

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
