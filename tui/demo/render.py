"""Render the demo corpus as bytes: RSS 2.0 / Atom 1.0 / RSS 1.0 feeds and HTML article pages.

Pure functions of (corpus, item, base_url); the server caches their output. All text is escaped
by ElementTree (feeds) or by ``_el`` (pages); nothing is concatenated into markup unescaped.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from tui.demo.corpus import Corpus, DemoArticle, DemoFeed, DemoOutlet

ATOM = "http://www.w3.org/2005/Atom"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RSS1 = "http://purl.org/rss/1.0/"
DC = "http://purl.org/dc/elements/1.1/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"

for _prefix, _uri in (("atom", ATOM), ("rdf", RDF), ("dc", DC), ("content", CONTENT)):
    ET.register_namespace(_prefix, _uri)

FEED_TITLES = {"main": "Latest", "world": "World", "caucasus": "Caucasus"}


# --------------------------------------------------------------------------- URLs


def page_url(article: DemoArticle, base_url: str) -> str:
    """Canonical page URL (no tracking parameters)."""
    return base_url.rstrip("/") + article.route


def item_link(outlet: DemoOutlet, article: DemoArticle, base_url: str) -> str:
    """The link a feed carries: canonical URL plus the outlet's tracking parameters, if any."""
    url = page_url(article, base_url)
    return f"{url}?{outlet.link_query}" if outlet.link_query else url


def _guid(outlet: DemoOutlet, article: DemoArticle, base_url: str) -> tuple[str, bool]:
    if outlet.guid == "urn":
        return f"urn:{outlet.slug}:{article.published:%Y%m%d}:{article.slug}", False
    return page_url(article, base_url), True


def _tag_uri(article: DemoArticle) -> str:
    # RFC 4151 tag: URIs stay stable whatever host/port the server runs on.
    return f"tag:{article.outlet}.demo.pressdiff,{article.published:%Y-%m-%d}:{article.slug}"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _body_html(article: DemoArticle) -> str:
    return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in article.body)


def newest(articles: Iterable[DemoArticle]) -> datetime | None:
    return max((a.published for a in articles), default=None)


# --------------------------------------------------------------------------- feeds


def render_feed(corpus: Corpus, outlet: DemoOutlet, feed: DemoFeed, base_url: str) -> bytes:
    """The feed document for `feed` of `outlet`, items newest first."""
    articles = corpus.articles_of(outlet.slug, feed.name)
    renderers = {"rss2": _rss2, "atom": _atom, "rss1": _rss1}
    return renderers[feed.format](outlet, feed, articles, base_url.rstrip("/"))


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, attrs)
    if text is not None:
        node.text = text
    return node


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root)  # only between elements: text nodes are never touched
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _feed_title(outlet: DemoOutlet, feed: DemoFeed) -> str:
    return f"{outlet.name}: {FEED_TITLES.get(feed.name, feed.name.title())}"


def _rss2(outlet: DemoOutlet, feed: DemoFeed, items: list[DemoArticle], base: str) -> bytes:
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    _sub(channel, "title", _feed_title(outlet, feed))
    _sub(channel, "link", f"{base}/")
    _sub(channel, "description", f"News from {outlet.name}")
    _sub(channel, "language", outlet.tags.get("language", "en"))
    _sub(channel, f"{{{ATOM}}}link", href=base + feed.route, rel="self", type="application/rss+xml")
    last = newest(items)
    if last is not None:
        _sub(channel, "lastBuildDate", format_datetime(last, usegmt=True))
    for article in items:
        item = _sub(channel, "item")
        _sub(item, "title", article.title)
        _sub(item, "link", item_link(outlet, article, base))
        guid, permalink = _guid(outlet, article, base)
        _sub(item, "guid", guid, isPermaLink="true" if permalink else "false")
        _sub(item, "pubDate", format_datetime(article.published, usegmt=True))
        if article.author:
            _sub(item, f"{{{DC}}}creator", article.author)
        for tag in article.tags:
            _sub(item, "category", tag)
        _sub(item, "description", article.summary)
        if feed.content == "full":
            _sub(item, f"{{{CONTENT}}}encoded", _body_html(article))
    return _serialise(rss)


