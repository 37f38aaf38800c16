"""Fine-tune a pretrained Chinese encoder on the MSRA gold data and tag the unlabelled news with
it, for the shipped network to learn from (``train.py``'s ``pseudo_corpus``).

    python models/ner/teacher.py --encoder DIR --out build/ner/teacher
        [--data ../shared/data] [--texts PIECES] [--epochs 4] [--device cuda] [--fp32]

``DIR`` is a BERT-family encoder in Hugging Face's layout (``config.json``, the weights,
``vocab.txt`` or ``tokenizer.json``) whose vocabulary holds Chinese characters one token each,
so each character of a piece is one token and the tags need no alignment. The encoder is a
teacher only: it never ships, and the network that does runs on numpy (``models/README.md``).

Writes ``pseudo.bio`` (the tagged pieces, as ``label.py`` does), ``teacher.json`` (settings,
dev score per epoch, times) and the tag log probabilities of the pieces and of MSRA dev
(``scores.npz``, ``dev-scores.npz``; ``label.py --teacher-scores`` reads them) to ``--out``. The pieces are those of ``label.py`` (its sources, cut
and normalised the same way, dev overlap left out); ``--texts`` reads them from a file, one per
line, instead. The tags of the epoch that scores best on MSRA dev are the ones written.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import math
import random
import sys
import time
from pathlib import Path

import numpy as np

from newsnlp.evaluate.bio import read_tagged
from newsnlp.features import normalise
from newsnlp.io.files import atomic_open
from newsnlp.network import TAGS

logger = logging.getLogger("teacher_ner")

HERE = Path(__file__).resolve().parent
TAG_INDEX = {tag: i for i, tag in enumerate(TAGS)}
SPACE_TOKEN = "[unused1]"  # BERT vocabularies have no token for a space inside a piece


def _module(name: str):  # noqa: ANN202 - a script beside this one, for its data helpers
    spec = importlib.util.spec_from_file_location(f"{name}_ner", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_vocab(encoder: Path) -> dict[str, int]:
    if (encoder / "vocab.txt").is_file():
        words = (encoder / "vocab.txt").read_text(encoding="utf-8").split("\n")
        return {w: i for i, w in enumerate(words) if w}
    model = json.loads((encoder / "tokenizer.json").read_text(encoding="utf-8"))["model"]
    return dict(model["vocab"])


def token_ids(text: str, vocab: dict[str, int]) -> list[int]:
    """One token per character: the character, lower-cased (the vocabularies are), or [UNK]."""
    unk = vocab["[UNK]"]
    return [vocab[SPACE_TOKEN] if ch.isspace() else vocab.get(ch, vocab.get(ch.lower(), unk)) for ch in text]


def allowed_transitions() -> np.ndarray:
    """(from, to) of the BIO tags: I-X only after B-X or I-X."""
    allowed = np.ones((len(TAGS), len(TAGS)), bool)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            allowed[:, j] = [t[2:] == tag[2:] for t in TAGS]
    return allowed


def decode(log_probs: np.ndarray, allowed: np.ndarray) -> list[int]:
    """The best BIO-valid tag path of one piece (Viterbi over the per-character log probabilities)."""
    banned = np.where(allowed, 0.0, -np.inf)
    start = np.array([-np.inf if t.startswith("I-") else 0.0 for t in TAGS])
    score = start + log_probs[0]
    back = []
    for row in log_probs[1:]:
        total = score[:, None] + banned
        back.append(total.argmax(0))
        score = total.max(0) + row
    path = [int(score.argmax())]
    for pointers in reversed(back):
        path.append(int(pointers[path[-1]]))
    return path[::-1]


def spans(tags: list[int]) -> set[tuple[int, int, str]]:
    out, start = set(), None
    for i, tag in enumerate([*map(TAGS.__getitem__, tags), "O"]):
        if start is not None and not tag.startswith("I-"):
            out.add((start, i, TAGS[tags[start]][2:]))
            start = None
        if tag.startswith("B-"):
            start = i
    return out


class Teacher:
    """The encoder with a linear layer to the BIO tags."""

    def __init__(self, encoder: Path, device: str, bf16: bool = True) -> None:
        import torch
        from transformers import AutoModel

        self.torch = torch
        self.device = torch.device(device)
        self.bf16 = bf16
        self.encoder = AutoModel.from_pretrained(encoder, dtype=torch.float32, add_pooling_layer=False)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(TAGS))
        self.dropout = torch.nn.Dropout(self.encoder.config.hidden_dropout_prob)
        self.encoder.to(self.device)
        self.head.to(self.device)

    def parameters(self) -> list:
        return [*self.encoder.parameters(), *self.head.parameters()]

    def train(self, on: bool) -> None:
        self.encoder.train(on)
        self.dropout.train(on)

    def logits(self, ids: list[list[int]], cls: int, sep: int):  # noqa: ANN201
        torch = self.torch
        width = max(map(len, ids)) + 2
        batch = np.zeros((len(ids), width), np.int64)
        for row, piece in enumerate(ids):
            batch[row, : len(piece) + 2] = [cls, *piece, sep]
        batch = torch.from_numpy(batch).to(self.device)
        mask = (batch != 0).long()
        with torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=self.bf16):
            hidden = self.encoder(input_ids=batch, attention_mask=mask).last_hidden_state
            return self.head(self.dropout(hidden[:, 1:-1])).float()

    def tag(self, ids: list[list[int]], cls: int, sep: int,
            batch_size: int) -> tuple[list[list[int]], list[np.ndarray]]:
        """Each piece's best BIO path, and its (length, 7) tag log probabilities."""
        torch, allowed = self.torch, allowed_transitions()
        self.train(False)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out: list[list[int] | None] = [None] * len(ids)
        kept: list[np.ndarray | None] = [None] * len(ids)
        with torch.no_grad():
            for first in range(0, len(order), batch_size):
                group = order[first : first + batch_size]
                log_probs = torch.log_softmax(self.logits([ids[i] for i in group], cls, sep), -1).cpu().numpy()
                for row, i in enumerate(group):
                    out[i] = decode(log_probs[row, : len(ids[i])], allowed) if ids[i] else []
                    kept[i] = log_probs[row, : len(ids[i])].astype(np.float16)
        return out, kept


