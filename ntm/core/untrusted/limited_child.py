"""Running a reader in a child process with hard limits: address space
(``RLIMIT_AS``), CPU time (``RLIMIT_CPU``) and a wall-clock timeout watched
by the parent, which kills the child when it is over. Whatever the file does
to the reader, the parent's memory does not grow with it and the worker
stays alive; the child answers with a result or a :class:`FileRefused`.

Children come from a fork server: a small clean process started once (it
imports the readers, never Django or the parent's state), which forks a
child per file; cheaper than spawning an interpreter, safer than forking a
web worker with its threads and connections."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import resource
import signal
import threading
from collections.abc import Callable, Sequence
from multiprocessing.context import ForkServerContext
from typing import Any, TypeVar

from ntm.core.messages import gettext_noop
from ntm.core.untrusted.limits import MB, UploadLimits
from ntm.core.untrusted.refusal import PARSE_LIMIT, FileRefused, count_text, mb_text

T = TypeVar("T")
_context: ForkServerContext | None = None
_context_lock = threading.Lock()


def _fork_server(preload: Sequence[str]) -> ForkServerContext:
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["ntm.core.untrusted.limited_child", *preload])
            _context = context
        return _context


def _child(
    send: multiprocessing.connection.Connection,
    target: Callable[..., Any],
    args: tuple[Any, ...],
    memory_bytes: int,
    cpu_seconds: int,
) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    try:
        answer: tuple[str, Any] = ("ok", target(*args))
    except FileRefused as exc:
        answer = ("refused", exc)
    except MemoryError:
        answer = ("memory", None)
    except Exception as exc:  # a reader's own error on a damaged file
        answer = ("error", type(exc).__name__)
    try:
        send.send(answer)
    except MemoryError:
        send.send(("memory", None))
    send.close()


def run_limited(
    target: Callable[..., T],
    args: tuple[Any, ...],
    *,
    name: str,
    limits: UploadLimits,
    preload: Sequence[str] = (),
) -> T:
    """``target(*args)`` in a limited child; its result, or :class:`FileRefused`.

    ``target`` must be a module-level function (it is pickled by name) whose
    module imports no Django; ``preload`` names such modules to import once in
    the fork server. A reader's own exception is returned as ``("error",
    type name)`` and raised here as a refusal of a damaged file."""
    context = _fork_server(preload)
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child,
        args=(send, target, args, limits.parse_memory_bytes, limits.parse_seconds),
        daemon=True,
    )
    child.start()
    send.close()
    try:
        answer = _wait(receive, child, limits.parse_seconds)
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    if answer is None:
        raise _limit_refused(name, child.exitcode, limits)
    kind, value = answer
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
        code="workbook_damaged",
        name=name,
        error=value,
    )


def _wait(
    receive: multiprocessing.connection.Connection,
    child: multiprocessing.process.BaseProcess,
    seconds: int,
) -> tuple[str, Any] | None:
    """The child's answer, or None when it died or ran past the wall clock
    (a little above its CPU limit: a child asleep or blocked is caught here)."""
    try:
        if receive.poll(seconds + 2):
            answer: tuple[str, Any] = receive.recv()
            return answer
    except (EOFError, OSError):
        pass
    return None


def _limit_refused(name: str, exitcode: int | None, limits: UploadLimits) -> FileRefused:
    if exitcode in (-signal.SIGXCPU, -signal.SIGKILL, None):
        return FileRefused(
            gettext_noop(
                "Tệp «%(name)s» cần đọc lâu hơn %(limit)s giây: vượt giới hạn thời gian đọc tệp."
            ),
            code=PARSE_LIMIT,
            name=name,
            limit=count_text(limits.parse_seconds),
        )
    return FileRefused(
        gettext_noop(
            "Tệp «%(name)s» cần hơn %(limit)s bộ nhớ để đọc: vượt giới hạn bộ nhớ đọc tệp."
        ),
        code=PARSE_LIMIT,
        name=name,
        limit=mb_text(limits.parse_memory_bytes)
        if limits.parse_memory_bytes < 1024 * MB
        else f"{count_text(limits.parse_memory_bytes // (1024 * MB))} GB",
    )
