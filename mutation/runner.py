"""Run jobs in forked children of one prepared process, a few at a time, each under a deadline.

The parent imports the harness once; each child inherits it, so a mutant costs one pytest session,
not one Python start. Each child forgets whatever of the reference the parent imported and imports
it afresh, with the mutated module swapped in by an import hook, so no mutant leaks into the next.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import CodeType, ModuleType

__all__ = ["TIMED_OUT", "Finished", "Job", "MutantLoader", "forget", "run_jobs"]

TIMED_OUT = -1  # exit status of a child killed at its deadline


@dataclass(frozen=True)
class Job:
    """Something to run in a child: `work()` returns the child's exit status."""

    name: str
    work: Callable[[], int]
    timeout: float
    log: Path | None = None  # the child's stdout and stderr go here (else to /dev/null)


@dataclass(frozen=True)
class Finished:
    job: Job
    status: int  # the child's exit status, or TIMED_OUT
    seconds: float


class MutantLoader(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """An import hook that serves `module` from precompiled (mutated) code, every other module as usual."""

    def __init__(self, module: str, code: CodeType) -> None:
        self.module = module
        self.code = code

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.module:
            return None
        spec = importlib.machinery.ModuleSpec(fullname, self, origin=self.code.co_filename)
        spec.has_location = True
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        module.__file__ = self.code.co_filename
        exec(self.code, module.__dict__)  # noqa: S102 - running the mutant is the point

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """Serve the mutant from the next import of the reference on (forgetting any earlier import)."""
        forget(self.module.partition(".")[0])
        sys.meta_path.insert(0, self)
        try:
            yield
        finally:
            sys.meta_path.remove(self)


def forget(package: str) -> None:
    """Drop a package and its modules from `sys.modules`, so that the next import runs them again."""
    for name in [n for n in sys.modules if n == package or n.startswith(f"{package}.")]:
        del sys.modules[name]


def run_jobs(jobs: Iterable[Job], *, workers: int, on_finished: Callable[[Finished], None], poll: float = 0.02) -> None:
    """Run every job in a forked child, at most `workers` at once; report each as it ends."""
    pending = iter(jobs)
    running: dict[int, tuple[Job, float]] = {}
    try:
        while True:
            while len(running) < workers and (job := next(pending, None)) is not None:
                running[_fork(job)] = (job, time.monotonic())
            if not running:
                return
            _reap(running, on_finished)
            time.sleep(poll)
    finally:
        for pid in running:  # interrupted: end our own children, by pid
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _reap(running: dict[int, tuple[Job, float]], on_finished: Callable[[Finished], None]) -> None:
    now = time.monotonic()
    for pid, (job, started) in list(running.items()):
        done, wait_status = os.waitpid(pid, os.WNOHANG)
        if done:
            del running[pid]
            on_finished(Finished(job, os.waitstatus_to_exitcode(wait_status), now - started))
        elif now - started > job.timeout:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            del running[pid]
            on_finished(Finished(job, TIMED_OUT, now - started))


def _fork(job: Job) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    status = 70  # EX_SOFTWARE: the job itself broke
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        target = os.open(job.log or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(target, 1)
        os.dup2(target, 2)
        status = job.work()
    except BaseException:  # whatever happens, the child must leave by os._exit
        import traceback  # noqa: PLC0415

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
