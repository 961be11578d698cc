"""The Textual interface of pressdiff: stories, side by side, article, feeds and help screens."""
