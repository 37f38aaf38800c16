"""``newsnlp show CORPUS -o page.html``: an HTML page of the annotated entities."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NewsNLPError
from ._util import fail, setup_logging


def show_command(
    corpus: Annotated[Path, typer.Argument(exists=True, help="Corpus JSONL, a .spacy DocBin, or an output folder.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML page to write.")],
    ids: Annotated[Optional[list[str]], typer.Option("--id", help="Only this article id (repeatable).")] = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="At most this many articles.")] = None,
    kb_url: Annotated[Optional[str], typer.Option(
        help="URL template for kb_ids, '{}' standing for the id, e.g. 'https://kb.example/{}'.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details (INFO) on stderr.")] = False,
) -> None:
    """Render each article's entities (label colours, kb_id or value beside the label and in the tooltip)."""
    from ..io.corpus_reader import iter_records
    from ..visualize import write_html

    setup_logging(verbose)
    if kb_url is not None and "{}" not in kb_url:
        fail("--kb-url needs '{}' where the kb_id goes, e.g. --kb-url 'https://kb.example/{}'.")
    wanted = set(ids or [])
    try:
        records = []
        for record in iter_records(corpus):
            if wanted and record.get("id") not in wanted:
                continue
            records.append(record)
            if limit is not None and len(records) >= limit:
                break
    except NewsNLPError as err:
        fail(str(err))
    if not records:
        fail(f"No article to show in {corpus}" + (f" with id {', '.join(sorted(wanted))}." if wanted else "."))
    count = write_html(records, output, kb_url_template=kb_url)
    typer.echo(f"wrote {output} ({count} articles)", err=True)
