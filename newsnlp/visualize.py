"""Entity rendering with displaCy, in newsnlp's label colours.

``render`` turns Docs or corpus records into displaCy's entity markup: each
mention is coloured by label and shows its ``kb_id`` (linkable labels) or its
normalised value (NUMBER, DATE) after the label, and in a tooltip. ``show``
does the same for notebooks, where the returned object displays as HTML.
``write_html`` saves a standalone page.
"""
from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy import displacy
from spacy.tokens import Doc

from .io.files import atomic_open
from .io.jsonl import doc_to_record

logger = logging.getLogger(__name__)

COLORS: dict[str, str] = {
    "PERSON": "#f4a3a8",
    "PLACE": "#9fd8a4",
    "ORG": "#9cc3f0",
    "MILITARY_UNIT": "#f7c873",
    "NUMBER": "#d6b8f0",
    "DATE": "#b8e6e6",
}

# displaCy's entity template with a tooltip (title) naming the label and its link.
_TEMPLATE = """
<mark class="entity" title="{tooltip}" style="background: {bg}; padding: 0.45em 0.6em; margin: 0 0.25em; line-height: 1; border-radius: 0.35em;">
    {text}
    <span style="font-size: 0.8em; font-weight: bold; line-height: 1; border-radius: 0.35em; vertical-align: middle; margin-left: 0.5rem">{label}{kb_link}{detail}</span>
</mark>
"""

Item = Doc | dict[str, Any]


class HTML(str):
    """Rendered markup: a plain string that notebooks display as HTML."""

    def _repr_html_(self) -> str:
        return str(self)


def _detail(ent: dict[str, Any]) -> str:
    """What a mention resolves to: its kb_id, or a NUMBER's / DATE's value."""
    if ent.get("kb_id"):
        return str(ent["kb_id"])
    attrs = ent.get("attrs") or {}
    if "value" in attrs and attrs["value"] is not None:
        unit = attrs.get("unit")
        return f"{attrs['value']} {unit}" if unit and ent["label"] == "NUMBER" else str(attrs["value"])
    if "min" in attrs and "max" in attrs:
        return f"{attrs['min']}–{attrs['max']}"
    return ""


def to_displacy(item: Item, *, kb_url_template: str | None = None) -> dict[str, Any]:
    """displaCy's manual-mode dict for one Doc or corpus record."""
    record = item if isinstance(item, dict) else doc_to_record(item)
    title = (record.get("source") or {}).get("title") or record.get("id")
    ents = []
    for ent in sorted(record.get("entities") or [], key=lambda e: e["start"]):
        detail = _detail(ent)
        tooltip = ent["label"] + (f": {detail}" if detail else "")
        attrs = ent.get("attrs") or {}
        extras = ", ".join(f"{k}={v}" for k, v in attrs.items() if k not in ("value", "unit"))
        if extras:
            tooltip += f" ({extras})"
        span = {"start": ent["start"], "end": ent["end"], "label": ent["label"],
                "params": {"tooltip": html.escape(tooltip, quote=True), "detail": ""}}
        if detail and kb_url_template and ent.get("kb_id"):
            span["kb_id"] = html.escape(detail)
            span["kb_url"] = html.escape(kb_url_template.format(ent["kb_id"]))
        elif detail:
            span["params"]["detail"] = " " + html.escape(detail)  # the id or value, not a link to nowhere
        ents.append(span)
    if title is None:
        heading = ""  # a Doc of the user's own text has neither title nor id
    elif title != record.get("id"):
        heading = html.escape(f"{title} ({record.get('id')})")
    else:
        heading = html.escape(str(title))
    return {"text": record["text"], "ents": ents, "title": heading}


def render(items: Item | Iterable[Item], *, page: bool = False, kb_url_template: str | None = None) -> HTML:
    """displaCy entity markup for one or more Docs or corpus records.

    page: a full HTML page instead of a fragment.
    kb_url_template: a URL with ``{}`` for the kb_id, to make ids links (default: no link).
    """
    if isinstance(items, (Doc, dict)):
        items = [items]
    parsed = [to_displacy(item, kb_url_template=kb_url_template) for item in items]
    options = {"colors": COLORS, "template": _TEMPLATE}
    markup = displacy.render(parsed, style="ent", manual=True, page=page, jupyter=False, options=options)
    if page:
        markup = re.sub(r'<html lang="[^"]*">', '<html lang="zh">', markup, count=1)
        markup = markup.replace("<title>displaCy</title>", '<meta charset="utf-8">\n<title>newsnlp</title>', 1)
    return HTML(markup)


def show(items: Item | Iterable[Item], *, kb_url_template: str | None = None) -> HTML:
    """Entities of Docs or records for a notebook: the returned object displays as HTML.

    Outside a notebook it is the markup string.
    """
    return render(items, kb_url_template=kb_url_template)


def write_html(items: Iterable[Item], path: str | Path, *, kb_url_template: str | None = None) -> int:
    """Write a standalone HTML page of every item atomically; returns the number of documents."""
    items = list(items)
    markup = render(items, page=True, kb_url_template=kb_url_template)
    with atomic_open(path) as fh:
        fh.write(markup)
    return len(items)
