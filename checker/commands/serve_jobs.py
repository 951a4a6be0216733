"""`fazhi serve` grades in child processes, a bounded number at once.

Each grading runs in a process of its own, started from a forkserver that has the checker
imported already: when it ends, all its memory goes back to the system (a thread's would stay
with the server); when the client leaves, or the server is told to stop, the process is killed,
so no core stays busy for a page nobody will read. At most `slots` run at once; up to `queue` more
wait their turn in the order they came (the page of each says its place in the line), and any
beyond that are told to come back later.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
from collections import deque
from collections.abc import Awaitable, Callable
from multiprocessing.connection import Connection
from typing import Any

from starlette.requests import Request

from ..models import FazhiError

PRELOAD = ["checker.commands.serve"]  # what the forkserver imports once, for every child
LIVE: set[Any] = set()  # the graders running now (killed all at once when the server stops)
STOPPING = False  # set when the server is told to stop: no grading starts after that


class Busy(Exception):
    """Every slot is taken and the queue is full."""


class ClientGone(Exception):
    """The client closed the connection while its request waited or was graded."""


class ChildFailed(Exception):
    """The child died without an answer (killed, out of memory)."""


class Jobs:
    """At most `slots` gradings at once, at most `queue` waiting, served in the order they came."""

    def __init__(self, slots: int, queue: int, timeout: float) -> None:
        self.slots = max(slots, 1)
        self.queue = max(queue, 0)
        self.timeout = timeout
        self.running = 0
        self._turns: deque[asyncio.Future[None]] = deque()  # the requests waiting, first in line first

    @property
    def waiting(self) -> int:
        return len(self._turns)

    def status(self) -> dict[str, int]:
        return {"slots": self.slots, "running": self.running, "waiting": self.waiting}

    def must_wait(self) -> bool:
        """Whether a request coming now would wait for a slot."""
        return self.running >= self.slots or bool(self._turns)

    def full(self) -> bool:
        """Whether a request coming now would be turned away (Busy)."""
        return self.must_wait() and self.waiting >= self.queue

    async def run(self, request: Request, work: Callable[..., Any], *args: Any,
                  told: Callable[[int], Awaitable[None]] | None = None) -> Any:
        """`work(*args)` in a child process, once a slot is free; its return value, or its
        FazhiError raised again here. `told(place)` is awaited while the request waits, with its
        place in the line (1: next) each time it changes, and `told(0)` when its grading starts."""
        if self.full():
            raise Busy
        gone = asyncio.ensure_future(_disconnected(request))
        try:
            await self._turn(gone, told)
            try:
                if told is not None:
                    await told(0)
                return await _in_child(work, args, gone, self.timeout)
            finally:
                self._release()
        finally:
            gone.cancel()

    async def _turn(self, gone: asyncio.Future, told: Callable[[int], Awaitable[None]] | None) -> None:
        """Returns when this request has a slot; ClientGone when its client leaves first."""
        if not self.must_wait():
            self.running += 1
            return
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._turns.append(turn)
        place = 0
        try:
            while not turn.done():
                if gone.done():
                    raise ClientGone
                now = self._turns.index(turn) + 1
                if told is not None and now != place:
                    place = now
                    await told(place)
                await asyncio.wait({turn, gone}, timeout=1.0, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:
            if turn.done() and not turn.cancelled():
                self._release()  # the slot was handed over as this request left: pass it on
            else:
                turn.cancel()
                with contextlib.suppress(ValueError):
                    self._turns.remove(turn)
            raise

    def _release(self) -> None:
        """A grading is done: its slot goes to the first request in line, else it is free."""
        while self._turns:
            turn = self._turns.popleft()
            if not turn.done():
                turn.set_result(None)  # `running` stays: the slot changes hands
                return
        self.running -= 1


async def _disconnected(request: Request) -> None:
    """Returns when the client has gone (the body has been read: the next message is the disconnect)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


def context() -> Any:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def start_forkserver() -> None:
    """Start the forkserver now (it imports the checker), not on the first request."""
    context()
    from multiprocessing import forkserver

    forkserver.ensure_running()


async def _in_child(work: Callable[..., Any], args: tuple, gone: asyncio.Future, timeout: float) -> Any:
    if STOPPING:  # a request that was waiting in line: answered at once, not graded
        raise FazhiError("服务器正在停止，这份报告未能核查：请稍后重新提交")
    ctx = context()
    reader, writer = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(writer, work, args), daemon=True)
    process.start()
    LIVE.add(process)
    writer.close()
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    loop.add_reader(reader.fileno(), lambda: ready.done() or ready.set_result(None))
    try:
        done, _ = await asyncio.wait({ready, gone}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if gone in done:
            raise ClientGone
        if ready not in done:
            raise FazhiError(f"核查超过 {timeout:g} 秒仍未完成，已停止；请减少一次上传的文件，或联系管理员")
        try:
            kind, value = await asyncio.to_thread(reader.recv)
        except (EOFError, OSError):
            raise ChildFailed from None
    finally:
        LIVE.discard(process)
        loop.remove_reader(reader.fileno())
        ready.cancel()
        if process.exitcode is None:
            with contextlib.suppress(OSError):
                process.kill()
        await asyncio.to_thread(process.join, 5)
        reader.close()
        with contextlib.suppress(ValueError):
            process.close()
    if kind == "error":
        raise FazhiError(value)
    return value


def kill_all() -> None:
    """Kill every grader now: the server is stopping (their requests end at once, answered 500;
    those waiting in line are told the server is stopping)."""
    global STOPPING
    STOPPING = True
    for process in list(LIVE):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.kill()


def remove_folder() -> None:
    """Remove the folder multiprocessing made for the forkserver's socket ($TMPDIR/pymp-*) as the
    server stops: uvicorn ends the process by the signal it was stopped with, so the interpreter's
    exit, which would remove it, never runs (the forkserver ends with the server all the same)."""
    import shutil

    folder = multiprocessing.current_process()._config.get("tempdir")  # (multiprocessing.util.get_temp_dir's)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def _child(writer: Connection, work: Callable[..., Any], args: tuple) -> None:
    """In the child: run the work, send back ("ok", value) or ("error", message). When it returns,
    the forkserver ends the child with os._exit: the interpreter's exit never runs there."""
    _die_with_parent()
    try:
        answer: tuple[str, Any] = ("ok", work(*args))
    except FazhiError as exc:
        answer = ("error", str(exc))
    except MemoryError:
        answer = ("error", "内存不足，无法完成核查；请减少一次上传的文件")
    except Exception as exc:  # a message, never a traceback in the server's log (it could quote a report)
        answer = ("error", f"核查时出错（{type(exc).__name__}），请重试或联系管理员")
    with contextlib.suppress(OSError):  # (the server may have gone)
        writer.send(answer)
        writer.close()


def _die_with_parent() -> None:
    """Linux: this grader is killed when the forkserver that started it ends (it ends with the
    server), so a server killed outright leaves no grader running."""
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
