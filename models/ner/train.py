"""Train the character CNN-CRF behind ``newsnlp_ner`` (PERSON / PLACE / ORG).

    pip install ".[train]"
    python models/ner/train.py [--data DATA] [--out models/ner] [--config C] [--epochs N] [--seed S]
                               [--device cuda] [--cache DIR]

Writes ``ner.npz`` (the network's arrays and its 8-bit graph, run by :mod:`newsnlp.network`),
``lexicon.tsv`` (the dictionary cues' entries) and ``meta.json`` (data,
settings, dev score per epoch, size, time) into ``--out``. The shipped model is
trained on the gold data and unlabelled news tagged by a pair of teachers
(``models/README.md``): a network trained the same way (its partner, from two
teacher networks' tags: ``teachers/*.json``) and a fine-tuned pretrained encoder
(``teacher.py``), which ``label.py`` combines; the shipped network's settings are
``config.json`` and ``soup.json``.

- **Embeddings.** Character and bigram embeddings start from skip-gram vectors
  (gensim) trained on unlabelled text: the training sentences and the
  segmentation corpora in ``--data``, without any line that shares a
  20-character run with the MSRA dev set, seeded by ``embedding_seed`` (default:
  ``seed``, so runs that differ only in seed can share one set of vectors). ``--cache DIR``
  keeps them (and the dictionary below) for later runs with the same data settings.
  Pretrained character vectors (``char_vectors.py``, word2vec text) can take the
  skip-gram's place as the trained table's start (config ``char_vectors``, as wide
  as ``char_dim``) or be read beside it, never updated (``fixed_char_vectors``).
- **Lexicon.** jieba's bundled dictionary (with its person / place /
  organisation tags), ``surnames.txt`` and suffix lists, plus the entity strings
  of the training data. The entity part is jackknifed: the training pieces are
  split into ``entity_folds`` contiguous folds and each fold is encoded with the
  entities of the other folds only, so the network learns that these cues are
  sometimes wrong and often missing, as on new text. The shipped lexicon holds
  the entities of all training pieces.
- **Machine-tagged text** (config ``pseudo_corpus``, a character-BIO file from
  ``label.py``). Batches of a random ``pseudo_share`` of its pieces are mixed
  into each epoch with the NER loss (weighted by ``pseudo_weight``): the network
  learns from the teachers' tags on news it has no gold tags for.
- **Word segmentation as a second task** (config ``seg_corpus``). Batches of a
  random ``seg_share`` of a space-segmented corpus's pieces are mixed into each
  epoch; a second output layer predicts their BMES word tags from the same
  convolutions (cross-entropy weighted by ``seg_weight``). The segmentation layer
  only shapes the shared layers during training and is not shipped.
- **Training.** Adam with gradient clipping, CRF loss, dropout on the inputs and
  the last layer's output, and a small rate of characters replaced by the unknown one.
  Config ``emission_penalty`` (default 0) adds that weight times the squared tag scores to
  the loss (their mean over the tags, summed over a sentence's characters, per sentence as
  the CRF loss is): it keeps the scores from growing without bound, which is how long runs
  come apart (``models/README.md``). The shipped weights are the mean of the last
  ``average_last`` epochs' weights. Settings come from ``config.json`` beside this file; a run is deterministic
  for a given data set, config, seed and thread count (on a GPU, ``--device cuda``,
  up to the order of its floating-point sums).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from newsnlp.evaluate.bio import (LABEL_MAP, TaggedSentence, evaluate_bio, model_tagger, read_tagged, sample_texts,
                                  scores_record)
from newsnlp.features import BOS, EOS, ORG_SUFFIXES, PLACE_SUFFIXES, Lexicon, normalise
from newsnlp.io.files import atomic_open
from newsnlp.network import (CUES, PAD, TAGS, UNK, CnnCrf, Vocabulary, allowed_starts, allowed_transitions, encode,
                             read_network)
from newsnlp.tagger import LEXICON_FILE, META_FILE, MODEL_FILE

logger = logging.getLogger("train_ner")

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parents[1].parent / "shared" / "data"
DEV = "msra_ner/dev.bio"

# jieba POS tags -> lexicon kinds (nr person, nrt/nrfg transliterated or
# foreign person names, ns place, nt organisation, nz other proper noun).
JIEBA_KINDS = {"nr": "per", "nrt": "per", "nrfg": "per", "ns": "loc", "nt": "org", "nz": "nz"}

# Labelled sets (path relative to --data, reader); only "corpora" from the config are trained on.
CORPORA = {
    "msra": ("msra_ner/train.bio", "bio"),
    "cluener": ("cluener/train.json", "cluener"),
    "weibo": ("weibo_ner/train.bio", "bio"),
    "resume": ("resume_ner/train.bmes", "bio"),
}
# Unlabelled text for the embeddings, besides the texts of all labelled sets.
RAW_TEXTS = (
    "segmentation/peoples_daily_1998_01/train.txt",
    "segmentation/nlpcc2016_weibo/train.txt",
    "segmentation/ud_gsdsimp/train.txt",
)
# A raw line sharing a run this long with a dev sentence is left out of the embeddings' text.
DEV_PROBE = 20

ENTITY_KIND = {"PERSON": "eper", "PLACE": "eloc", "ORG": "eorg"}
SEG_TAGS = ("B", "M", "E", "S")
BEGIN, MIDDLE, END, SINGLE = range(len(SEG_TAGS))
SEG_PIECE = 100  # longest segmentation piece, as long as the longest MSRA piece
SENTENCE_ENDS = frozenset("。！？；")
TAG_INDEX = {tag: i for i, tag in enumerate(TAGS)}


# -- data ---------------------------------------------------------------------------------------

def build_lexicon(surnames_path: Path) -> Lexicon:
    import jieba

    lexicon = Lexicon()
    dict_path = Path(jieba.__file__).parent / "dict.txt"
    with dict_path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) < 3:
                continue
            word, tag = parts[0], parts[2]
            lexicon.add(word, "word")
            kind = JIEBA_KINDS.get(tag)
            if kind:
                lexicon.add(word, kind)
    for word in PLACE_SUFFIXES:
        lexicon.add(word, "sfxloc")
    for word in ORG_SUFFIXES:
        lexicon.add(word, "sfxorg")
    names = [
        line.strip() for line in surnames_path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    lexicon.surnames = frozenset(names)
    return lexicon


def cache_path(cache: Path | None, name: str, settings: object, suffix: str) -> Path | None:
    """Where a cached build of ``name`` with these settings lives (None without a cache folder)."""
    if cache is None:
        return None
    digest = hashlib.sha1(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:12]
    return cache / f"{name}-{digest}{suffix}"


def base_lexicon(surnames_path: Path, cache: Path | None) -> Lexicon:
    """:func:`build_lexicon`, read from ``cache`` when an earlier run left it there (jieba is
    then not needed)."""
    settings = [JIEBA_KINDS, PLACE_SUFFIXES, ORG_SUFFIXES, surnames_path.read_text(encoding="utf-8")]
    path = cache_path(cache, "lexicon", settings, ".tsv")
    if path is not None and path.is_file():
        logger.info("dictionary from %s", path)
        return Lexicon.from_file(path)
    lexicon = build_lexicon(surnames_path)
    if path is not None:
        with atomic_open(path) as handle:
            handle.write(lexicon.to_text())
    return lexicon


def entity_entries(sentences: list[TaggedSentence]) -> set[tuple[str, str]]:
    """(normalised string, entity kind) of every gold mention."""
    entries = set()
    for sentence in sentences:
        text = normalise(sentence.text)
        for start, end, label in sentence.spans:
            kind = ENTITY_KIND.get(label)
            if kind:
                entries.add((text[start:end], kind))
    return entries


def with_entities(base: Lexicon, entries: set[tuple[str, str]]) -> Lexicon:
    lexicon = base.copy()
    for word, kind in entries:
        lexicon.add(word, kind)
    return lexicon


def read_cluener(path: Path) -> Iterator[TaggedSentence]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            spans = []
            for label, mentions in record.get("label", {}).items():
                ours = LABEL_MAP.get(label)
                if ours is None:
                    continue
                for offsets in mentions.values():
                    spans.extend((start, end + 1, ours) for start, end in offsets)  # inclusive end
            yield TaggedSentence(record["text"], sorted(spans))


def read_corpus(data: Path, name: str) -> list[TaggedSentence]:
    rel, kind = CORPORA[name]
    path = data / rel
    sentences = list(read_cluener(path) if kind == "cluener" else read_tagged(path))
    logger.info("%s: %d sentences from %s", name, len(sentences), path)
    return sentences


def bio_tags(sentence: TaggedSentence) -> list[str]:
    tags = ["O"] * len(sentence.text)
    for start, end, label in sentence.spans:
        if any(t != "O" for t in tags[start:end]):
            continue  # overlapping gold (CLUENER nests a few); keep the first
        tags[start] = "B-" + label
        for i in range(start + 1, end):
            tags[i] = "I-" + label
    return tags


def tag_ids(sentence: TaggedSentence) -> np.ndarray:
    return np.array([TAG_INDEX[tag] for tag in bio_tags(sentence)], np.int64)


def dev_overlap(dev: list[TaggedSentence]) -> Callable[[str], bool]:
    """Whether a normalised text shares a ``DEV_PROBE``-character run with a dev sentence."""
    runs = {
        text[i : i + DEV_PROBE] for text in (normalise(s.text) for s in dev) for i in range(len(text) - DEV_PROBE + 1)
    }
    return lambda text: any(text[i : i + DEV_PROBE] in runs for i in range(len(text) - DEV_PROBE + 1))


def raw_texts(data: Path, texts: list[str], others: list[str], overlaps_dev: Callable[[str], bool]) -> list[str]:
    """Normalised unlabelled text for the embeddings: the training ``texts``, the segmentation
    corpora without the lines that overlap dev, then the ``others`` labelled sets' texts."""
    raw = list(texts)
    dropped = 0
    for rel in RAW_TEXTS:
        for line in (data / rel).read_text(encoding="utf-8").splitlines():
            text = normalise(line.replace(" ", ""))  # the segmentation corpora separate words by spaces
            if overlaps_dev(text):
                dropped += 1
            elif text:
                raw.append(text)
    raw.extend(others)
    logger.info("unlabelled text: %d lines, %d chars (%d lines left out for dev overlap)",
                len(raw), sum(map(len, raw)), dropped)
    return raw


