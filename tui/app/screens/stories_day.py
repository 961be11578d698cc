"""The analyst's day on the stories list: new counts (n / N), stars (* and S), notes (a),
watches (w saves the filter, W lists them). A mixin of StoriesScreen, kept apart so the list's
paging and filtering stay readable; every write goes through the core in a worker."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from tui.app.screens.confirm import ConfirmScreen
from tui.app.screens.day_dialogs import NameScreen, NoteScreen, WatchChoice, WatchesScreen, WatchRow
from tui.app.widgets.story_table import StoryTable
from tui.app.workers import thread_work
from tui.core import store
from tui.core.sanitize import clean_line
from tui.core.story_filter import parse_filter

# Out of the footer (it keeps the list's and the app's main keys at 80 columns); the help
# lists them, and the header says "N with news (n)" and "starred only (S)".
DAY_BINDINGS = [
    Binding("n", "next_new(1)", "Next with news", show=False),
    Binding("N", "next_new(-1)", "Previous with news", show=False),
    Binding("asterisk", "star", "Star", key_display="*", show=False),
    Binding("S", "toggle_starred", "Starred only", show=False),
    Binding("a", "note", "Note", show=False),
    Binding("w", "save_watch", "Save filter as watch", show=False),
    Binding("W", "watches", "Watches", show=False),
    Binding("D", "digest", "Digest of the listed stories", show=False),
]


class AnalystDay:
    """Needs from the screen: ``papp``, ``query_one``, ``notify``, ``current_story_id()``,
    ``_rows``, ``new_counts``, ``marks``, ``filter_text``, ``starred_only``, ``reload()``,
    ``redraw_row(story_id)``, ``set_filter(text)``."""

    # --- news ----------------------------------------------------------------------------

    def action_next_new(self, step: int) -> None:
        table = self.query_one(StoryTable)
        keys = [int(row.value) for row in table.rows]
        if not keys:
            return
        here = table.cursor_row
        for offset in range(1, len(keys) + 1):
            row = (here + step * offset) % len(keys)
            if self.new_counts.get(keys[row]):
                table.move_cursor(row=row, animate=False)
                return
        self.papp.notify("No story in the list has news since you last opened it", timeout=3)

    # --- stars ---------------------------------------------------------------------------

    def action_star(self) -> None:
        story_id = self.current_story_id()
        if story_id is not None:
            self._star(story_id, not self.marks.get(story_id, store.Mark()).starred)

    @thread_work(group="marks")
    def _star(self, story_id: int, starred: bool) -> None:
        with self.papp.db() as db:
            store.set_starred(db, story_id, starred)
            mark = store.marks(db).get(story_id, store.Mark())
        self.app.call_from_thread(self._marked, story_id, mark,
                                  "Starred: kept by prune, S shows the starred"
                                  if starred else "Star taken off")

    def _marked(self, story_id: int, mark: store.Mark, message: str) -> None:
        self.marks[story_id] = mark
        self.redraw_row(story_id)
        self.papp.notify(message, timeout=3)

    def action_toggle_starred(self) -> None:
        self.starred_only = not self.starred_only
        self.reload(keep_cursor=False)

    # --- notes ---------------------------------------------------------------------------

    def action_note(self) -> None:
        story_id = self.current_story_id()
        if story_id is None:
            return
        title = self._rows[story_id].title if story_id in self._rows else ""
        note = self.marks.get(story_id, store.Mark()).note
        self.app.push_screen(NoteScreen(story_id, title, note),
                             lambda text: self.save_note(story_id, note, text))

    def save_note(self, story_id: int, before: str, text: str | None) -> None:
        if text is not None and text.strip() != before.strip():
            self._save_note(story_id, text)

    @thread_work(group="marks")
    def _save_note(self, story_id: int, text: str) -> None:
        with self.papp.db() as db:
            store.set_story_note(db, story_id, text)
            mark = store.marks(db).get(story_id, store.Mark())
        self.app.call_from_thread(self._marked, story_id, mark,
                                  "Note saved" if mark.note else "Note removed")

    # --- watches -------------------------------------------------------------------------

    def action_save_watch(self) -> None:
        text = self.filter_text.strip()
        if parse_filter(text).empty:
            self.papp.notify("Filter the list first (/), then w saves that filter as a watch",
                             severity="warning", timeout=4)
            return
        def named(name: str | None) -> None:
            if name:
                self._save_watch(name, text)

        self.app.push_screen(NameScreen(text), named)

    @thread_work(group="marks")
    def _save_watch(self, name: str, text: str) -> None:
        with self.papp.db() as db:
            try:
                saved = store.save_watch(db, name, text)
            except store.StoreError as exc:
                self.app.call_from_thread(self.papp.notify, str(exc), severity="error",
                                          markup=False)
                return
        self.app.call_from_thread(self.papp.notify, f"Watch {saved!r} saved: W lists watches",
                                  timeout=4, markup=False)

    def action_watches(self) -> None:
        self._load_watches()

    @thread_work(group="marks")
    def _load_watches(self) -> None:
        rows = []
        with self.papp.db() as db:
            for watch in store.list_watches(db):
                parsed = parse_filter(watch.filter)
                filters = {"search": parsed.search, "terms": parsed.terms}
                rows.append(WatchRow(watch, store.story_count(db, **filters),
                                     store.story_count(db, new_only=True, **filters)))
        self.app.call_from_thread(self.app.push_screen, WatchesScreen(rows), self._watch_chosen)

    def _watch_chosen(self, choice: WatchChoice | None) -> None:
        if choice is None:
            return
        if not choice.delete:
            self.set_filter(choice.watch.filter)
            self.papp.notify(f"Watch {clean_line(choice.watch.name, 40)}: "
                             f"{clean_line(choice.watch.filter, 80)}", timeout=3, markup=False)
            return
        name = choice.watch.name

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete_watch(name)

        question = Text("Delete the watch ", style="bold")
        question.append(clean_line(name, 60))
        question.append("?\n\nIts stories stay; only the saved filter goes.")
        self.app.push_screen(ConfirmScreen(question, "Delete"), confirmed)

    @thread_work(group="marks")
    def _delete_watch(self, name: str) -> None:
        with self.papp.db() as db:
            store.delete_watch(db, name)
        self.app.call_from_thread(self.papp.notify, f"Watch {name!r} deleted", timeout=3,
                                  markup=False)

    # --- digest --------------------------------------------------------------------------

    def action_digest(self) -> None:
        """The stories the list shows (its filter, singles and starred modes) as one digest
        in the export folder, the widest covered first, at most 50."""
        query = self.current_query()
        self._digest(self.filter_text, query.min_outlets, query.starred_only)

    @thread_work(group="export")
    def _digest(self, filter_text: str, min_outlets: int, starred: bool) -> None:
        import os
        from pathlib import Path

        from tui import __version__
        from tui.app.messages import ExportDone
        from tui.core.digest import DigestQuery, build_digest
        from tui.core.files import ExportError, write_export

        now = self.papp.now()
        folder = Path(os.environ.get("PRESSDIFF_EXPORT_DIR") or Path.cwd())
        path = folder / f"digest-{now:%Y-%m-%d-%H%M}.md"
        for n in range(2, 100):  # never over an earlier digest of the same minute
            if not path.exists():
                break
            path = folder / f"digest-{now:%Y-%m-%d-%H%M}-{n}.md"
        query = DigestQuery(min_outlets=min_outlets, filter_text=filter_text, starred=starred)
        with self.papp.db() as db:
            try:
                digest = build_digest(db, query, now, __version__)
                written = write_export(digest.text, path)
            except (store.StoreError, ExportError) as exc:
                self.post_message(ExportDone(None, error=str(exc)))
                return
        self.post_message(ExportDone(written))
