"""The Word templates of the documents (``ntm/reports/doc_templates/``),
built from the layout blocks of :mod:`ntm.reports.docformat` (Nghị định
30/2020/NĐ-CP).

The templates are docxtpl files: ordinary .docx documents with ``{{ ... }}``
variables and ``{%p ... %}`` / ``{%tr ... %}`` / ``{%tc ... %}`` tags that an
office can open and edit in Word or LibreOffice without code. The generated
files are committed; ``ntm report templates`` rewrites them after a change
here, ``ntm report templates --check`` tells whether they are up to date (a
test runs it). Every variable is listed in docs/huong-dan/bao-cao.md.

One module per document (``progress``, ``department``, ``district``,
``commune``, ``yearly_plan``); ``tables`` holds the table specs and
``sections`` the parts several documents share; ``files`` makes the files.
"""

from ntm.reports.templates_build.files import (
    BUILDERS,
    build,
    same_content,
    stale_templates,
    write_templates,
)

__all__ = ["BUILDERS", "build", "same_content", "stale_templates", "write_templates"]