def seg_pieces(path: Path, overlaps_dev: Callable[[str], bool]) -> list[tuple[str, np.ndarray]]:
    """(normalised text, BMES tag ids) of a space-segmented corpus, cut after sentence-final
    punctuation and at word edges into pieces of at most ``SEG_PIECE`` characters; lines that
    overlap dev are left out, as for the embeddings."""
    pieces = []

    def flush(words: list[str]) -> None:
        if words:
            tags: list[int] = []
            for word in words:
                tags.extend([SINGLE] if len(word) == 1 else [BEGIN] + [MIDDLE] * (len(word) - 2) + [END])
            pieces.append((normalise("".join(words)), np.array(tags, np.int64)))

    for line in path.read_text(encoding="utf-8").splitlines():
        if overlaps_dev(normalise(line.replace(" ", ""))):
            continue
        words: list[str] = []
        length = 0
        for word in line.split():
            if words and length + len(word) > SEG_PIECE:
                flush(words)
                words, length = [], 0
            words.append(word)
            length += len(word)
            if word in SENTENCE_ENDS:
                flush(words)
                words, length = [], 0
        flush(words)
    return pieces


def bigrams_of(text: str) -> list[str]:
    padded = BOS + text + EOS
    return [padded[i : i + 2] for i in range(len(padded) - 1)]


