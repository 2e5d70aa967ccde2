"""Running a reader in a child process with hard limits: address space
(``RLIMIT_AS``), CPU time (``RLIMIT_CPU``) and a wall-clock timeout watched
by the parent, which kills the child when it is over. Whatever the file does
to the reader, the parent's memory does not grow with it and the worker
stays alive; the child answers with a result or a :class:`FileRefused`.

The child is a fresh interpreter (``python -m ntm.core.untrusted.limited_child``),
not a fork: it shares nothing with a web worker (threads, database
connections, Django's state), it works the same from a thread, a command or a
background job, and it costs one interpreter start per file (measured in
docs/operator/security.md). It sets its own limits before it reads a byte."""

from __future__ import annotations

import os
import pickle
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from ntm.core.messages import gettext_noop
from ntm.core.untrusted.limits import MB, UploadLimits
from ntm.core.untrusted.refusal import DAMAGED, PARSE_LIMIT, FileRefused, count_text, mb_text

T = TypeVar("T")
# The wall clock allows the interpreter's start and a little more than the
# CPU limit, so a child that sleeps or blocks is caught too.
WALL_MARGIN_SECONDS = 3


def run_limited(
    target: Callable[..., T], args: tuple[Any, ...], *, name: str, limits: UploadLimits
) -> T:
    """``target(*args)`` in a limited child; its result, or :class:`FileRefused`.

    ``target`` must be a module-level function (it is pickled by name) whose
    module imports no Django. A reader's own exception on a damaged file is
    raised here as a refusal of a damaged file."""
    request = pickle.dumps(
        (target, args, limits.parse_memory_bytes, limits.parse_seconds),
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    child = subprocess.Popen(
        [sys.executable, "-m", "ntm.core.untrusted.limited_child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        close_fds=True,
    )
    try:
        out, _err = child.communicate(request, timeout=limits.parse_seconds + WALL_MARGIN_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise _limit_refused(name, -signal.SIGKILL, limits) from None
    if child.returncode > 0:  # the child could not start: our fault, not the file's
        raise RuntimeError(f"limited child exited with {child.returncode}")
    if child.returncode != 0 or not out:
        raise _limit_refused(name, child.returncode, limits)
    kind, value = pickle.loads(out)
    if kind == "ok":
        return value  # type: ignore[no-any-return]
    if kind == "refused":
        raise value
    if kind == "memory":
        raise _limit_refused(name, -signal.SIGABRT, limits)
    raise FileRefused(
        gettext_noop(
            "Không đọc được tệp «%(name)s»: tệp bị hỏng hoặc không phải bảng tính "
            "(%(error)s). Hãy mở bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx "
            "rồi tải lên."
        ),
        code=DAMAGED,
        name=name,
        error=value,
    )


def _limit_refused(name: str, returncode: int | None, limits: UploadLimits) -> FileRefused:
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return FileRefused(
            gettext_noop(
                "Tệp «%(name)s» cần đọc lâu hơn %(limit)s giây: vượt giới hạn thời gian đọc tệp."
            ),
            code=PARSE_LIMIT,
            name=name,
            limit=count_text(limits.parse_seconds),
        )
    memory = limits.parse_memory_bytes
    return FileRefused(
        gettext_noop(
            "Tệp «%(name)s» cần hơn %(limit)s bộ nhớ để đọc: vượt giới hạn bộ nhớ đọc tệp."
        ),
        code=PARSE_LIMIT,
        name=name,
        limit=mb_text(memory) if memory % (1024 * MB) else f"{count_text(memory // MB // 1024)} GB",
    )


def _serve() -> None:
    """The child: limits first, then the request from stdin, the answer to stdout."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    target, args, memory_bytes, cpu_seconds = pickle.loads(stdin.read())
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    try:
        answer: tuple[str, Any] = ("ok", target(*args))
    except FileRefused as exc:
        answer = ("refused", exc)
    except MemoryError:
        answer = ("memory", None)
    except BaseException as exc:  # a reader's own error, even a Rust panic (BaseException)
        answer = ("error", type(exc).__name__)
    try:
        payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        payload = pickle.dumps(("memory", None))
    stdout.write(payload)
    stdout.flush()


if __name__ == "__main__":
    _serve()