def _atom(outlet: DemoOutlet, feed: DemoFeed, items: list[DemoArticle], base: str) -> bytes:
    root = ET.Element("feed", {"xmlns": ATOM})
    root.set("{http://www.w3.org/XML/1998/namespace}lang", outlet.tags.get("language", "en"))
    _sub(root, "id", f"tag:{outlet.slug}.demo.pressdiff,2026:feed:{feed.name}")
    _sub(root, "title", _feed_title(outlet, feed))
    last = newest(items) or datetime(2026, 11, 16, tzinfo=UTC)
    _sub(root, "updated", _iso(last))
    _sub(root, "link", rel="self", type="application/atom+xml", href=base + feed.route)
    _sub(root, "link", rel="alternate", type="text/html", href=f"{base}/")
    # Feed-level author makes entries without a byline valid Atom.
    _sub(_sub(root, "author"), "name", outlet.name)
    for article in items:
        entry = _sub(root, "entry")
        _sub(entry, "id", _tag_uri(article))
        _sub(entry, "title", article.title, type="text")
        _sub(entry, "updated", _iso(article.published))
        _sub(entry, "published", _iso(article.published))
        if article.author:
            _sub(_sub(entry, "author"), "name", article.author)
        _sub(
            entry, "link",
            rel="alternate", type="text/html", href=item_link(outlet, article, base),
        )
        for tag in article.tags:
            _sub(entry, "category", term=tag)
        _sub(entry, "summary", article.summary, type="text")
        if feed.content == "full":
            _sub(entry, "content", _body_html(article), type="html")
    return _serialise(root)


def _rss1(outlet: DemoOutlet, feed: DemoFeed, items: list[DemoArticle], base: str) -> bytes:
    about = f"{{{RDF}}}about"
    root = ET.Element(f"{{{RDF}}}RDF", {"xmlns": RSS1})
    channel = _sub(root, "channel", **{about: base + feed.route})
    _sub(channel, "title", _feed_title(outlet, feed))
    _sub(channel, "link", f"{base}/")
    _sub(channel, "description", f"News from {outlet.name}")
    last = newest(items)
    if last is not None:
        _sub(channel, f"{{{DC}}}date", _iso(last))
    seq = _sub(_sub(channel, "items"), f"{{{RDF}}}Seq")
    links = [item_link(outlet, a, base) for a in items]
    for link in links:
        _sub(seq, f"{{{RDF}}}li", **{f"{{{RDF}}}resource": link})
    for article, link in zip(items, links, strict=True):
        item = _sub(root, "item", **{about: link})
        _sub(item, "title", article.title)
        _sub(item, "link", link)
        _sub(item, "description", article.summary)
        _sub(item, f"{{{DC}}}date", _iso(article.published))
        if article.author:
            _sub(item, f"{{{DC}}}creator", article.author)
        for tag in article.tags:
            _sub(item, f"{{{DC}}}subject", tag)
    return _serialise(root)


# --------------------------------------------------------------------------- HTML helpers


class Markup(str):
    """HTML that is already safe; any other str handed to ``_el`` is escaped."""


def _el(tag: str, attrs: Mapping[str, str] | None = None, *children: str) -> Markup:
    attr_text = "".join(
        f' {name}="{html.escape(value, quote=True)}"' for name, value in (attrs or {}).items()
    )
    inner = "".join(c if isinstance(c, Markup) else html.escape(c, quote=False) for c in children)
    return Markup(f"<{tag}{attr_text}>{inner}</{tag}>")


def _void(tag: str, attrs: Mapping[str, str]) -> Markup:
    attr_text = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
    return Markup(f"<{tag}{attr_text}>")


