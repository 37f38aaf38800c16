from __future__ import annotations

import pickle

from spacy.vocab import Vocab

from newsnlp.io.docbin import read_docbin, record_to_doc, write_docbin
from newsnlp.io.jsonl import doc_to_record

TEXT = "金正恩在平壤会见约5000名官兵。\n\n 乌军第47机械化旅坚守。"


def record():
    def ent(surface, label, kb_id=None, attrs=None):
        start = TEXT.index(surface)
        return {"start": start, "end": start + len(surface), "label": label, "text": surface,
                "kb_id": kb_id, "attrs": attrs or {}, "source": "rule", "score": 0.75}

    return {
        "id": "a1",
        "source": {"path": "a1.txt", "url": None, "publisher": "朝中社", "title": "标题", "author": None,
                   "published": "2025-12-12", "encoding": "utf-8", "script": "simplified"},
        "text": TEXT,
        "sentences": [[0, 17], [20, len(TEXT)]],
        # Two-character words: entity boundaries inside words must still come back.
        "tokens": [[i, min(i + 2, e)] for s, e in ([0, 17], [20, len(TEXT)]) for i in range(s, e, 2)],
        "entities": [
            ent("金正恩", "PERSON", "kim-jong-un"),
            ent("平壤", "PLACE", "pyongyang"),
            ent("约5000名", "NUMBER", attrs={"value": 5000, "unit": "名", "approx": True}),
            ent("乌军第47机械化旅", "MILITARY_UNIT", "ua-47", {"echelon": "brigade", "number": 47,
                                                           "members": ["第47机械化旅"]}),
        ],
        "meta": {"captions": [], "source_offsets": [[0, len(TEXT)]]},
        "newsnlp": {"version": "0.1.0", "pipeline": "test"},
    }


def test_doc_text_words_sentences_and_entities_match_the_record():
    doc = record_to_doc(record(), Vocab())
    assert doc.text == TEXT
    # Whitespace between sentences stays with the sentence before it, as in spaCy.
    assert [s.text.strip() for s in doc.sents] == [TEXT[0:17], TEXT[20:]]
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        ("金正恩", "PERSON", "kim-jong-un"), ("平壤", "PLACE", "pyongyang"), ("约5000名", "NUMBER", ""),
        ("乌军第47机械化旅", "MILITARY_UNIT", "ua-47")]
    assert doc.ents[2]._.attrs == {"value": 5000, "unit": "名", "approx": True}
    assert doc._.doc_id == "a1" and doc._.published == "2025-12-12"


def test_docbin_round_trip_keeps_kb_id_attrs_and_extensions(tmp_path):
    path = tmp_path / "corpus.spacy"
    assert write_docbin([record()], path) == 1
    (doc,) = read_docbin(path)
    back = doc_to_record(doc)
    original = record()
    for key in ("id", "text", "sentences", "entities", "source", "meta", "newsnlp"):
        assert back[key] == original[key], key
    # Whitespace between words is a token of the Doc (read with a bare Vocab) but not a corpus token.
    assert back["tokens"][0] == [0, 2] and not any(TEXT[a:b].isspace() for a, b in back["tokens"])


def test_read_docs_pickle(tmp_path):
    path = tmp_path / "corpus.spacy"
    write_docbin([record()], path)
    (doc,) = read_docbin(path)
    again = pickle.loads(pickle.dumps(doc))
    assert [e.kb_id_ for e in again.ents][0] == "kim-jong-un"
