"""Write a large, well-formed OPML file for import tests (big.opml is never committed).

    from tests.data.opml.make_big import feed_url, write_big

    count = write_big(tmp_path / "big.opml")          # about 50 MB
    count = write_big(tmp_path / "big.opml", 0.5)     # about 0.5 MB, for quick tests

The file is OPML 2.0 with the feeds in folders of FOLDER_SIZE outlines each. Every feed
has a distinct http(s) xmlUrl, feed_url(i) for i in range(count), in document order, so
an importer that accepts the file should import exactly `count` feeds and skip none.
The output is the same for the same arguments.

Run as a script: python tests/data/opml/make_big.py OUT.opml [MEGABYTES]
"""

from __future__ import annotations

import os
import sys

FOLDER_SIZE = 1000

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>Big export for import tests</title>
  </head>
  <body>
"""
_TAIL = """  </body>
</opml>
"""


def feed_url(i: int) -> str:
    """The xmlUrl of feed number i (alternating https and http, spread over hosts)."""
    scheme = "https" if i % 2 == 0 else "http"
    return f"{scheme}://feeds{i % 97}.example.com/big/{i}/rss.xml?page=1&lang=en"


def _outline(i: int) -> str:
    url = feed_url(i).replace("&", "&amp;")
    return (
        f'      <outline text="Big feed {i}" title="Big feed {i}" type="rss" '
        f'xmlUrl="{url}" htmlUrl="https://site{i % 97}.example.com/{i}/"/>\n'
    )


def write_big(path: str | os.PathLike[str], megabytes: float = 50) -> int:
    """Write a well-formed OPML file of at least `megabytes` MiB to path.

    Returns the number of feeds written.
    """
    target = int(megabytes * 1024 * 1024)
    count = 0
    folder = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(_HEAD)
        size = len(_HEAD) + len(_TAIL)
        while size < target:
            chunk = [f'    <outline text="Folder {folder}" title="Folder {folder}">\n']
            chunk += [_outline(count + k) for k in range(FOLDER_SIZE)]
            chunk.append("    </outline>\n")
            text = "".join(chunk)
            out.write(text)
            size += len(text)  # ASCII only, so characters == bytes
            count += FOLDER_SIZE
            folder += 1
        out.write(_TAIL)
    return count


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: make_big.py OUT.opml [MEGABYTES]")
    mb = float(sys.argv[2]) if len(sys.argv) == 3 else 50
    n = write_big(sys.argv[1], mb)
    print(f"wrote {n} feeds to {sys.argv[1]}")