# -- network ------------------------------------------------------------------------------------

def build_net(n_chars: int, n_bigrams: int, config: dict, fixed: np.ndarray | None = None):  # noqa: ANN201
    """The network (torch is imported here, for training only). ``fixed``: a second character
    table (``fixed_char_vectors``) read beside the trained one and never updated."""
    import torch
    from torch import nn

    class Net(nn.Module):
        """Embeddings + cues -> dilated convolutions -> tag scores, with a CRF loss; mirrors newsnlp.network.CnnCrf."""

        def __init__(self) -> None:
            super().__init__()
            self.char_emb = nn.Embedding(n_chars, config["char_dim"], padding_idx=PAD)
            self.fixed_emb = None if fixed is None else nn.Embedding.from_pretrained(
                torch.from_numpy(fixed), freeze=True, padding_idx=PAD)
            self.bigram_emb = nn.Embedding(n_bigrams, config["bigram_dim"], padding_idx=PAD)
            self.drop = nn.Dropout(config["dropout"])
            width_in = config["char_dim"] + (0 if fixed is None else fixed.shape[1]) + 2 * config["bigram_dim"] + len(CUES)
            width = config["width"]
            self.convs = nn.ModuleList([
                nn.Conv1d(width_in if i == 0 else width, width, 3, dilation=d, padding=d)
                for i, d in enumerate(config["dilations"])
            ])
            self.out = nn.Linear(width, len(TAGS))
            # Auxiliary word-segmentation head (config "seg_corpus"); used in training only.
            self.seg_out = nn.Linear(width, len(SEG_TAGS)) if config.get("seg_corpus") else None
            self.transitions = nn.Parameter(torch.zeros(len(TAGS), len(TAGS)))
            self.start = nn.Parameter(torch.zeros(len(TAGS)))
            self.end = nn.Parameter(torch.zeros(len(TAGS)))
            self.register_buffer("banned", torch.tensor(~allowed_transitions()))
            self.register_buffer("banned_start", torch.tensor(~allowed_starts()))

        def hidden(self, chars, left, right, cues, mask):  # noqa: ANN001, ANN202
            embedded = [self.char_emb(chars)] if self.fixed_emb is None else [self.char_emb(chars), self.fixed_emb(chars)]
            x = torch.cat([*embedded, self.bigram_emb(left), self.bigram_emb(right), cues], dim=2)
            on = mask.unsqueeze(1).float()
            h = self.drop(x).transpose(1, 2) * on
            for i, conv in enumerate(self.convs):
                y = torch.relu(conv(h)) * on  # zero past the sentence, like the padding at run time
                h = y if i == 0 else h + y
            return self.drop(h.transpose(1, 2))

        def emissions(self, chars, left, right, cues, mask):  # noqa: ANN001, ANN202
            return self.out(self.hidden(chars, left, right, cues, mask))

        def seg_loss(self, chars, left, right, cues, mask, tags):  # noqa: ANN001, ANN202
            """Summed cross-entropy of the word-boundary tags (no CRF: the head only shapes the convolutions)."""
            scores = self.seg_out(self.hidden(chars, left, right, cues, mask))
            return torch.nn.functional.cross_entropy(scores[mask], tags[mask], reduction="sum")

        def nll(self, em, tags, mask):  # noqa: ANN001, ANN202
            """Summed negative log-likelihood of the gold tags under the CRF."""
            trans = self.transitions.masked_fill(self.banned, -1e4)
            start = self.start.masked_fill(self.banned_start, -1e4)
            on = mask.float()
            emitted = em.gather(2, tags.unsqueeze(2)).squeeze(2)
            gold = start[tags[:, 0]] + emitted[:, 0]
            gold = gold + ((emitted[:, 1:] + trans[tags[:, :-1], tags[:, 1:]]) * on[:, 1:]).sum(1)
            last = tags.gather(1, (mask.sum(1) - 1).unsqueeze(1)).squeeze(1)
            gold = gold + self.end[last]
            alpha = start + em[:, 0]
            for t in range(1, em.shape[1]):
                step = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0) + em[:, t].unsqueeze(1), dim=1)
                alpha = torch.where(mask[:, t : t + 1], step, alpha)
            return (torch.logsumexp(alpha + self.end, dim=1) - gold).sum()

        def weights(self) -> dict[str, np.ndarray]:
            sd = {k: v.detach().cpu().numpy() for k, v in self.state_dict().items()}
            # The fixed table is stored as more columns of the character table: the numpy network
            # folds both into the first convolution alike.
            char_emb = sd["char_emb.weight"] if fixed is None else np.hstack([sd["char_emb.weight"], fixed])
            weights = {
                "char_emb": char_emb, "bigram_emb": sd["bigram_emb.weight"],
                "out_w": sd["out.weight"].T, "out_b": sd["out.bias"],
                "transitions": sd["transitions"], "start": sd["start"], "end": sd["end"],
            }
            for i in range(len(config["dilations"])):
                weights[f"conv{i}_w"] = sd[f"convs.{i}.weight"].transpose(2, 1, 0)  # (out, in, tap) -> (tap, in, out)
                weights[f"conv{i}_b"] = sd[f"convs.{i}.bias"]
            return weights

        def load_weights(self, weights: dict[str, np.ndarray]) -> None:
            """The inverse of :meth:`weights` (a trained network's arrays, as ``CnnCrf`` stores them)."""
            sd = {"char_emb.weight": weights["char_emb"][:, :config["char_dim"]], "bigram_emb.weight": weights["bigram_emb"],
                  "out.weight": weights["out_w"].T, "out.bias": weights["out_b"],
                  "transitions": weights["transitions"], "start": weights["start"], "end": weights["end"]}
            for i in range(len(config["dilations"])):
                sd[f"convs.{i}.weight"] = weights[f"conv{i}_w"].transpose(2, 1, 0)
                sd[f"convs.{i}.bias"] = weights[f"conv{i}_b"]
            with torch.no_grad():
                for name, value in sd.items():
                    self.get_parameter(name).copy_(torch.from_numpy(np.ascontiguousarray(value, dtype=np.float32)))

    return Net()