def _join(parts: Iterable[str]) -> Markup:
    return Markup("\n".join(p if isinstance(p, Markup) else html.escape(p) for p in parts))


# --------------------------------------------------------------------------- page templates


@dataclass(frozen=True)
class Site:
    """One outlet's page template: class names, structure choices and furniture text."""

    css: Mapping[str, str]  # element role -> class name
    nav: tuple[str, ...]
    cookie: str
    newsletter: str
    comments: tuple[tuple[str, str], ...]  # (reader name, comment)
    footer: str
    footer_links: tuple[str, ...]
    byline_after_body: bool = False  # some sites print the byline under the story
    paragraph_wrappers: bool = False  # some wrap each <p> in a <div> text block


def _load_sites() -> dict[str, Site]:
    """Each outlet's site furniture, from corpus/sites.toml."""
    import tomllib
    from importlib.resources import files

    data = tomllib.loads(files("tui.demo").joinpath("corpus", "sites.toml").read_text("utf-8"))
    return {
        slug: Site(
            css=dict(site["css"]), nav=tuple(site["nav"]), cookie=site["cookie"],
            newsletter=site["newsletter"],
            comments=tuple((name, text) for name, text in site["comments"]),
            footer=site["footer"], footer_links=tuple(site["footer_links"]),
            byline_after_body=site.get("byline_after_body", False),
            paragraph_wrappers=site.get("paragraph_wrappers", False),
        )
        for slug, site in data.items()
    }


SITES: dict[str, Site] = _load_sites()


def render_page(corpus: Corpus, article: DemoArticle, base_url: str) -> bytes:
    """A full HTML5 page for `article` in its outlet's template."""
    outlet = corpus.outlet(article.outlet)
    site = SITES[outlet.slug]
    base = base_url.rstrip("/")
    url = page_url(article, base)
    doc = _join(
        [
            Markup("<!DOCTYPE html>"),
            Markup(f'<html lang="{html.escape(outlet.tags.get("language", "en"))}">'),
            _head(outlet, article, url),
            Markup(f'<body class="{html.escape(outlet.slug)}-site">'),
            _cookie_banner(site),
            _site_header(outlet, site, base),
            _main(corpus, outlet, site, article, base),
            _site_footer(outlet, site, base),
            Markup("</body>\n</html>\n"),
        ]
    )
    return doc.encode("utf-8")


