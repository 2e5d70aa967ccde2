"""The limited child process: a reader that wants too much memory or time is
stopped by the operating system's limits or the wall clock, the parent gets
a refusal naming the limit, and stays alive and small."""

from __future__ import annotations

import time

import pytest

from ntm.core.untrusted.limited_child import run_limited
from ntm.core.untrusted.limits import MB, UploadLimits
from ntm.core.untrusted.refusal import FileRefused
from tests.uploads import child_targets

LIMITS = UploadLimits(parse_memory_bytes=512 * MB, parse_seconds=2)


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / MB


def test_a_result_comes_back():
    assert run_limited(child_targets.echo, ({"a": [1, 2]},), name="x", limits=LIMITS) == {
        "a": [1, 2]
    }


def test_memory_over_the_limit_is_refused_and_the_parent_does_not_grow():
    before = rss_mb()
    with pytest.raises(FileRefused, match="cần hơn 512,0 MB bộ nhớ") as info:
        run_limited(child_targets.allocate, (2048 * MB,), name="x.xlsx", limits=LIMITS)
    assert info.value.code == "workbook_parse_limit"
    assert rss_mb() - before < 50
    # the same reader within the limit succeeds
    assert run_limited(child_targets.allocate, (64 * MB,), name="x", limits=LIMITS) == 64 * MB


def test_cpu_over_the_limit_is_refused():
    started = time.monotonic()
    with pytest.raises(FileRefused, match="lâu hơn 2 giây") as info:
        run_limited(child_targets.spin, (), name="x.xlsx", limits=LIMITS)
    assert info.value.code == "workbook_parse_limit"
    assert time.monotonic() - started < 2 + 5  # the limit plus a generous margin


def test_a_blocked_reader_is_killed_by_the_wall_clock():
    started = time.monotonic()
    with pytest.raises(FileRefused, match="lâu hơn 2 giây"):
        run_limited(child_targets.sleep, (), name="x.xlsx", limits=LIMITS)
    assert time.monotonic() - started < 2 + 8


def test_a_readers_own_error_is_a_refusal_of_a_damaged_file():
    with pytest.raises(FileRefused, match="bị hỏng hoặc không phải bảng tính \\(KeyError\\)"):
        run_limited(child_targets.fail, (), name="x.xlsx", limits=LIMITS)