def start_rows(vectors, vocab: list[str], dim: int, seed: int) -> tuple[np.ndarray, int]:  # noqa: ANN001
    """An embedding matrix (padding, unknown, then ``vocab``) from ``vectors`` (a mapping from
    items to vectors). Rows without a vector are drawn at random; all rows end up at the
    N(0, 1) scale the network starts from."""
    matrix = np.random.default_rng(seed).normal(0, 1, (len(vocab) + 2, dim)).astype(np.float32)
    matrix[PAD] = 0
    rows = [i for i, item in enumerate(vocab, start=2) if item in vectors]
    found = np.array([vectors[vocab[i - 2]] for i in rows], dtype=np.float32)
    matrix[rows] = found / (found.std() or 1.0)
    return matrix, len(rows)


def pretrained_rows(sequences: list[list[str]], vocab: list[str], dim: int, seed: int) -> tuple[np.ndarray, int]:
    """:func:`start_rows` from skip-gram vectors trained on ``sequences``."""
    from gensim.models import Word2Vec

    w2v = Word2Vec(sequences, vector_size=dim, window=5, min_count=1, sg=1, workers=1, seed=seed, epochs=5)
    return start_rows(w2v.wv, vocab, dim, seed)


def external_rows(path: Path, vocab: list[str], dim: int | None, seed: int) -> tuple[np.ndarray, int]:
    """:func:`start_rows` from a word2vec text file of pretrained vectors (``char_vectors.py``),
    which must be ``dim`` wide when ``dim`` is given."""
    wanted = set(vocab)
    found = {}
    with path.open(encoding="utf-8") as handle:
        _, width = map(int, handle.readline().split())
        if dim is not None and width != dim:
            raise SystemExit(f"{path} holds vectors of {width} dimensions; set char_dim to {width}")
        for line in handle:
            item, _, numbers = line.rstrip("\n").partition(" ")
            if item in wanted:
                found[item] = np.array(numbers.split(), dtype=np.float32)
    return start_rows(found, vocab, width, seed)


