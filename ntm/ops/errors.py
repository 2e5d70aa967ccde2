"""Refusals of a backup or a restore; nothing was written when raised."""

from __future__ import annotations

from ntm.errors import NtmError


class BackupError(NtmError):
    code = "backup"


class ArchiveRefused(BackupError):
    """The archive is damaged, tampered with or hostile."""

    code = "archive_refused"


class RestoreRefused(BackupError):
    """The archive is sound but cannot go into this database as it is."""

    code = "restore_refused"
