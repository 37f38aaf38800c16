"""The article in a saved HTML page, with offsets back into the decoded page.

Two passes over the page:

1. A position-keeping pass (the standard library's ``html.parser``, which never
   fetches anything and expands no entities on its own) cuts the visible text
   into blocks at block-level tags. Every block character knows the page offset
   it came from.
2. trafilatura (precision mode) decides which text is the article. Blocks are
   kept when they appear, in order, in its output; so the article text is built
   from the page's own characters, not from the extractor's rewrite. Image
   captions between kept blocks (``<figcaption>``, caption classes, caption-like
   lines) are kept too, and the headline block before the article is prepended.

Whitespace follows HTML rendering: a run of spaces and newlines inside a block
becomes one space; blocks are joined with a blank line. The result then goes
through :func:`newsnlp.clean.clean_text` for bylines and footers the extractor
let through.

The offset map (``Article.meta["source_offsets"]``) is a list of pieces in
text order. ``[src_start, src_end]``: the text holds ``page[src_start:src_end]``
verbatim. ``[src_start, src_end, n]``: ``n`` text characters produced from
``page[src_start:src_end]`` -- a character reference (``&amp;`` gives ``&``), a
whitespace run collapsed to one space, or the blank line standing for the markup
between two blocks. ``page`` is the decoded page (BOM removed).
"""
from __future__ import annotations

from collections import Counter

import html as html_lib
import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..clean import _append, clean_text, compose, is_caption_line, opening_byline
from ..errors import ReadError
from .metadata import outlet_names

logger = logging.getLogger(__name__)

# Pages larger than this are refused: no news article needs it, and parsers slow down.
MAX_HTML_CHARS = 20_000_000
# lxml/libxml2 stops descending at 256 levels; deeper pages are malformed or hostile.
MAX_DEPTH = 256

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul caption center option".split()
)
_SKIP_TAGS = frozenset(
    "script style noscript template head title svg math iframe object embed select textarea "
    "button canvas video audio".split()
)
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_CAPTION_CLASS = re.compile(
    r"caption|figcaption|ima?ge?_?desc|pic_?desc|picdes|pic-desc|pic_?info|detailPic|photo|ph_b|pictext|imgtxt"
    r"|(?<![a-z])(?:picIntro|pic[-_]?title)",  # ifeng's picIntro-…, huanqiu's pic-title; not topic-title
    re.IGNORECASE,
)
# The classes of an inline element that is a caption (img_descr), not a photo's link or credit.
_INLINE_CAPTION_CLASS = re.compile(r"caption|desc|imgtxt|pictext", re.IGNORECASE)
_HTML_SPACE = " \t\n\r\f"
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class Block:
    """Visible text between two block boundaries, with a piece map into the page."""

    chars: list[str] = field(default_factory=list)
    pieces: list[list[int]] = field(default_factory=list)
    tags: tuple[str, ...] = ()
    caption: bool = False

    @property
    def text(self) -> str:
        return "".join(self.chars)


