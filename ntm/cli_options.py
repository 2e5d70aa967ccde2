"""The one vocabulary of the `ntm` command, shared by every subcommand.

``--period``  a period code: ``2023`` (year), ``2023-Q4`` (quarter), ``2023-03`` (month)
``--unit``    an administrative unit by code (``183``) or name (``"huyện cao lộc"``)
``--format``  ``text`` (default), ``json`` (valid JSON only on stdout), and
              ``csv``/``xlsx`` where a command writes a table
``--user``    the username of the account the command acts as

A command declares these with the ``add_*`` functions and resolves them with
the ``*_option`` functions, so that the names, help and refusals are the same
everywhere. Old Vietnamese option names stay as hidden aliases that still
work and print a note on stderr: people's scripts use them.
:class:`NtmCommand` turns every :class:`~ntm.errors.NtmError` into a
``CommandError`` carrying its message (exit code 1).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from ntm.accounts.models import User
from ntm.core.periods import PeriodError, parse_period
from ntm.errors import NtmError
from ntm.units.models import AdminUnit, UnitType
from ntm.units.selectors import unit_provinces, unit_resolve

TEXT, JSON, CSV, XLSX = "text", "json", "csv", "xlsx"
# Where the hidden aliases leave their notes for NtmCommand to print.
NOTES_DEST = "deprecated_option_notes"
# ``--format table`` was the old name of ``text``.
_OLD_FORMATS = {"table": TEXT}


class OptionError(NtmError):
    code = "cli_option"


def _note(namespace: argparse.Namespace, text: str) -> None:
    setattr(namespace, NOTES_DEST, [*(getattr(namespace, NOTES_DEST, None) or []), text])


class _OldName(argparse.Action):
    """A hidden old option name: stores into the new option's place and
    leaves a note saying which name to use."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        self.new_name: str = kwargs.pop("new_name")
        super().__init__(option_strings, dest, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, True if self.nargs == 0 else values)
        _note(
            namespace,
            _("Tùy chọn %(old)s đã cũ, sẽ bỏ: dùng %(new)s.")
            % {"old": option_string, "new": self.new_name},
        )


class _Format(argparse.Action):
    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        value = str(values)
        if value in _OLD_FORMATS:
            _note(
                namespace,
                _("--format %(old)s đã cũ, sẽ bỏ: dùng --format %(new)s.")
                % {"old": value, "new": _OLD_FORMATS[value]},
            )
            value = _OLD_FORMATS[value]
        setattr(namespace, self.dest, value)


def add_old_names(
    parser: argparse.ArgumentParser, new_name: str, old_names: Sequence[str], *, flag: bool = False
) -> None:
    """Hidden aliases of ``new_name``: absent from --help, and a note on use."""
    dest = new_name.lstrip("-").replace("-", "_")
    for old in old_names:
        parser.add_argument(
            old,
            dest=dest,
            action=_OldName,
            new_name=new_name,
            nargs=0 if flag else None,
            default=argparse.SUPPRESS,
            help=argparse.SUPPRESS,
        )


def _add_named(
    parser: argparse.ArgumentParser,
    option: str,
    metavar: str,
    default_help: str,
    *,
    required: bool,
    help: str | None,
    old_names: Sequence[str] = (),
) -> None:
    """A shared option that takes one value, and its hidden old names."""
    parser.add_argument(option, metavar=metavar, required=required, help=help or default_help)
    add_old_names(parser, option, old_names)


def add_period(
    parser: argparse.ArgumentParser,
    *,
    required: bool = False,
    help: str | None = None,
    old_names: Sequence[str] = (),
) -> None:
    _add_named(
        parser,
        "--period",
        _("KỲ"),
        _("kỳ: 2023 (năm), 2023-Q4 (quý) hoặc 2023-03 (tháng)"),
        required=required,
        help=help,
        old_names=old_names,
    )


def add_unit(
    parser: argparse.ArgumentParser,
    *,
    required: bool = False,
    help: str | None = None,
    old_names: Sequence[str] = (),
) -> None:
    _add_named(
        parser,
        "--unit",
        _("MÃ|TÊN"),
        _("đơn vị hành chính: mã (183) hoặc tên («Huyện Cao Lộc»)"),
        required=required,
        help=help,
        old_names=old_names,
    )


def add_format(
    parser: argparse.ArgumentParser,
    choices: Sequence[str] = (TEXT, JSON),
    *,
    default: str = TEXT,
    help: str | None = None,
) -> None:
    accepted = [*choices, *(old for old, new in _OLD_FORMATS.items() if new in choices)]
    parser.add_argument(
        "--format",
        choices=accepted,
        default=default,
        action=_Format,
        metavar="{" + ",".join(choices) + "}",
        help=help or _("dạng kết quả (mặc định: %(default)s)") % {"default": default},
    )


def add_user(
    parser: argparse.ArgumentParser, *, required: bool = False, help: str | None = None
) -> None:
    _add_named(
        parser,
        "--user",
        _("TÊN_ĐĂNG_NHẬP"),
        _("tên đăng nhập của tài khoản thực hiện"),
        required=required,
        help=help,
    )


def period_option(value: str | None) -> str | None:
    """The period code, written the canonical way (``2023-q4`` → ``2023-Q4``);
    None when the option is absent (commands then take the latest period)."""
    if value is None or not value.strip():
        return None
    try:
        return parse_period(value).code
    except PeriodError as exc:
        raise OptionError(str(exc)) from exc


def unit_option(value: str | None, *, areas_only: bool = False) -> AdminUnit:
    """The unit named by ``--unit``; without it, the province (when there is
    exactly one). ``areas_only``: a province or a district, for summaries."""
    if value is None or not value.strip():
        provinces = list(unit_provinces().order_by("code")[:2])
        if not provinces:
            raise OptionError(_("Chưa có đơn vị hành chính: chạy «ntm units import» trước."))
        if len(provinces) > 1:
            raise OptionError(_("Có nhiều tỉnh: hãy chọn đơn vị bằng --unit MÃ."))
        return provinces[0]
    unit = unit_resolve(value)
    if areas_only and not (unit.type == UnitType.PROVINCE or unit.is_district):
        raise OptionError(_("Không có tỉnh hoặc huyện mã «%(unit)s».") % {"unit": value.strip()})
    return unit


def user_option(username: str) -> User:
    user = User.objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise OptionError(
            _("Không có tài khoản «%(username)s» đang hoạt động.") % {"username": username}
        )
    return user


class NtmCommand(BaseCommand):
    """A subcommand of `ntm`: refusals become ``CommandError`` with their
    message, notes about old option names go to stderr first."""

    # A lazy translation, so that it is read in the language of the moment;
    # Django declares a str, hence the ignore.
    help: StrOrPromise = ""  # type: ignore[assignment]

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # ``help`` is a lazy translation (a class attribute); argparse needs a str.
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def execute(self, *args: Any, **options: Any) -> str | None:
        notes: list[str] = options.pop(NOTES_DEST, None) or []
        if options.get("stderr"):
            self.stderr = OutputWrapper(options["stderr"])
        for note in notes:
            self.stderr.write(note)
        try:
            return super().execute(*args, **options)
        except NtmError as exc:
            raise CommandError(str(exc)) from exc

    def write_json(self, data: object) -> None:
        """Valid JSON and nothing else on stdout (Vietnamese letters kept)."""
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
