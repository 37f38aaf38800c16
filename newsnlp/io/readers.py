"""Reading saved articles: files, folders and globs in; ``Article`` records out.

``.txt``/``.html``/``.htm`` files hold one article (a page saved under another name, .shtml or
.txt, is read as HTML when it begins like one); ``.json`` one record or a list of records;
``.jsonl`` one record per line, and a record that cannot be read is reported and skipped. A record has its text under
``text``, ``content`` or ``body`` (HTML there is extracted like a page) and may
carry ``id``, ``title``, ``url``, ``publisher``, ``author`` and
``published``/``date``; what a record states wins over what is detected.

Every article's ``meta["source_offsets"]`` maps its text back to the decoded
source (the file's text, or for JSON the record's text field), see
:func:`newsnlp.clean.to_source` and ``docs/ingestion.md``.
"""
from __future__ import annotations

import glob
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from ..clean import clean_text, is_body_paragraph, opening_byline
from ..errors import InputNotFoundError, ReadError
from ..schema import Article
from . import metadata as md
from .encoding import declared_charset, decode_bytes, read_text
from .files import hash_file
from .html import MAX_HTML_CHARS, extract_article, parse_tree

logger = logging.getLogger(__name__)

SUFFIXES: frozenset[str] = frozenset({".html", ".htm", ".shtml", ".xhtml", ".mhtml", ".mht", ".txt", ".json", ".jsonl"})
MAX_FILE_BYTES = 20 * 1024 * 1024
# A scraper's JSON or JSON Lines dump of many articles may be this large.
MAX_DUMP_BYTES = 2 * 1024 * 1024 * 1024
_TEXT_FIELDS = ("text", "content", "body", "html")
_GLOB_CHARS = set("*?[")


def _visible(root: Path, path: Path, skipped: dict[Path, bool]) -> bool:
    """Not hidden, not inside the ``X_files`` folder a browser saves beside a complete page ``X.html``
    (its ad frames and scripts are no articles), and not inside a newsnlp output folder.
    ``skipped``: the answer for each folder looked at, so each is looked at once in a walk."""
    parts = path.relative_to(root).parts
    if any(part.startswith(".") for part in parts if part not in (".", "..")):
        return False
    folder = root
    for part in parts[:-1]:
        folder = folder / part
        if folder not in skipped:
            skipped[folder] = (part.endswith("_files") and any(
                (folder.parent / (part[:-6] + ext)).exists() for ext in _PAGE_EXTENSIONS)
                or (folder / "_manifest.json").exists())  # a corpus written here before, which is no input
        if skipped[folder]:
            return False
    return True


# What a browser names a complete page whose parts it saves in X_files.
_PAGE_EXTENSIONS = (".html", ".htm", ".shtml", ".xhtml", ".mhtml", ".mht")


