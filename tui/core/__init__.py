"""The pressdiff core: plain Python, never imports textual.

Stages: config -> fetch -> feeds -> store -> extract -> cluster -> compare -> export,
driven by pipeline. The Textual app and the CLI both call these modules.
"""
