"""The fork server behind :func:`~ntm.core.untrusted.limited_child.run_limited`:
a small clean interpreter, started once per process that reads files, which
imports the readers (never Django) and forks a child per file. Forking it
costs a few milliseconds, where starting an interpreter and importing the
readers costs about a hundred; and it shares nothing with a web worker.

For each request the parent sends one end of a fresh socket pair over the
control socket. The server forks a supervisor, which forks the worker: the
worker sets its limits (``RLIMIT_AS``, ``RLIMIT_CPU``, and an alarm for the
wall clock), reads the request from the socket until end of file, and writes
its pickled answer; the supervisor waits for it and appends its exit status
(4 bytes, ``-signal`` when killed), so the parent learns how the worker
ended, answer or not. The server exits when the parent closes the control
socket."""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import resource
import signal
import socket
import struct
import sys
from typing import Any

from ntm.core.untrusted.refusal import FileRefused

STATUS = struct.Struct("!i")


def _worker(conn: socket.socket) -> None:
    chunks = []
    while chunk := conn.recv(1 << 20):
        chunks.append(chunk)
    target, args, memory_bytes, cpu_seconds, wall_seconds = pickle.loads(b"".join(chunks))
    del chunks
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    signal.alarm(wall_seconds)  # default action: the worker ends, even blocked in C
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
    conn.sendall(payload)


def _supervise(conn: socket.socket) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # wait for the worker ourselves
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            _worker(conn)
        except BaseException:
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    with contextlib.suppress(OSError):  # the parent gave up waiting
        conn.sendall(STATUS.pack(code))


def serve(control: socket.socket) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # supervisors are reaped as they end
    while True:
        try:
            _msg, fds, _flags, _addr = socket.recv_fds(control, 1, 1)
        except (ConnectionError, OSError):
            return
        if not fds:
            return  # the parent closed the control socket
        conn = socket.socket(fileno=fds[0])
        if os.fork() == 0:
            control.close()
            try:
                _supervise(conn)
            finally:
                os._exit(0)
        conn.close()


if __name__ == "__main__":
    for module in sys.argv[2:]:
        importlib.import_module(module)
    serve(socket.socket(fileno=int(sys.argv[1])))
