"""One article in full, with where its text came from (URL, times, text source) and what
placed it in its story (score and evidence, or the analyst's hand)."""

from __future__ import annotations

from urllib.parse import urlsplit

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.app.format import plain, plain_text, stamp, text_source
from tui.app.screens.base import PressdiffScreen
from tui.app.widgets.article_column import column_title
from tui.app.widgets.footer import KeyFooter
from tui.app.widgets.refresh_bar import RefreshBar
from tui.core.models import Article, Member
from tui.core.sanitize import clean_line


def is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def matched_by(member: Member) -> str:
    """What put the article in its story, as the store keeps it: the analyst's hand, or the
    score and the evidence (the shared terms, the rare name or the scene that placed it).
    Evidence comes from the article's text: one plain line each."""
    if member.method == "manual":
        return "placed by hand"
    evidence = ", ".join(clean_line(term) for term in member.evidence if clean_line(term))
    return f"score {member.score:.2f}" + (f" · {evidence}" if evidence else "")


class ArticleScreen(PressdiffScreen):
    BINDINGS = [
        Binding("o", "open_url", "Open in browser"),
        Binding("c", "copy_link", "Copy link"),
        Binding("e", "export", "Export story"),
        Binding("E", "export(True)", "Export, overwrite", show=False),
        Binding("j", "scroll(1)", "Scroll down", show=False),  # in the help; arrows scroll too
        Binding("k", "scroll(-1)", "Scroll up", show=False),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, article: Article, story_id: int | None = None,
                 member: Member | None = None) -> None:
        super().__init__()
        self.article = article
        self.story_id = story_id
        self.member = member

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="article-scroll"):
            yield Static(self.provenance(), id="article-provenance")
            yield Static(plain_text(self.article.text), id="article-text")
        yield RefreshBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#article-scroll").focus()

    def provenance(self) -> Text:
        article = self.article
        now = self.papp.now()
        text = column_title(article)
        text.append(f"   article #{article.id}"
                    + (f" in story #{self.story_id}" if self.story_id is not None else ""),
                    style="dim")
        text.append("\n")
        text.append(plain(article.title, style="bold"))
        text.append("\n\n")
        rows = [
            ("URL", clean_line(article.url)),
            ("Author", clean_line(article.author) or "—"),
            ("Published", stamp(article.published, now)),
            ("Fetched at", stamp(article.fetched_at, now)),
            ("Text source", text_source(article.text_source, article.text_reason)),
            ("Words", str(article.word_count)),
        ]
        if article.page_fetched_at is not None:
            rows.insert(4, ("Page fetched", stamp(article.page_fetched_at, now)))
        if self.member is not None:
            rows.append(("Matched by", matched_by(self.member)))
        for label, value in rows:
            text.append(f"{label:<13}", style="dim")
            text.append(value)
            text.append("\n")
        return text

    def action_scroll(self, lines: int) -> None:
        self.query_one("#article-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_open_url(self) -> None:
        url = self.article.url
        if not is_web_url(url):
            self.papp.notify("Not a web link; not opening it", severity="warning")
            return
        self._open_in_browser(url)

    @work(thread=True, exit_on_error=False, group="browser")
    def _open_in_browser(self, url: str) -> None:
        """webbrowser.open may start a program and wait for it: not on the UI thread. It says
        False when there is no browser to start (a server over SSH, a bare terminal)."""
        import webbrowser

        try:
            opened = webbrowser.open(url)
        except Exception:  # noqa: BLE001 - a broken browser setting is a "no", not a crash
            opened = False
        if opened:
            message, severity = "Opening " + clean_line(url), "information"
        else:
            message = ("No browser could be started here; the link is "
                       f"{clean_line(url)} (c copies it)")
            severity = "warning"
        self.app.call_from_thread(self.papp.notify, message, severity=severity, markup=False)

    def action_copy_link(self) -> None:
        url = clean_line(self.article.url)
        # OSC 52: the terminal is asked to put the link on the clipboard; terminals that do
        # not support it (or have it turned off) ignore it without telling, so say both.
        self.app.copy_to_clipboard(url)
        self.papp.notify("Link sent to the terminal's clipboard (if yours ignores OSC 52, "
                         "select it here): " + url, markup=False)

    def action_export(self, force: bool = False) -> None:
        if self.story_id is None:
            self.papp.notify("This article is in no story to export", severity="warning")
            return
        self.papp.export_story(self.story_id, force=force)