def iter_input_files(inputs: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Files named by paths, folders (recursive) and globs, each input sorted.

    Folders yield only ``.html .htm .shtml .xhtml .mhtml .mht .txt .json .jsonl`` files and skip hidden
    files and folders, the ``X_files`` folders of pages saved complete and newsnlp output folders.
    ``exclude``: outputs of this run, which a folder input may hold (``-o saved/corpus.jsonl``).
    Raises ``InputNotFoundError`` for an input that matches nothing.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    excluded = [Path(e).resolve() for e in exclude]
    seen: set[Path] = set()
    skipped: dict[Path, bool] = {}
    for item in inputs:
        text = str(item)
        # An input named inside an output folder is read all the same (-o p with p/raw as input).
        inside = Path(text).resolve()
        outputs = [e for e in excluded if e != inside and e not in inside.parents]
        if Path(text).is_file():
            found = [Path(text)]
        elif Path(text).is_dir():
            root = Path(text)
            found = sorted(
                p for p in root.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and _visible(root, p, skipped)
            )
        elif _GLOB_CHARS & set(text):
            # glob() itself leaves out hidden names unless the pattern spells them; the folder
            # rules apply below the pattern's fixed part ('saved/**/*.html' skips saved/x_files/).
            root = Path(os.path.dirname(text[:min(text.index(c) for c in _GLOB_CHARS & set(text))]) or ".")
            found = sorted(Path(p) for p in glob.glob(text, recursive=True)
                           if os.path.isfile(p) and (not Path(p).is_relative_to(root) or _visible(root, Path(p), skipped)))
        else:
            found = []
        found = [p for p in found if not any(e == p.resolve() or e in p.resolve().parents for e in outputs)]
        if not found:
            raise InputNotFoundError(item)
        for path in found:
            if path.resolve() not in seen:  # saved/x.txt and saved/../saved/x.txt are one file
                seen.add(path.resolve())
                yield path


def read_articles(
    inputs: Iterable[str | Path] | str | Path,
    *,
    on_error: Callable[[ReadError], None] | None = None,
    exclude: Iterable[str | Path] = (),
) -> Iterator[Article]:
    """Articles from files, folders and globs; unreadable files are reported and skipped. Files
    that share a name get ids from their paths (``article_ids``); ``exclude``: this run's outputs,
    never read as inputs."""
    def report(err: ReadError) -> None:
        if on_error is None:
            logger.warning("%s", err)
        else:
            on_error(err)

    paths = list(iter_input_files(inputs, exclude))
    ids = article_ids(paths)
    first_of: dict[str, Path] = {}
    for path in paths:
        try:
            copy = earlier_copy(first_of, path, *hash_file(path))
        except OSError:
            copy = None  # read_file reports what is wrong with it
        if copy is not None:
            report(ReadError(path, f"same content as {copy}; read once", stage="read"))
            continue
        try:
            articles = read_file(path, on_error=report, article_id=ids[path])
        except ReadError as err:
            report(err)
            continue
        yield from articles


def earlier_copy(first_of: dict[str, Path], path: Path, sha256: str, size: int) -> Path | None:
    """The input read before ``path`` that has its bytes (a browser's second save, ``x (1).html``),
    else None, and ``path`` is remembered in ``first_of`` (content hash -> first file) for those
    after it. An empty file is no copy: the reader reports it as empty."""
    if size and sha256 in first_of:
        return first_of[sha256]
    first_of.setdefault(sha256, path)
    return None


def read_file(path: str | Path, *, on_error: Callable[[ReadError], None] | None = None,
              article_id: str | None = None) -> list[Article]:
    """The articles in one saved file; raises ``ReadError`` when it cannot be read.

    In a ``.json`` list or a ``.jsonl`` file a record that cannot be read is passed to ``on_error``
    (logged when it is None) and skipped; the file fails only when no record can be read.
    ``article_id``: the id of the file's article (default: the file name without its suffix; a
    record's own id wins, and records without one number theirs after it).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    base = article_id or path.stem
    if suffix in (".mhtml", ".mht"):
        return [_from_mhtml(path, base)]
    # A JSON dump holds many articles: the limit is each record's (the batch's --max-chars).
    decoded = read_text(path, max_bytes=MAX_DUMP_BYTES if suffix in (".json", ".jsonl") else MAX_FILE_BYTES)
    if suffix == ".json":
        return _from_json(decoded.text, path, decoded.encoding, on_error, base)
    if suffix == ".jsonl":
        return _from_jsonl(decoded.text, path, decoded.encoding, on_error, base)
    if suffix in (".html", ".htm", ".shtml", ".xhtml") or _looks_like_html(decoded.text):
        return [_from_html(decoded.text, path=path, article_id=base, encoding=decoded.encoding)]
    return [_from_text(decoded.text, path=path, article_id=base, encoding=decoded.encoding)]


def _from_mhtml(path: Path, article_id: str) -> Article:
    """A page saved as one file (Chrome's "single file", .mhtml): its HTML part, decoded with the
    part's charset, is the source the offsets map into."""
    import email
    from email import policy

    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ReadError(path, f"is more than the {MAX_FILE_BYTES} bytes a saved article may have", stage="read")
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    except OSError as err:
        raise ReadError(path, f"cannot be opened: {err.strerror or err}") from err
    part = next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
    if part is None:
        raise ReadError(path, "is no saved web page: it holds no HTML part", stage="decode")
    data = part.get_payload(decode=True) or b""
    decoded = decode_bytes(data, path=path, declared=part.get_content_charset() or declared_charset(data))
    return _from_html(decoded.text, path=path, article_id=article_id, encoding=decoded.encoding)


def article_ids(paths: Iterable[Path]) -> dict[Path, str]:
    """Each file's article id: its name without the suffix, or where several files share that
    (index.html in xinhua/ and in sina/), the path from their common folder (xinhua/index)."""
    paths = list(paths)
    by_stem: dict[str, list[Path]] = {}
    for path in paths:
        by_stem.setdefault(path.stem, []).append(path)
    ids = {}
    for stem, group in by_stem.items():
        if len(group) == 1:
            ids[group[0]] = stem
            continue
        common = Path(os.path.commonpath([str(p.resolve().parent) for p in group]))
        rel = {p: p.resolve().relative_to(common).with_suffix("").as_posix() for p in group}
        clash = len(set(rel.values())) < len(group)  # a.html and a.txt in one folder
        ids.update({p: p.resolve().relative_to(common).as_posix() if clash else r for p, r in rel.items()})
    return ids


_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.IGNORECASE | re.DOTALL)


def _looks_like_html(text: str) -> bool:
    """A page saved under another name (.shtml, .txt, no extension) is read as the page it is."""
    return _HTML_START.match(text[:4096]) is not None


def read_bytes(data: bytes, *, name: str = "article.txt") -> list[Article]:
    """Like :func:`read_file` for content already in memory (``name`` gives the format)."""
    path = Path(name)
    decoded = decode_bytes(data, path=name)
    if path.suffix.lower() in (".html", ".htm") or _looks_like_html(decoded.text):
        return [_from_html(decoded.text, path=path, article_id=path.stem, encoding=decoded.encoding)]
    return [_from_text(decoded.text, path=path, article_id=path.stem, encoding=decoded.encoding)]


def _source(path: Path, encoding: str, text: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "path": str(path),
        "url": fields.get("url"),
        "publisher": fields.get("publisher"),
        "title": fields.get("title"),
        "author": fields.get("author"),
        "published": fields.get("published"),
        "encoding": encoding,
        "script": md.detect_script(text),
    }


def _from_text(raw: str, *, path: Path, article_id: str, encoding: str,
               given: dict[str, Any] | None = None) -> Article:
    outlets = md.outlet_names()
    result = clean_text(raw, outlets=outlets)
    if not result.text.strip():
        raise ReadError(path, "no article text is left after removing page chrome", stage="clean")
    _check_body(result.text, path, result.body_end < len(raw))
    lines = raw[: result.body_end].splitlines()
    first_kept = raw.count("\n", 0, result.offsets[0][0]) if result.offsets else 0
    header = _header_lines(lines, first_kept)
    # A byline glued to the start of the first paragraph (【文/观察者网 王恺雯】据…) is read with the others.
    opening = opening_byline(lines[len(header)]) if len(header) < len(lines) else None
    fields = md.byline_fields(header + ([opening] if opening else []), outlets)
    published_from = "byline" if fields.get("published") else None
    credit = _dateline_credit(result.text, outlets)
    fields["publisher"] = md.without_channel(fields.get("publisher") or md.breadcrumb_site(lines)
                                             or (credit and credit[0]), outlets)
    if credit and credit[1] and not fields.get("author"):
        fields["author"] = credit[1]
    first_line = result.text.split("\n", 1)[0].strip()
    if 0 < len(first_line) <= 100 and first_line[-1] not in "。！？!?":
        fields["title"] = first_line
    return _article(path, article_id, encoding, result.text, fields, given, published_from,
                    captions=result.captions, source_offsets=result.offsets)


def _check_body(text: str, path: Path, chrome_cut: bool) -> None:
    """A page of which only a headline is left, once its chrome is cut, holds no article: its body
    did not load or was never saved (网易's shell page: headline, 特别声明)."""
    lines = [line for line in text.split("\n") if line.strip()]
    if (chrome_cut and len(lines) == 1 and len(lines[0]) <= 60 and lines[0].rstrip()[-1] not in "。！？!?.…」”"
            and not any(mark in lines[0] for mark in "。！？；")):  # a brief of two sentences is no headline
        raise ReadError(path, "holds a headline but no article body (did the page's body load?)", stage="extract")


def _article(path: Path, article_id: str, encoding: str, text: str, fields: dict[str, Any],
             given: dict[str, Any] | None, published_from: str | None, **meta: Any) -> Article:
    """The Article of a read page: metadata from the record (``given``) wins over what was found."""
    letters = sum(ch.isalpha() for ch in text)
    if letters >= 50 and len(_HAN.findall(text)) < letters // 10:
        # An English page or a run of one letter (DDDD…) in a Chinese corpus: the model would tag
        # its words as names. Reported, not annotated.
        raise ReadError(path, "is not written in Chinese (fewer than one character in ten is Chinese)",
                        stage="language")
    fields, published_from = _apply_given(fields, given, published_from)
    meta.update(published_from=published_from, latest_date_in_text=md.latest_text_date(text))
    return Article(article_id, text, _source(path, encoding, text, fields), meta)


def _dateline_credit(text: str, outlets: frozenset[str]) -> tuple[str, str | None] | None:
    """The outlet whose wire credit opens the first paragraph (韩联社首尔1月5日电, 【明報專訊】), and
    the reporters bracketed after it (新京报讯（记者 陈曦））."""
    first = next((line.strip() for line in text.split("\n") if is_body_paragraph(line.strip())), "")
    return md.dateline_credit(first, outlets)


def _header_lines(lines: list[str], first_kept: int) -> list[str]:
    """Raw lines from the top to the first paragraph: where bylines are."""
    header = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if i >= first_kept and is_body_paragraph(stripped):
            break
        header.append(stripped)
    return header


def _from_html(page: str, *, path: Path, article_id: str, encoding: str,
               given: dict[str, Any] | None = None) -> Article:
    if len(page) > MAX_HTML_CHARS:
        raise ReadError(path, f"the page has more than {MAX_HTML_CHARS} characters", stage="html")
    fields = md.html_fields(parse_tree(page))
    title = fields.get("title") or fields.get("html_title")
    article = extract_article(page, title=title, titles=(fields.get("html_title") or "",), path=path)
    if not article.text.strip():
        raise ReadError(path, "no article text was found in the page", stage="extract")
    _check_body(article.text, path, True)
    byline = md.byline_fields(article.header, md.outlet_names())
    published_from = "meta" if fields.get("published") else None
    if not fields.get("published") and byline.get("published"):
        fields["published"] = byline["published"]
        published_from = "byline"
    fields["publisher"] = md.without_channel(byline.get("publisher") or fields.get("source_element")
                                             or fields.get("site") or md.breadcrumb_site(article.header),
                                             md.outlet_names())
    posted = fields.get("posted_from")
    if posted and fields["publisher"] and fields["publisher"].endswith(posted) and len(fields["publisher"]) > len(posted) + 1:
        fields["publisher"] = fields["publisher"][:-len(posted)]  # 兵器世界观察 + 广东, where it was posted
    def a_site(name: str | None) -> bool:
        return bool(name) and (_names_site(name, fields) or name in md.outlet_names())

    # 网易's pages give the site as every article's author, DW's and VOA's their outlet.
    fields["author"] = byline.get("author") or next(
        (name for name in (fields.get("author"), fields.get("ld_author")) if name and not a_site(name)), None)
    # The headline the page shows (and the text starts with) wins over a metadata rewrite of it.
    fields["title"] = article.headline or title
    return _article(path, article_id, encoding, article.text, fields, given, published_from,
                    captions=article.captions, source_offsets=article.offsets, site=fields.get("site"))


def _names_site(name: str, fields: dict[str, Any]) -> bool:
    """Whether a page's author field holds the site's or the publisher's name (网易 of 网易新闻,
    美国之音中文网 of 美国之音; not a self-media account's, 牛弹琴 of 牛弹琴说)."""
    return any(site and (name == site or site.startswith(name) and site[len(name):] in _SITE_WORDS
                         or name.startswith(site) and name[len(site):] in _SITE_WORDS)  # 美国之音 + 中文网
               for site in (fields.get("site"), fields.get("publisher")))


# What follows a portal's name in its site name (网易新闻, 中国新闻网, 美国之音中文网).
_SITE_WORDS = frozenset({"新闻", "新聞", "网", "網", "新闻网", "新聞網", "网站", "網站", "资讯", "資訊", "客户端",
                         "中文网", "中文網", "中文"})


def _apply_given(fields: dict[str, Any], given: dict[str, Any] | None,
                 published_from: str | None) -> tuple[dict[str, Any], str | None]:
    """Metadata a JSON record states outright wins over what was detected."""
    if not given:
        return fields, published_from
    fields = dict(fields)
    for key in ("title", "url", "publisher", "author"):
        if given.get(key):
            fields[key] = str(given[key])
    stated = given.get("published") or given.get("date")
    if stated:
        day = md.parse_date(str(stated))
        if day:
            fields["published"] = day
            published_from = "record"
        else:
            logger.warning("record date %r is not a date newsnlp can read; keeping the detected one",
                           stated)
    return fields, published_from


def _record_article(record: Any, *, path: Path, fallback_id: str, encoding: str) -> Article:
    if not isinstance(record, dict):
        raise ReadError(path, f"record {fallback_id} is not a JSON object", stage="json")
    field = next((f for f in _TEXT_FIELDS if isinstance(record.get(f), str) and record[f].strip()), None)
    if field is None:
        raise ReadError(
            path, f"record {fallback_id} has no text; put the article under one of "
            f"{', '.join(_TEXT_FIELDS)}", stage="json",
        )
    article_id = str(record.get("id") or fallback_id)
    # A lone surrogate (a scraper's half emoji, "\ud83d") can be written in no encoding: U+FFFD
    # stands for it, one character for one, so offsets stay.
    raw = _LONE_SURROGATE.sub("\ufffd", record[field])
    if field == "html" or raw.lstrip().startswith("<") and "</" in raw:
        return _from_html(raw, path=path, article_id=article_id, encoding=encoding, given=record)
    return _from_text(raw, path=path, article_id=article_id, encoding=encoding, given=record)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def _from_json(raw: str, path: Path, encoding: str,
               on_error: Callable[[ReadError], None] | None = None, base: str = "") -> list[Article]:
    base = base or path.stem
    try:
        data = json.loads(raw)
    except ValueError as err:
        raise ReadError(path, f"is not valid JSON: {err}", stage="json") from err
    if isinstance(data, list):
        return _records(path, [partial(_record_article, record, path=path, fallback_id=f"{base}-{n}",
                                       encoding=encoding) for n, record in enumerate(data, start=1)], on_error)
    return [_record_article(data, path=path, fallback_id=base, encoding=encoding)]


def _from_jsonl(raw: str, path: Path, encoding: str,
                on_error: Callable[[ReadError], None] | None = None, base: str = "") -> list[Article]:
    base = base or path.stem
    def line_article(number: int, line: str) -> Article:
        try:
            record = json.loads(line)
        except ValueError as err:
            raise ReadError(path, f"line {number} is not valid JSON: {err}", stage="json") from err
        return _record_article(record, path=path, fallback_id=f"{base}-{number}", encoding=encoding)

    lines = [(n, line) for n, line in enumerate(raw.splitlines(), start=1) if line.strip()]
    if not lines:
        raise ReadError(path, "holds no records", stage="json")
    return _records(path, [partial(line_article, n, line) for n, line in lines], on_error)


def _records(path: Path, reads: list[Callable[[], Article]],
             on_error: Callable[[ReadError], None] | None) -> list[Article]:
    """The records of a JSON list or JSON Lines file that can be read; each one that cannot is
    reported (one bad line in a scraped dump costs that record, not the file)."""
    articles, failed = [], 0
    for read in reads:
        try:
            articles.append(read())
        except ReadError as err:
            failed += 1
            if on_error is None:
                logger.warning("%s", err)
            else:
                on_error(err)
    if not articles:
        raise ReadError(path, f"none of its {failed} records could be read", stage="json")
    return articles
