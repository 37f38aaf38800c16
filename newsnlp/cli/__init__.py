"""The ``newsnlp`` command: thin typer commands over plain, tested functions."""
from __future__ import annotations

import typer

from .annotate import annotate_command
from .evaluate import evaluate_command
from .kb import kb_app
from .show import show_command

app = typer.Typer(
    name="newsnlp",
    help="Annotate saved Chinese news articles into a research corpus.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"newsnlp {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version (for a methods section) and exit.")) -> None:
    """Annotate saved Chinese news articles into a research corpus."""


app.command("annotate")(annotate_command)
app.command("evaluate")(evaluate_command)
app.command("show")(show_command)
app.add_typer(kb_app, name="kb")


def main() -> None:
    app()