def network_vocabularies(start: dict[str, np.ndarray], meta_path: Path) -> dict:
    """What :func:`embeddings` gives, for a run continued from a trained network: its
    vocabularies, and the counts its own run recorded (zero where its ``meta.json`` lacks them)."""
    recorded = {}
    if meta_path.is_file():
        recorded = json.loads(meta_path.read_text(encoding="utf-8")).get("embeddings", {})
    return {"chars": start["vocab_chars"].tolist(), "bigrams": start["vocab_bigrams"].tolist(),
            "unlabelled_chars": recorded.get("unlabelled_chars", 0),
            "found_chars": recorded.get("pretrained_characters", 0),
            "found_bigrams": recorded.get("pretrained_bigrams", 0)}


# Settings the vocabularies and start rows depend on (with the data folder and --limit).
EMBEDDING_KEYS = ("corpora", "char_min_count", "bigram_min_count", "max_bigrams", "char_dim", "bigram_dim", "seed")


def embeddings(data: Path, config: dict, texts: list[str], overlaps_dev: Callable[[str], bool],
               cache: Path | None, limit: int | None) -> dict:
    """Vocabularies and skip-gram start rows of the embeddings (``chars``, ``bigrams``,
    ``char_matrix``, ``bigram_matrix`` and counts), read from ``cache`` when an earlier run
    with the same settings left them there, else built and left there."""
    seed = int(config.get("embedding_seed", config["seed"]))
    settings = {**{key: config[key] for key in EMBEDDING_KEYS}, "seed": seed}
    if config.get("char_vectors"):
        settings["char_vectors"] = hashlib.sha1(Path(config["char_vectors"]).read_bytes()).hexdigest()
    path = cache_path(cache, "embeddings", [settings, limit], ".npz")
    if path is not None and path.is_file():
        logger.info("embeddings from %s", path)
        with np.load(path) as npz:
            found = {name: npz[name] for name in npz.files}
        return {**found, "chars": found["chars"].tolist(), "bigrams": found["bigrams"].tolist(),
                **{k: int(found[k]) for k in ("unlabelled_chars", "found_chars", "found_bigrams")}}

    try:
        import gensim  # noqa: F401
    except ImportError:
        raise SystemExit("gensim is missing: the skip-gram vectors need the train extra (pip install '.[train]'), "
                         "or --cache with the vectors of an earlier run") from None
    others = [normalise(s.text) for name in CORPORA if name not in config["corpora"]
              for s in read_corpus(data, name)]
    raw = raw_texts(data, texts, others, overlaps_dev)
    char_counts = Counter(ch for text in raw for ch in text)
    chars = sorted(ch for ch, n in char_counts.items() if n >= config["char_min_count"])
    bigram_counts = Counter(gram for text in raw for gram in bigrams_of(text))
    frequent = sorted(bigram_counts.items(), key=lambda kv: (-kv[1], kv[0]))[: config["max_bigrams"]]
    bigrams = sorted(gram for gram, n in frequent if n >= config["bigram_min_count"])
    if config.get("char_vectors"):
        char_matrix, found_chars = external_rows(Path(config["char_vectors"]), chars, config["char_dim"], seed)
    else:
        char_matrix, found_chars = pretrained_rows([list(t) for t in raw], chars, config["char_dim"], seed)
    bigram_matrix, found_bigrams = pretrained_rows([bigrams_of(t) for t in raw], bigrams, config["bigram_dim"], seed)
    emb = {"chars": chars, "bigrams": bigrams, "char_matrix": char_matrix, "bigram_matrix": bigram_matrix,
           "unlabelled_chars": sum(map(len, raw)), "found_chars": found_chars, "found_bigrams": found_bigrams}
    if path is not None:
        with atomic_open(path, "wb", encoding=None) as handle:
            np.savez(handle, **{k: np.asarray(v) for k, v in emb.items()})
    return emb


