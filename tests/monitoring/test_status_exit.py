"""`ntm status` as the shell runs it. Apart from the crafted world of
test_status_cli.py: ``run_from_argv`` closes the database connections when the
command ends, as Django does, which would end that module-wide transaction."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_the_command_line_exits_non_zero_with_the_message(capsys):
    """Django turns the refusal into exit code 1 and the message on stderr."""
    from ntm.monitoring.management.commands.status import Command

    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["ntm", "status", "--unit", "khong-co", "--format", "json"])
    assert exit_info.value.code == 1
    assert "Không có đơn vị hành chính mã «khong-co»" in capsys.readouterr().err