class _StreamParser(HTMLParser):
    """Collects visible text blocks with page offsets; never resolves anything external."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=False)
        self.page = page
        self.line_starts = [0]
        for match in re.finditer("\n", page):
            self.line_starts.append(match.end())
        self.blocks: list[Block] = []
        self.current = Block()
        self.stack: list[tuple[str, bool]] = []   # (tag, is caption container)
        # Running counts of what is open, so deep nesting costs O(1) per tag, not O(depth).
        self.open_tags: Counter[str] = Counter()
        self.open_captions = 0
        self.skip_depth = 0
        self.max_depth = 0
        self.pending_space: tuple[int, int] | None = None

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _in_caption(self) -> bool:
        return self.open_captions > 0

    def _open_tags(self) -> tuple[str, ...]:
        return tuple(sorted(tag for tag, n in self.open_tags.items() if n))

    def _flush(self) -> None:
        self.pending_space = None
        if self.current.chars:
            self.blocks.append(self.current)
        self.current = Block(tags=self._open_tags(), caption=self._in_caption())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            if tag not in _VOID_TAGS:
                self.skip_depth += 1
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag not in _VOID_TAGS:
            klass = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
            caption = tag == "figcaption" or bool(_CAPTION_CLASS.search(klass))
            self.stack.append((tag, caption))
            self.open_tags[tag] += 1
            self.open_captions += caption
            self.max_depth = max(self.max_depth, len(self.stack))
            if tag in _BLOCK_TAGS:
                self.current.caption = self._in_caption()
                self.current.tags = self._open_tags()
            elif (caption and not self.current.chars and _INLINE_CAPTION_CLASS.search(klass)
                  and next((t for t, _ in reversed(self.stack[:-1]) if t in _BLOCK_TAGS), "") != "p"):
                # sina's <span class="img_descr"> opens its block's text; not a photo link or a
                # photographer's credit at the start of a paragraph.
                self.current.caption = True
        elif tag in ("img",):
            pass

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip_depth = max(self.skip_depth - 1, 0)
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        # Close up to the matching open tag; HTML leaves many tags unclosed.
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                for closed, caption in self.stack[k:]:
                    self.open_tags[closed] -= 1
                    self.open_captions -= caption
                del self.stack[k:]
                break
        if tag in _BLOCK_TAGS:
            self.current.caption = self._in_caption()

    def _emit(self, text: str, start: int, end: int, verbatim: bool) -> None:
        block = self.current
        if verbatim:
            _append(block.pieces, [start, end])
        else:
            block.pieces.append([start, end, len(text)])
        block.chars.extend(text)

    def _space(self, start: int, end: int) -> None:
        if self.current.chars and self.pending_space is None:
            self.pending_space = (start, end)
        elif self.pending_space is not None:
            self.pending_space = (self.pending_space[0], end)

    def _flush_space(self) -> None:
        if self.pending_space is None:
            return
        start, end = self.pending_space
        self.pending_space = None
        self._emit(" ", start, end, verbatim=(end - start == 1 and self.page[start] == " "))

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        base = self._pos()
        pos = 0
        for match in re.finditer(f"[{_HTML_SPACE}]+", data):
            if match.start() > pos:
                self._flush_space()
                self._emit(data[pos:match.start()], base + pos, base + match.start(), verbatim=True)
            self._space(base + match.start(), base + match.end())
            pos = match.end()
        if pos < len(data):
            self._flush_space()
            self._emit(data[pos:], base + pos, base + len(data), verbatim=True)

    def _reference(self, raw: str, text: str) -> None:
        if self.skip_depth or not text:
            return
        start = self._pos()
        end = start + len(raw)
        if self.page.startswith(raw + ";", start):
            end += 1
        if text.strip(_HTML_SPACE) == "":
            self._space(start, end)
            return
        self._flush_space()
        self._emit(text, start, end, verbatim=False)

    def handle_entityref(self, name: str) -> None:
        self._reference("&" + name, html_lib.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._reference("&#" + name, html_lib.unescape(f"&#{name};"))

    def close(self) -> None:
        super().close()
        self._flush()


def page_blocks(page: str, *, path: object = "<html>") -> list[Block]:
    """The visible text blocks of a page, in document order."""
    if len(page) > MAX_HTML_CHARS:
        raise ReadError(
            path, f"the page has {len(page)} characters, more than {MAX_HTML_CHARS}; "
            "save the article alone or extract it first", stage="html",
        )
    parser = _StreamParser(page)
    parser.feed(page)
    parser.close()
    if parser.max_depth > MAX_DEPTH:
        logger.warning("%s: elements nest %d deep; text below depth %d may be missing",
                       path, parser.max_depth, MAX_DEPTH)
    return parser.blocks


def parse_tree(page: str):
    """An lxml tree of the page, parsed without network access or external entities."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False,
        default_doctype=False, collect_ids=False,
    )
    # The page is already decoded; a leftover XML encoding declaration would make lxml refuse a str.
    page = re.sub(r"^\s*<\?xml[^>]*\?>", "", page)
    try:
        return lxml.html.document_fromstring(page, parser=parser)
    except (lxml.etree.ParserError, ValueError) as err:
        logger.debug("lxml could not parse the page: %s", err)
        return None


