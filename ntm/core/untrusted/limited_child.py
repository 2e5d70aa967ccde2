"""Running a reader in a child process with hard limits: address space
(``RLIMIT_AS``), CPU time (``RLIMIT_CPU``) and a wall-clock alarm, after
which the child is killed. Whatever the file does to the reader, the
parent's memory does not grow with it and the worker stays alive; the child
answers with a result or a :class:`FileRefused`.

Children come from a fork server (:mod:`ntm.core.untrusted.fork_server`): a
clean interpreter started once per process, with the readers imported and
nothing of the parent (threads, database connections, Django's state). The
child sets its own limits before it reads a byte."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ntm.core.messages import gettext_noop
from ntm.core.untrusted.fork_server import STATUS
from ntm.core.untrusted.limits import MB, UploadLimits
from ntm.core.untrusted.refusal import PARSE_LIMIT, FileRefused, count_text, mb_text, unreadable

T = TypeVar("T")
# The wall clock allows a little more than the CPU limit, so a child that
# sleeps or blocks is caught too; the parent waits a little longer still.
WALL_MARGIN_SECONDS = 3


@dataclass
class _Server:
    owner: int  # the process that started it (a forked parent starts its own)
    process: subprocess.Popen[bytes]
    control: socket.socket
    preload: frozenset[str]

    def usable(self, preload: Sequence[str]) -> bool:
        return (
            self.owner == os.getpid()
            and self.process.poll() is None
            and self.preload.issuperset(preload)
        )

    def stop(self) -> None:
        self.control.close()  # the server exits at the end of its control socket
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)


_server: _Server | None = None
_lock = threading.Lock()


def _start_server(preload: Sequence[str]) -> _Server:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    process = subprocess.Popen(
        [sys.executable, "-m", "ntm.core.untrusted.fork_server", str(theirs.fileno()), *preload],
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        pass_fds=(theirs.fileno(),),
    )
    theirs.close()
    return _Server(os.getpid(), process, ours, frozenset(preload))


def _send(sock: socket.socket, preload: Sequence[str]) -> None:
    """Hand ``sock`` to the fork server, starting it (again) when needed:
    first use, a forked parent, a server gone, or new modules to preload."""
    global _server
    with _lock:
        for attempt in range(2):
            server = _server
            if server is None or not server.usable(preload):
                if server is not None and server.owner == os.getpid():
                    server.stop()
                wanted = sorted({*preload, *(server.preload if server else ())})
                _server = server = _start_server(wanted)
            try:
                socket.send_fds(server.control, [b"r"], [sock.fileno()])
                return
            except OSError:
                _server = None
                if attempt:
                    raise


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
    module imports no Django; ``preload`` names modules the fork server
    imports once (the reader's). A reader's own exception on a damaged file is
    raised here as a refusal of a damaged file."""
    wall = limits.parse_seconds + WALL_MARGIN_SECONDS
    request = pickle.dumps(
        (target, args, limits.parse_memory_bytes, limits.parse_seconds, wall),
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with ours, theirs:
        _send(theirs, preload)
        theirs.close()
        answer, code = _exchange(ours, request, time.monotonic() + wall + WALL_MARGIN_SECONDS)
    result: T = _result(answer, code, name, limits)
    return result


def _exchange(sock: socket.socket, request: bytes, deadline: float) -> tuple[bytes, int | None]:
    """Send the request, read until the supervisor closes: the answer, and
    the worker's exit status (None when the deadline passed first)."""
    sock.settimeout(max(deadline - time.monotonic(), 0.1))
    received = bytearray()
    try:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass  # the worker died before reading all: its status says why
    try:
        while chunk := sock.recv(1 << 20):
            received += chunk
            sock.settimeout(max(deadline - time.monotonic(), 0.1))
    except TimeoutError:
        return b"", None
    if len(received) < STATUS.size:
        return b"", None
    (code,) = STATUS.unpack(received[-STATUS.size :])
    return bytes(received[: -STATUS.size]), code


def _result(answer: bytes, code: int | None, name: str, limits: UploadLimits) -> Any:
    if code is not None and code > 0:  # the worker could not run: our fault, not the file's
        raise RuntimeError(f"limited child exited with {code}")
    if code is None or code < 0 or not answer:
        raise _limit_refused(name, code, limits)
    kind, value = pickle.loads(answer)
    if kind == "ok":
        return value
    if kind == "refused":
        raise value
    if kind == "memory":
        raise _limit_refused(name, -signal.SIGABRT, limits)
    raise unreadable(name, value)


def _limit_refused(name: str, returncode: int | None, limits: UploadLimits) -> FileRefused:
    if returncode in (None, -signal.SIGXCPU, -signal.SIGKILL, -signal.SIGALRM):
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