def collate(group: list[tuple[np.ndarray, ...]], unk_rate: float, rng: np.random.Generator):  # noqa: ANN201
    import torch

    size, steps = len(group), max(len(item[0]) for item in group)
    chars, left, right, tags = (np.zeros((size, steps), np.int64) for _ in range(4))
    cues = np.zeros((size, steps, len(CUES)), np.float32)
    mask = np.zeros((size, steps), bool)
    for row, (c, lb, rb, q, t) in enumerate(group):
        n = len(c)
        chars[row, :n], left[row, :n], right[row, :n], cues[row, :n], tags[row, :n] = c, lb, rb, q, t
        mask[row, :n] = True
    if unk_rate:
        chars[(rng.random(chars.shape) < unk_rate) & mask] = UNK
    arrays = (chars, left, right, cues, mask.sum(1), tags, mask)
    return tuple(torch.from_numpy(a) for a in arrays)


def batches(items: list, size: int, rng: random.Random) -> Iterator[list]:
    """Batches of similar length (little padding), in random order."""
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    groups = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(groups)
    for group in groups:
        yield [items[i] for i in group]


def mixed_batches(ner: list[list], extras: list[tuple[list, float, str, random.Random]],
                  batch_size: int) -> list[tuple[list, str]]:
    """The epoch's NER batches, with batches of a random share of each extra task's pieces
    (``(items, share, task, rng)``: segmentation, machine-tagged text) mixed in at random places."""
    tasks = [(group, "ner") for group in ner]
    for items, share, task, rng in extras:
        chosen = rng.sample(items, int(len(items) * share))
        tasks += [(group, task) for group in batches(chosen, batch_size, rng)]
        rng.shuffle(tasks)
    return tasks