def _head(outlet: DemoOutlet, article: DemoArticle, url: str) -> Markup:
    meta = [
        _void("meta", {"charset": "utf-8"}),
        _void("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
        _el("title", None, f"{article.title} | {outlet.name}"),
        _void("meta", {"name": "description", "content": article.summary}),
        _void("link", {"rel": "canonical", "href": url}),
        _void("meta", {"property": "og:type", "content": "article"}),
        _void("meta", {"property": "og:title", "content": article.title}),
        _void("meta", {"property": "og:description", "content": article.summary}),
        _void("meta", {"property": "og:url", "content": url}),
        _void("meta", {"property": "og:site_name", "content": outlet.name}),
        _void("meta", {"property": "article:published_time", "content": _iso(article.published)}),
    ]
    if article.author:
        meta.append(_void("meta", {"name": "author", "content": article.author}))
        meta.append(_void("meta", {"property": "article:author", "content": article.author}))
    meta.extend(_void("meta", {"property": "article:tag", "content": t}) for t in article.tags)
    return _el("head", None, _join(meta))


def _cookie_banner(site: Site) -> Markup:
    return _el(
        "div",
        {"class": site.css["cookie"], "id": "cookie-consent", "role": "dialog"},
        _el("p", None, site.cookie),
        _el("button", {"type": "button"}, "Accept all"),
        _el("button", {"type": "button"}, "Settings"),
    )


def _site_header(outlet: DemoOutlet, site: Site, base: str) -> Markup:
    links = [
        _el("li", None, _el("a", {"href": f"{base}/{outlet.slug}/section/{_slugify(n)}"}, n))
        for n in site.nav
    ]
    return _el(
        "header",
        {"class": site.css["header"]},
        _el("a", {"class": "logo", "href": f"{base}/"}, outlet.name),
        _el("nav", {"class": site.css["nav"], "aria-label": "Main"}, _el("ul", None, *links)),
    )


def _breadcrumbs(outlet: DemoOutlet, article: DemoArticle, base: str) -> Markup:
    section = article.tags[0] if article.tags else "News"
    return _el(
        "nav",
        {"class": "breadcrumbs", "aria-label": "Breadcrumb"},
        _el(
            "ol", None,
            _el("li", None, _el("a", {"href": f"{base}/"}, "Home")),
            _el("li", None, _el("a", {"href": f"{base}/{outlet.slug}/"}, outlet.name)),
            _el("li", None, section),
        ),
    )


def _byline(site: Site, article: DemoArticle) -> Markup:
    when = _el(
        "time",
        {"datetime": _iso(article.published)},
        article.published.strftime("%d %B %Y, %H:%M UTC"),
    )
    who = f"By {article.author}" if article.author else "Staff"
    return _el(
        "div", {"class": site.css["byline"]},
        _el("span", {"class": "author", "rel": "author"}, who), Markup(" | "), when,
    )


def _body(site: Site, article: DemoArticle) -> Markup:
    paragraphs = [_el("p", None, p) for p in article.body]
    if site.paragraph_wrappers:
        paragraphs = [_el("div", {"data-component": "text-block"}, p) for p in paragraphs]
    return _el("div", {"class": site.css["body"]}, _join(paragraphs))


def _main(
    corpus: Corpus, outlet: DemoOutlet, site: Site, article: DemoArticle, base: str
) -> Markup:
    headline = _el("h1", {"class": site.css["headline"]}, article.title)
    story = [_el("header", None, headline, _byline(site, article))]
    if site.byline_after_body:
        story = [_el("h1", {"class": site.css["headline"]}, article.title)]
    story.append(_body(site, article))
    if site.byline_after_body:
        story.append(_byline(site, article))
    article_el = _el(
        "article", {"class": site.css["article"], "itemscope": "", "itemtype": _SCHEMA},
        _join(story),
    )
    return _el(
        "main",
        {"class": site.css["main"], "id": "main-content"},
        _breadcrumbs(outlet, article, base),
        article_el,
        _share(site, article, base),
        _related(corpus, site, article, base),
        _newsletter(site),
        _comments(site),
    )


_SCHEMA = "https://schema.org/NewsArticle"


def _share(site: Site, article: DemoArticle, base: str) -> Markup:
    url = page_url(article, base)
    buttons = [
        _el("a", {"class": f"share-{n.lower()}", "href": f"{base}/share?to={n.lower()}&u={url}"}, n)
        for n in ("Facebook", "X", "Telegram", "WhatsApp", "Email")
    ]
    return _el("div", {"class": f"{site.css['share']} share-buttons"}, _join(buttons))


def _related(corpus: Corpus, site: Site, article: DemoArticle, base: str) -> Markup:
    others = [a for a in corpus.articles_of(article.outlet) if a.slug != article.slug][:4]
    items = [_el("li", None, _el("a", {"href": page_url(a, base)}, a.title)) for a in others]
    return _el(
        "aside",
        {"class": f"{site.css['related']} related-stories"},
        _el("h2", None, "Related stories"),
        _el("ul", None, *items),
    )


def _newsletter(site: Site) -> Markup:
    return _el(
        "aside",
        {"class": f"{site.css['newsletter']} newsletter"},
        _el("h2", None, "Newsletter"),
        _el("p", None, site.newsletter),
        _el(
            "form", {"action": "/subscribe", "method": "post"},
            _void("input", {"type": "email", "name": "email", "placeholder": "Your email"}),
            _el("button", {"type": "submit"}, "Sign up"),
        ),
    )


def _comments(site: Site) -> Markup:
    entries = [
        _el(
            "li", {"class": "comment"},
            _el("span", {"class": "comment-author"}, name),
            _el("p", {"class": "comment-text"}, text),
        )
        for name, text in site.comments
    ]
    return _el(
        "section",
        {"class": f"{site.css['comments']} comments", "id": "comments"},
        _el("h2", None, f"Comments ({len(entries)})"),
        _el("ol", {"class": "comment-list"}, *entries),
    )


def _site_footer(outlet: DemoOutlet, site: Site, base: str) -> Markup:
    links = [
        _el("li", None, _el("a", {"href": f"{base}/{outlet.slug}/{_slugify(n)}"}, n))
        for n in site.footer_links
    ]
    return _el(
        "footer", {"class": site.css["footer"]},
        _el("ul", {"class": "footer-links"}, *links),
        _el("p", {"class": "copyright"}, site.footer),
    )


def _slugify(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


# --------------------------------------------------------------------------- index


def render_index(corpus: Corpus, base_url: str) -> bytes:
    """A small HTML page listing every outlet's feeds."""
    base = base_url.rstrip("/")
    rows = []
    for outlet in corpus.outlets:
        feeds = [
            _el(
                "li", None,
                _el("a", {"href": base + feed.route}, _feed_title(outlet, feed)),
                f" ({feed.format}, {feed.content}, "
                f"{len(corpus.articles_of(outlet.slug, feed.name))} items)",
            )
            for feed in outlet.feeds
        ]
        rows.append(_el("li", None, _el("strong", None, outlet.name), _el("ul", None, *feeds)))
    page = _join(
        [
            Markup("<!DOCTYPE html>"),
            Markup('<html lang="en">'),
            _el(
                "head", None,
                _void("meta", {"charset": "utf-8"}),
                _el("title", None, "pressdiff demo feeds"),
            ),
            _el(
                "body", None,
                _el("h1", None, "pressdiff demo feeds"),
                _el(
                    "p", None,
                    f"{len(corpus.outlets)} fictional outlets, {len(corpus.articles)} articles.",
                ),
                _el("ul", None, *rows),
            ),
            Markup("</html>\n"),
        ]
    )
    return page.encode("utf-8")


_LINK_TYPES = {"rss2": "application/rss+xml", "atom": "application/atom+xml",
               "rss1": "application/rdf+xml"}


def home_route(outlet: DemoOutlet) -> str:
    return f"/{outlet.slug}/"


def render_home(corpus: Corpus, outlet: DemoOutlet, base_url: str) -> bytes:
    """An outlet's front page: its latest headlines, and in <head> the feeds it announces
    (<link rel="alternate">), as real sites do, so `pressdiff add` can find them."""
    base = base_url.rstrip("/")
    site = SITES[outlet.slug]
    links = [
        _void("link", {"rel": "alternate", "type": _LINK_TYPES[feed.format],
                       "title": _feed_title(outlet, feed), "href": base + feed.route})
        for feed in outlet.feeds
    ]
    latest = sorted(corpus.articles_of(outlet.slug), key=lambda a: a.published, reverse=True)
    items = [_el("li", None, _el("a", {"href": base + a.route}, a.title)) for a in latest[:20]]
    page = _join([
        Markup("<!DOCTYPE html>"),
        Markup(f'<html lang="{html.escape(outlet.tags.get("language", "en"))}">'),
        _el("head", None, _void("meta", {"charset": "utf-8"}), _el("title", None, outlet.name),
            *links),
        _el("body", None,
            _el("header", {"class": site.css["header"]}, _el("h1", None, outlet.name),
                _el("nav", {"class": site.css["nav"]},
                    *(_el("a", {"href": base + home_route(outlet)}, n) for n in site.nav))),
            _el("main", {"class": site.css["main"]}, _el("h2", None, "Latest"),
                _el("ul", None, *items)),
            _el("footer", {"class": site.css["footer"]}, site.footer)),
        Markup("</html>\n"),
    ])
    return page.encode("utf-8")
