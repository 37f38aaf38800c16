from __future__ import annotations

import subprocess
import sys

from spacy.tokens import DocBin
from spacy.vocab import Vocab

from newsnlp.io.conll import DOCSTART, record_to_conll, write_conll

TEXT = "金正恩在平壤会见约5000名官兵。\n\n乌军第47机械化旅坚守。"


def record(doc_id="a1", text=TEXT, tokens=None):
    spans = [("金正恩", "PERSON"), ("平壤", "PLACE"), ("约5000名", "NUMBER"), ("乌军第47机械化旅", "MILITARY_UNIT")]
    entities = []
    for surface, label in spans:
        if surface in text:
            start = text.index(surface)
            entities.append({"start": start, "end": start + len(surface), "label": label, "text": surface,
                             "kb_id": None, "attrs": {}})
    if tokens is None:
        # Two-character words, so several entity boundaries fall inside a word.
        tokens = []
        for s, e in ([0, 17], [19, len(text)]) if text == TEXT else ([0, len(text)],):
            tokens += [[i, min(i + 2, e)] for i in range(s, e, 2)]
    return {"id": doc_id, "text": text, "sentences": [[0, 17], [19, len(text)]] if text == TEXT else [[0, len(text)]],
            "tokens": tokens, "entities": entities}


def test_words_are_cut_at_entity_boundaries():
    lines = list(record_to_conll(record()))
    assert lines[0] == DOCSTART and lines[1] == ""
    words = [line.split()[0] for line in lines if line and line != DOCSTART]
    assert "".join(words) == TEXT.replace("\n", "")
    assert lines[2:5] == ["金正 B-PERSON", "恩 I-PERSON", "在 O"]


def test_sentences_are_separated_by_one_blank_line():
    lines = list(record_to_conll(record()))
    body = "\n".join(lines)
    assert "。 O\n\n乌军 B-MILITARY_UNIT" in body
    assert "\n\n\n" not in body


def test_whitespace_inside_a_word_cannot_split_the_columns():
    text = "平\u3000壤"
    rec = record(text=text, tokens=[[0, 3]])
    rec["entities"] = [{"start": 0, "end": 3, "label": "PLACE", "text": text}]
    assert list(record_to_conll(rec))[2] == "平_壤 B-PLACE"


def test_spacy_convert_reads_the_file_back(tmp_path):
    path = tmp_path / "corpus.conll"
    assert write_conll([record("a1"), record("a2", "俄罗斯和乌克兰。")], path) == 2
    out = tmp_path / "out"
    out.mkdir()
    result = subprocess.run([sys.executable, "-m", "spacy", "convert", str(path), str(out), "-c", "conll"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    docs = list(DocBin().from_disk(out / "corpus.spacy").get_docs(Vocab()))
    assert len(docs) == 2
    # CoNLL has no spacing, so spaCy joins words with spaces: compare the words.
    assert [("".join(t.text for t in e), e.label_) for e in docs[0].ents] == [
        ("金正恩", "PERSON"), ("平壤", "PLACE"), ("约5000名", "NUMBER"), ("乌军第47机械化旅", "MILITARY_UNIT")]
    assert len(list(docs[0].sents)) == 2