def extractor_text(page: str) -> str:
    """The article text as trafilatura sees it (precision first, recall if that finds nothing)."""
    import trafilatura

    # Its notes on a page it cannot parse whole ("discarding data: None") are ours to report, not the
    # terminal's: the page falls back to the longest run of paragraphs, or is reported.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)

    text = None
    for options in ({"favor_precision": True}, {"favor_recall": True}):
        tree = parse_tree(page)
        if tree is None:
            return ""
        text = trafilatura.extract(
            tree, include_comments=False, include_tables=True, include_images=False,
            deduplicate=False, with_metadata=False, **options,
        )
        if text and len(text.strip()) >= 50:
            return text
    return text or ""


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """The article of a page: clean text, map into the page, captions, and the header blocks."""

    text: str
    offsets: list[list[int]]
    captions: list[list[int]]
    header: list[str]          # block texts before the article (bylines live here)
    blocks_used: int
    headline: str | None = None  # the headline block's text, as the article text holds it


def _squash(text: str) -> str:
    return _WS.sub("", text)


def select_blocks(blocks: list[Block], extracted: str) -> list[int]:
    """Indices of blocks whose text the extractor kept.

    Blocks of 15 characters or more are kept wherever they occur in the
    extractor's output (extractors move bylines around). Short blocks ("分享",
    "国际") also occur inside sentences, so they are kept only where they follow
    the previous kept block in the output.
    """
    target = _squash(extracted)
    found_at: dict[int, int] = {}
    for i, block in enumerate(blocks):
        squashed = _squash(block.text)
        if len(squashed) >= 15:
            position = target.find(squashed)
            if position >= 0:
                found_at[i] = position + len(squashed)
    chosen: list[int] = []
    previous_end: int | None = None
    for i, block in enumerate(blocks):
        if i in found_at:
            chosen.append(i)
            previous_end = found_at[i]
            continue
        squashed = _squash(block.text)
        if not squashed or len(squashed) >= 15 or previous_end is None:
            continue
        position = target.find(squashed, previous_end)
        if 0 <= position - previous_end <= 2:
            chosen.append(i)
            previous_end = position + len(squashed)
    return chosen


def _fallback_blocks(blocks: list[Block]) -> list[int]:
    """Without an extractor result: the run of sentence-like blocks with the most text.

    A run tolerates up to two short blocks in a row (captions, subheadings).
    """
    runs: list[list[int]] = []
    current: list[int] = []
    short = 0
    for i, block in enumerate(blocks):
        text = block.text.strip()
        if len(text) >= 25 and text[-1] in "。！？!?”」":
            current.append(i)
            short = 0
        elif current:
            short += 1
            if short > 2:
                runs.append(current)
                current, short = [], 0
    if current:
        runs.append(current)
    return max(runs, key=lambda run: sum(len(blocks[i].text) for i in run), default=[])


