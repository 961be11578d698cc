"""Thread workers that do not keep their screen alive after it is dismissed.

Textual runs a thread worker in its event loop's default executor and sets the
``active_worker`` context variable in that executor thread without resetting it: each
executor thread then holds the last Worker it ran, and the Worker holds the screen (with its
columns, story and comparison) that started it. ``thread_work`` clears the variable when the
work is done, so a dismissed screen is released at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from textual import work
from textual.worker import active_worker

F = TypeVar("F", bound=Callable[..., Any])


def thread_work(*, group: str, exclusive: bool = False) -> Callable[[F], F]:
    """``@work(thread=True, exit_on_error=False, ...)`` whose thread forgets the worker when
    done. Errors become notifications (see ``report_worker_error``), never a crash."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            finally:
                active_worker.set(None)  # type: ignore[arg-type]

        return work(thread=True, exclusive=exclusive, group=group, exit_on_error=False)(run)

    return decorate  # type: ignore[return-value]
