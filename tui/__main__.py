"""`python -m tui` runs the pressdiff command line."""

from tui.cli import main

if __name__ == "__main__":
    main()