# -- main ---------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=HERE, help="where the model files go")
    parser.add_argument("--config", type=Path, default=HERE / "config.json")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N training sentences")
    parser.add_argument("--threads", type=int, default=2, help="torch threads (part of what makes a run repeatable)")
    parser.add_argument("--device", default="cpu", help="torch device, e.g. cuda (runs there repeat only up to "
                        "the GPU's floating-point order)")
    parser.add_argument("--init", type=Path, default=None, help="start from the network in this model folder "
                        "(its vocabularies and embeddings) instead of skip-gram vectors: continues a run")
    parser.add_argument("--first-epoch", type=int, default=1, help="with --init: the epoch to continue from "
                        "(the learning-rate schedule and the epochs averaged count from it)")
    parser.add_argument("--cache", type=Path, default=None, help="keep the dictionary and skip-gram vectors here "
                        "and reuse them in later runs with the same data settings (saves about 9 minutes)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("gensim").setLevel(logging.WARNING)
    try:
        import torch
    except ImportError as err:
        parser.error(f"{err.name} is missing: training needs the train extra (pip install '.[train]')")
    if args.device.startswith("cuda"):
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # cuBLAS's repeatable mode

    config = json.loads(args.config.read_text(encoding="utf-8"))
    for key in ("epochs", "seed"):
        if getattr(args, key) is not None:
            config[key] = getattr(args, key)
    if config.get("pseudo_corpus") and not Path(config["pseudo_corpus"]).is_file():
        parser.error(f"pseudo_corpus {config['pseudo_corpus']} not found (relative to the current folder): write it "
                     "with models/ner/label.py first (models/README.md gives the steps)")
    seed = int(config["seed"])
    torch.manual_seed(seed)
    torch.set_num_threads(args.threads)
    # CUDA lacks a repeatable kernel for a few of the backward steps; it warns rather than stops.
    torch.use_deterministic_algorithms(True, warn_only=args.device != "cpu")
    rng, shuffle_rng = np.random.default_rng(seed), random.Random(seed)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    sentences = [s for name in config["corpora"] for s in read_corpus(args.data, name)]
    if args.limit:
        sentences = sentences[: args.limit]
    dev = list(read_tagged(args.data / DEV))
    base = base_lexicon(HERE / "surnames.txt", args.cache)
    lexicon = with_entities(base, entity_entries(sentences))
    lexicon.to_file(args.out / LEXICON_FILE)
    logger.info("lexicon: %d entries (%d external), %d surnames", len(lexicon), len(base), len(lexicon.surnames))

    texts = [normalise(s.text) for s in sentences]
    overlaps_dev = dev_overlap(dev)
    start = None
    if args.init:
        # The network brings its vocabularies and trained embeddings: no skip-gram vectors needed.
        start, _ = read_network(args.init / MODEL_FILE)
        emb = network_vocabularies(start, args.init / META_FILE)
    else:
        emb = embeddings(args.data, config, texts, overlaps_dev, args.cache, args.limit)
    chars, bigrams = emb["chars"], emb["bigrams"]
    char_ids, bigram_ids = Vocabulary(chars), Vocabulary(bigrams)
    logger.info("vocabulary: %d characters, %d bigrams; pretrained rows: %d characters, %d bigrams",
                len(chars), len(bigrams), emb["found_chars"], emb["found_bigrams"])

    items = []
    folds = int(config["entity_folds"])
    for fold in range(folds):
        # Contiguous folds: neighbouring pieces come from the same article and share its names.
        lo, hi = fold * len(sentences) // folds, (fold + 1) * len(sentences) // folds
        fold_lexicon = with_entities(base, entity_entries(sentences[:lo] + sentences[hi:]))
        for sentence, text in zip(sentences[lo:hi], texts[lo:hi]):
            items.append((*encode(text, fold_lexicon, char_ids, bigram_ids), tag_ids(sentence)))
    logger.info("encoded %d sentences, %d characters", len(items), sum(map(len, texts)))
    extras = []  # (items, share per epoch, task, rng) mixed into each epoch
    if config.get("seg_corpus"):
        seg_items = [(*encode(text, lexicon, char_ids, bigram_ids), tags)
                     for text, tags in seg_pieces(args.data / config["seg_corpus"], overlaps_dev)]
        logger.info("segmentation task: %d pieces, %d characters", len(seg_items), sum(len(i[0]) for i in seg_items))
        extras.append((seg_items, config["seg_share"], "seg", random.Random(seed + 1)))
    pseudo_chars = 0
    if config.get("pseudo_corpus"):
        # Machine-tagged text (label.py), encoded with the full lexicon as new text is at run time.
        pseudo_items = [(*encode(normalise(sentence.text), lexicon, char_ids, bigram_ids), tag_ids(sentence))
                        for sentence in read_tagged(Path(config["pseudo_corpus"]))]
        pseudo_chars = sum(len(i[0]) for i in pseudo_items)
        logger.info("machine-tagged text: %d pieces, %d characters", len(pseudo_items), pseudo_chars)
        extras.append((pseudo_items, config.get("pseudo_share", 1.0), "pseudo", random.Random(seed + 2)))

    device = torch.device(args.device)
    fixed = None
    if config.get("fixed_char_vectors"):
        fixed, found = external_rows(Path(config["fixed_char_vectors"]), chars, None, seed)
        logger.info("fixed character vectors: %d of %d characters, %d dimensions", found, len(chars), fixed.shape[1])
    net = build_net(len(chars) + 2, len(bigrams) + 2, config, fixed)
    if start is not None:
        net.load_weights(start)
        logger.info("continuing from %s at epoch %d", args.init, args.first_epoch)
    else:
        with torch.no_grad():
            net.char_emb.weight.copy_(torch.from_numpy(emb["char_matrix"]))
            net.bigram_emb.weight.copy_(torch.from_numpy(emb["bigram_matrix"]))
    net.to(device)

    sample = sample_texts(args.data)  # the text on which the 8-bit graph's input ranges are measured

    def save_and_score(weights: dict[str, np.ndarray]) -> dict:
        """Write the model files and score them on dev the way they run once installed."""
        CnnCrf.save(args.out / MODEL_FILE, weights, config["dilations"], chars, bigrams, sample=sample, lexicon=lexicon)
        return evaluate_bio(args.data / DEV, model_tagger(args.out))

    def learning_rate(epoch: int) -> float:
        return config["lr"] / (1 + config["lr_decay"] * (epoch - 1))

    # With --init, the rate an uninterrupted run would have at --first-epoch (Adam's moments start afresh).
    optimizer = torch.optim.Adam(net.parameters(), lr=learning_rate(args.first_epoch))
    history: list[dict] = []
    averaged: list[dict[str, np.ndarray]] = []
    (args.out / META_FILE).write_text(json.dumps({"config": config}) + "\n", encoding="utf-8")  # until the end
    for epoch in range(args.first_epoch, config["epochs"] + 1):
        net.train()
        epoch_started = time.perf_counter()
        total = 0.0
        for group, task in mixed_batches(list(batches(items, config["batch_size"], shuffle_rng)),
                                         extras, config["batch_size"]):
            tensors = (t.to(device) for t in collate(group, config["unk_rate"], rng))
            chars_t, left, right, cues, lengths, tags, mask = tensors
            if task == "seg":
                loss = config["seg_weight"] * net.seg_loss(chars_t, left, right, cues, mask, tags) / len(group)
            else:
                emissions = net.emissions(chars_t, left, right, cues, mask)
                loss = net.nll(emissions, tags, mask) / len(group)
                if config.get("emission_penalty"):
                    loss = loss + config["emission_penalty"] * emissions[mask].pow(2).mean(1).sum() / len(group)
                if task == "pseudo":
                    loss = config.get("pseudo_weight", 1.0) * loss
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), config["clip"])
            optimizer.step()
            if task == "ner":  # the logged loss is the NER task's alone
                total += loss.item() * len(group)
        for param_group in optimizer.param_groups:
            param_group["lr"] = learning_rate(epoch + 1)
        net.eval()
        weights = net.weights()
        if epoch > config["epochs"] - config["average_last"]:
            averaged.append(CnnCrf.stored(weights, len(config["dilations"])))
        result = save_and_score(weights)
        history.append({"epoch": epoch, "loss": round(total, 1), "seconds": round(time.perf_counter() - epoch_started),
                        "dev_f1": round(result["micro"]["f"], 4)})
        logger.info("epoch %d: loss %.1f, %d s, dev F1 %.4f", epoch, total, history[-1]["seconds"],
                    result["micro"]["f"])

    # The shipped weights: the mean of the last epochs' weights as stored, steadier than any one epoch.
    result = save_and_score({name: np.mean([w[name].astype(np.float32) for w in averaged], axis=0)
                             for name in averaged[0]})
    logger.info("mean of the last %d epochs: dev F1 %.4f", len(averaged), result["micro"]["f"])

    seconds = round(time.perf_counter() - started)
    meta = {
        "model": "character CNN-CRF (dilated convolutions, residual), BIO tags; trained with PyTorch, run with onnxruntime in 8 bits (numpy for the CRF)",
        "labels": ["PERSON", "PLACE", "ORG"],
        "config": config,
        "training": {"sentences": len(sentences), "chars": sum(map(len, texts)),
                     "machine_tagged_chars": pseudo_chars, "seconds": seconds, "device": args.device,
                     "threads": args.threads, "peak_rss_mb": _peak_rss_mb(), "epochs": history,
                     **({"continued_from": {"model": str(args.init), "first_epoch": args.first_epoch}}
                        if args.init else {})},
        "embeddings": {"unlabelled_chars": emb["unlabelled_chars"], "characters": len(chars), "bigrams": len(bigrams),
                       "pretrained_characters": emb["found_chars"], "pretrained_bigrams": emb["found_bigrams"],
                       "sources": ["labelled sets' text", *RAW_TEXTS]},
        "lexicon": {"entries": len(lexicon), "external_entries": len(base), "surnames": len(lexicon.surnames),
                    "source": "jieba dict.txt (nr/nrt/nrfg, ns, nt, nz, all words) + surnames.txt + suffix lists"
                              f" + training entities (eper/eloc/eorg, {folds}-fold jackknifed in training)"},
        "dev": {DEV: scores_record(result)},
        "size_bytes": {name: (args.out / name).stat().st_size for name in (MODEL_FILE, LEXICON_FILE)},
    }
    (args.out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta["dev"], indent=2))
    return 0


def _peak_rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


if __name__ == "__main__":
    sys.exit(main())
