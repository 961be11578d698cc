"""`python -m tui` runs the pressdiff command line, and so does the `pressdiff` command.

Nothing is imported at the top: worker processes are started with "spawn", which imports the
parent's main module (this one under `python -m tui`, the `pressdiff` script otherwise, which
imports only `run` from here) in every worker before its first job. Importing the command
line there would cost each of a refresh's workers about 0.07 s of CPU it never uses.
"""


def run() -> None:
    from tui.cli import main

    main()


if __name__ == "__main__":
    run()