def extract_article(page: str, *, title: str | None = None, titles: tuple[str, ...] = (),
                    path: object = "<html>") -> HtmlArticle:
    """Find the article in a decoded page; offsets map into ``page``."""
    blocks = page_blocks(page, path=path)
    extracted = extractor_text(page)
    chosen = select_blocks(blocks, extracted) if extracted else []
    if not chosen:
        logger.info("%s: the extractor found no article text; using the longest run of paragraphs",
                    path)
        chosen = _fallback_blocks(blocks)
    if not chosen:
        return HtmlArticle("", [], [], [b.text for b in blocks], 0)
    first, last = chosen[0], chosen[-1]
    keep = set(chosen)
    headline = _headline_index(blocks, first, (title, *titles))
    # Captions inside the article, and those of a photo right before or after it.
    lo = headline + 1 if headline is not None else max(first - 4, 0)
    captions: set[int] = set()
    for i in range(lo, min(last + 4, len(blocks))):
        block = blocks[i]
        is_caption = block.caption or is_caption_line(block.text.strip())
        if is_caption and (first <= i <= last or block.caption or i in keep):
            keep.add(i)
            captions.add(i)
    if headline is not None:
        keep.add(headline)
    # A lede between the headline and the first paragraph kept (DW's <p class="teaser">, which
    # extractors drop as a teaser): paragraphs there are the article's first lines.
    top = headline if headline is not None else first
    # The headline is no paragraph, long though it be and ending in a quote (指责丹麦“投入不足”).
    titled = {i for i in (headline, top) if i is not None and (i == headline or "h1" in blocks[i].tags)}
    first_kept = next((i for i in chosen if i not in titled and _is_paragraph(blocks[i].text.strip())), top)
    keep.update(i for i in range(top + 1, first_kept)
                if _is_paragraph(blocks[i].text.strip()) and not _NOTICE_BLOCK.search(blocks[i].text))
    # Bylines sit before the first paragraph, inside or outside what the extractor kept.
    first_paragraph = next(  # not the headline, long though it be and ending in a quote (…陷入“油荒”)
        (i for i in sorted(keep) if i != headline and _is_paragraph(blocks[i].text.strip())), last
    )
    header = [blocks[i].text for i in range(first_paragraph) if blocks[i].text.strip()]
    if first_paragraph < len(blocks) and (opening := opening_byline(blocks[first_paragraph].text)):
        header.append(opening)  # 【文/观察者网 王恺雯】据…: a byline glued to the story

    pieces: list[list[int]] = []
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    previous_end: int | None = None
    for i in sorted(keep):
        block = blocks[i]
        if previous_end is not None:
            next_start = block.pieces[0][0]
            pieces.append([previous_end, max(next_start, previous_end), 2])
            parts.append("\n\n")
            length += 2
        for piece in block.pieces:
            _append(pieces, piece)
        parts.append(block.text)
        if i in captions:
            spans.append((length, length + len(block.text)))
        length += len(block.text)
        previous_end = block.pieces[-1][1]
    joined = "".join(parts)
    cleaned = clean_text(joined, outlets=outlet_names())
    offsets = compose(pieces, cleaned.offsets)
    caption_spans = _map_captions(spans, cleaned.offsets) + cleaned.captions
    caption_spans = sorted({(a, b) for a, b in caption_spans})
    # The headline: the block found above, or the extractor's first block when it is the h1.
    shown = headline if headline is not None else first if "h1" in blocks[first].tags else None
    headline_text = blocks[shown].text.strip() if shown is not None else None
    if headline_text and not cleaned.text.startswith(headline_text):
        headline_text = None
    return HtmlArticle(cleaned.text, offsets, [list(s) for s in caption_spans], header, len(keep),
                       headline_text)


# A site's notice that reads like a paragraph (cookies, privacy): no lede.
_NOTICE_BLOCK = re.compile(r"cookie|Cookie|隐私政策|隱私政策|隐私权|隱私權|使用条款|使用條款")


def _is_paragraph(text: str) -> bool:
    return len(text) >= 25 and text[-1] in "。！？!?”」"


def _headline_index(blocks: list[Block], first: int, titles: tuple[str | None, ...]) -> int | None:
    """The headline block shortly before the article: an ``h1``, or a block matching a title.

    A page's titles (meta, JSON-LD, ``<title>``) are often shorter or longer than its ``h1``
    (JSON-LD ``以伊戰爭｜美軍B-2轟炸…`` for the ``h1`` ``以伊戰爭｜美軍B-2轟炸… 特朗普：…``): a block
    matches when it equals a title, or one holds the other and the shorter has 8 characters or more.
    An ``h1`` is taken without a match only when the page states no title (a site logo in an ``h1``
    is no headline).
    """
    squashed = [t for t in (_squash(t or "") for t in titles) if t]
    for i in range(first - 1, max(first - 15, -1), -1):
        text = _squash(blocks[i].text)
        if not text:
            continue
        for title in squashed:
            if text == title or min(len(text), len(title)) >= 8 and (text in title or title in text):
                return i
        if "h1" in blocks[i].tags and not squashed:
            return i
    return None


def _map_captions(spans: list[tuple[int, int]], kept: list[list[int]]) -> list[tuple[int, int]]:
    """Caption spans of the joined text, moved to the cleaned text (dropped if cut)."""
    result = []
    offset = 0
    starts = []
    for a, b in kept:
        starts.append((a, b, offset))
        offset += b - a
    for s, e in spans:
        for a, b, clean_start in starts:
            if a <= s and e <= b:
                result.append((clean_start + s - a, clean_start + e - a))
                break
    return result
