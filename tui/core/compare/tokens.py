"""The words comparison counts: the shared tokenizer (tui.core.text) and what is informative."""

from __future__ import annotations

from collections.abc import Iterable

from tui.core.text import STOP_WORDS, TOKEN, tokenize

__all__ = ["STOP_WORDS", "TOKEN", "informative", "tokenize"]


def informative(tokens: Iterable[str]) -> set[str]:
    return {t for t in tokens if t not in STOP_WORDS and (len(t) > 2 or t.isdigit())}