def save_scores(path: Path, scores: list[np.ndarray]) -> None:
    """Pieces' tag log probabilities, concatenated, with each piece's length (for ``label.py --teacher-scores``)."""
    with atomic_open(path, "wb") as handle:
        np.savez(handle, scores=np.concatenate(scores) if scores else np.zeros((0, len(TAGS)), np.float16),
                 lengths=np.array([len(s) for s in scores], np.int64))


def score(gold: list[set], found: list[list[int]]) -> dict:
    tp = sum(len(g & spans(f)) for g, f in zip(gold, found))
    n_found, n_gold = sum(len(spans(f)) for f in found), sum(map(len, gold))
    p, r = tp / max(n_found, 1), tp / max(n_gold, 1)
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / max(p + r, 1e-9), 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--encoder", type=Path, required=True, help="pretrained encoder folder (Hugging Face layout)")
    parser.add_argument("--out", type=Path, required=True, help="folder for pseudo.bio and teacher.json")
    parser.add_argument("--data", type=Path, default=HERE.parents[1].parent / "shared" / "data")
    parser.add_argument("--texts", type=Path, default=None, help="the pieces to tag, one per line "
                        "(default: label.py's pieces of the unlabelled sources)")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=2, help="torch threads on the CPU")
    parser.add_argument("--fp32", action="store_true", help="compute in float32 throughout (default: bfloat16 "
                        "matrix products, about twice as fast on CPUs with AVX-512 BF16 or AMX and on GPUs)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N training pieces")
    parser.add_argument("--max-seconds", type=float, default=None,
                        help="start no epoch that would, at the pace so far, end after this many seconds")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    try:
        import torch
    except ImportError as err:
        parser.error(f"{err.name} is missing: training needs the train extra (pip install '.[train]')")
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    started = time.perf_counter()

    train_module = _module("train")
    train = list(read_tagged(args.data / "msra_ner" / "train.bio"))[: args.limit]
    dev = list(read_tagged(args.data / train_module.DEV))
    if args.texts:
        texts = [line for line in args.texts.read_text(encoding="utf-8").split("\n") if line]
    else:
        texts, _ = _module("label").pieces(args.data, train_module.dev_overlap(dev))
    vocab = read_vocab(args.encoder)
    cls, sep = vocab["[CLS]"], vocab["[SEP]"]
    items = [(token_ids(normalise(s.text), vocab), [TAG_INDEX[t] for t in train_module.bio_tags(s)]) for s in train]
    dev_ids = [token_ids(normalise(s.text), vocab) for s in dev]
    dev_gold = [set(s.spans) for s in dev]
    logger.info("%d training pieces, %d dev pieces, %d pieces to tag", len(items), len(dev), len(texts))

    model = Teacher(args.encoder, args.device, bf16=not args.fp32)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(len(items) / args.batch_size)
    warmup = steps // 10
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min((step + 1) / max(warmup, 1), max(0.0, (steps - step) / max(steps - warmup, 1))))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    log, best, best_state = [], None, None
    for epoch in range(1, args.epochs + 1):
        elapsed = time.perf_counter() - started
        if args.max_seconds and log and elapsed + log[-1]["epoch_seconds"] > args.max_seconds:
            logger.info("stopping before epoch %d: the time limit", epoch)
            break
        model.train(True)
        epoch_started = time.perf_counter()
        # Pieces of similar length batched together, the batches in random order.
        order = sorted(range(len(items)), key=lambda i: (len(items[i][0]), random.random()))
        groups = [order[i : i + args.batch_size] for i in range(0, len(order), args.batch_size)]
        random.shuffle(groups)
        total = 0.0
        for group in groups:
            logits = model.logits([items[i][0] for i in group], cls, sep)
            target = np.full(logits.shape[:2], -100, np.int64)
            for row, i in enumerate(group):
                target[row, : len(items[i][1])] = items[i][1]
            loss = loss_fn(logits.reshape(-1, len(TAGS)), torch.from_numpy(target).to(logits.device).reshape(-1))
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            total += loss.detach()
        dev_score = score(dev_gold, model.tag(dev_ids, cls, sep, 256)[0])
        log.append({"epoch": epoch, "loss": round(float(total) / len(groups), 4), **dev_score,
                    "epoch_seconds": round(time.perf_counter() - epoch_started),
                    "seconds": round(time.perf_counter() - started)})
        logger.info("epoch %d: %s", epoch, log[-1])
        if best is None or dev_score["f1"] > best["f1"]:
            best = log[-1]
            best_state = [p.detach().clone() for p in model.parameters()]
    with torch.no_grad():
        for param, kept in zip(model.parameters(), best_state):
            param.copy_(kept)

    args.out.mkdir(parents=True, exist_ok=True)
    save_scores(args.out / "dev-scores.npz", model.tag(dev_ids, cls, sep, 256)[1])  # the epoch kept, not the last
    tags, kept = model.tag([token_ids(t, vocab) for t in texts], cls, sep, 256)
    save_scores(args.out / "scores.npz", kept)
    mentions = 0
    with atomic_open(args.out / "pseudo.bio") as handle:  # never a half-written file under the real name
        for text, piece_tags in zip(texts, tags):
            mentions += len(spans(piece_tags))
            handle.write("".join(f"{ch}\t{TAGS[t]}\n" for ch, t in zip(text, piece_tags)) + "\n")
    settings = ("epochs", "lr", "batch_size", "seed", "limit", "max_seconds", "fp32")
    report = {"encoder": str(args.encoder), "settings": {k: getattr(args, k) for k in settings},
              "epochs": log, "kept_epoch": best["epoch"], "pieces": len(texts),
              "characters": sum(map(len, texts)), "mentions": mentions,
              "seconds": round(time.perf_counter() - started)}
    with atomic_open(args.out / "teacher.json") as handle:
        json.dump(report, handle, indent=1)
    logger.info("wrote %s: %d pieces, %d mentions, %.0f s", args.out / "pseudo.bio", len(texts), mentions,
                time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
