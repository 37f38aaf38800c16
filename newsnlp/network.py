"""The dilated-convolution CRF behind ``newsnlp_ner``, run with numpy.

The network is trained with PyTorch by ``models/ner/train.py`` and saved as plain
arrays (``ner.npz``); this module runs it with numpy only, so the installed
package needs no deep-learning framework.

Input of character ``i`` of the normalised text (see :func:`newsnlp.features.normalise`):

- the character's embedding (rare characters share an unknown-character row);
- the embeddings of the bigrams ``text[i-1:i+1]`` and ``text[i:i+2]``;
- a 0/1 vector of dictionary and character-class cues: the lexicon matches of
  :func:`newsnlp.features.cue_matrix` (begin/middle/end of a person, place,
  organisation or proper-noun entry, suffixes, word lengths, surnames) and the
  character's class.

A stack of width-3 convolutions with growing dilation (1, 2, 4, 8: each
character sees 15 characters either side), ReLU and residual connections, reads
the sentence; a linear layer gives BIO tag scores; a CRF transition matrix and
Viterbi decoding (restricted to valid BIO sequences) give the tags. Convolutions
have no step-by-step loop, so a whole batch of sentences is a few matrix
products: that is why this architecture was chosen over a BiLSTM of the same
accuracy (``models/README.md``).
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import numpy as np

from .features import CUES, Joined, Lexicon, join_texts, joined_cues
from .io.files import atomic_open

LABELS: tuple[str, ...] = ("PERSON", "PLACE", "ORG")
TAGS: tuple[str, ...] = ("O", *(f"{p}-{label}" for label in LABELS for p in "BI"))

PAD, UNK = 0, 1


def input_ids(joined: Joined, chars: dict[str, int], bigrams: dict[str, int],
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(char ids, left-bigram ids, right-bigram ids) of the characters of normalised texts laid end
    to end (:func:`newsnlp.features.join_texts`); the bigrams of a text's first and last characters
    reach past its edges (BOS, EOS)."""
    at = joined.chars
    char_ids = np.fromiter(map(chars.get, joined.text, repeat(UNK)), np.intp, len(joined.text))
    grams = np.fromiter(map(bigrams.get, joined.pairs, repeat(UNK)), np.intp, len(joined.pairs))
    return char_ids[at], grams[at - 1], grams[at]


def encode(
    text: str, lexicon: Lexicon, chars: dict[str, int], bigrams: dict[str, int],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(char ids, left-bigram ids, right-bigram ids, cue matrix) of normalised ``text``: one
    sentence as training reads it (tagging packs a batch the same way, :meth:`CnnCrf.pack`)."""
    joined = join_texts([text])
    char_ids, left, right = (ids.astype(np.int32) for ids in input_ids(joined, chars, bigrams))
    return char_ids, left, right, joined_cues(joined, lexicon)


def allowed_transitions() -> np.ndarray:
    """(from, to) mask of BIO transitions: I-X only after B-X or I-X."""
    n = len(TAGS)
    ok = np.ones((n, n), dtype=bool)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            for i, prev in enumerate(TAGS):
                ok[i, j] = prev[2:] == tag[2:]
    return ok


def allowed_starts() -> np.ndarray:
    return np.array([not tag.startswith("I-") for tag in TAGS])


@dataclass
class Packed:
    """A batch of sentences as the network reads it: their characters end to end."""

    char_ids: np.ndarray  # (characters,)
    inputs: np.ndarray  # (characters, 2 x bigram dim + cues): bigram embeddings and cues
    lengths: np.ndarray  # (sentences,)


WEIGHT_NAMES: tuple[str, ...] = ("char_emb", "bigram_emb", "out_w", "out_b", "transitions", "start", "end")


class CnnCrf:
    """The network's arrays and its forward pass.

    ``weights``: the arrays of :data:`WEIGHT_NAMES` plus, per layer ``i``,
    ``conv{i}_w`` (3 taps, in, out) and ``conv{i}_b``; ``dilations`` gives each
    layer's dilation. Tap 0 reads character ``t - d``, tap 1 ``t``, tap 2 ``t + d``.
    """

    def __init__(self, weights: dict[str, np.ndarray], dilations: Sequence[int],
                 chars: Sequence[str], bigrams: Sequence[str]) -> None:
        def f32(name: str) -> np.ndarray:
            return np.asarray(weights[name], dtype=np.float32)

        self.dilations = [int(d) for d in dilations]
        self.conv_b = [f32(f"conv{i}_b") for i in range(len(self.dilations))]
        # Each layer's three taps side by side, (in, 3 x out): one matrix product per layer.
        conv_w = [np.concatenate(list(f32(f"conv{i}_w")), axis=1) for i in range(len(self.dilations))]
        char_dim = weights["char_emb"].shape[1]
        # The character part of the first layer is looked up per character, not multiplied;
        # the first layer's bias goes into the middle tap's third of the table.
        self.char_table = f32("char_emb") @ conv_w[0][:char_dim]
        width = self.conv_b[0].shape[0]
        self.char_table[:, width : 2 * width] += self.conv_b[0]
        conv_w[0] = conv_w[0][char_dim:]  # bigrams and cues
        self.conv_w = [np.ascontiguousarray(w) for w in conv_w]
        self.bigram_emb = np.asarray(weights["bigram_emb"], dtype=np.float16)  # as stored; rows widen on use
        self.out_w = f32("out_w")
        self.out_b = f32("out_b")
        banned = np.float32(-1e4)
        self.transitions = np.where(allowed_transitions(), f32("transitions"), banned)
        self.start = np.where(allowed_starts(), f32("start"), banned)
        self.end = f32("end")
        # Index 0 and 1 are padding and unknown: the vocabularies start at 2.
        self.chars = {ch: i for i, ch in enumerate(chars, start=2)}
        self.bigrams = {gram: i for i, gram in enumerate(bigrams, start=2)}

    # Serialisation: one .npz with the arrays, the dilations and the two vocabularies.
    @staticmethod
    def stored(weights: dict[str, np.ndarray], n_layers: int) -> dict[str, np.ndarray]:
        """The arrays as :meth:`save` writes them: float32, embeddings float16 (half the file,
        an error far below the model's)."""
        names = [*WEIGHT_NAMES, *(f"conv{i}_{p}" for i in range(n_layers) for p in "wb")]
        missing = sorted(set(names) - set(weights))
        if missing:
            raise ValueError(f"network weights lack {missing}")
        # Copies: the caller's arrays may be views of weights that keep changing (training).
        arrays = {name: np.array(weights[name], dtype=np.float32) for name in names}
        for name in ("char_emb", "bigram_emb"):
            arrays[name] = arrays[name].astype(np.float16)
        return arrays

    @staticmethod
    def save(path: str | Path, weights: dict[str, np.ndarray], dilations: Sequence[int],
             chars: Sequence[str], bigrams: Sequence[str]) -> None:
        """Write a network (arrays as :meth:`stored`); an interrupted write leaves any earlier file whole."""
        with atomic_open(path, "wb", encoding=None) as handle:
            np.savez_compressed(
                handle, dilations=np.asarray(dilations, dtype=np.int64),
                vocab_chars=np.array(list(chars)), vocab_bigrams=np.array(list(bigrams)),
                **CnnCrf.stored(weights, len(dilations)),
            )

    @classmethod
    def from_bytes(cls, data: bytes) -> CnnCrf:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        return cls(arrays, arrays.pop("dilations").tolist(),
                   arrays.pop("vocab_chars").tolist(), arrays.pop("vocab_bigrams").tolist())

    @classmethod
    def from_file(cls, path: str | Path) -> CnnCrf:
        return cls.from_bytes(Path(path).read_bytes())

    def encode(self, text: str, lexicon: Lexicon) -> tuple[np.ndarray, ...]:
        return encode(text, lexicon, self.chars, self.bigrams)

    def pack(self, texts: Sequence[str], lexicon: Lexicon) -> Packed:
        """The network's input for a batch of (normalised, non-empty) texts: :func:`encode` of
        each, laid end to end, built in one piece rather than text by text (a batch's small
        arrays and per-character loops cost more than its arithmetic)."""
        joined = join_texts(texts)
        char_ids, left, right = input_ids(joined, self.chars, self.bigrams)
        bigram_dim = self.bigram_emb.shape[1]
        inputs = np.empty((len(char_ids), 2 * bigram_dim + len(CUES)), dtype=np.float32)
        inputs[:, :bigram_dim] = self.bigram_emb[left]
        inputs[:, bigram_dim : 2 * bigram_dim] = self.bigram_emb[right]
        inputs[:, 2 * bigram_dim :] = joined_cues(joined, lexicon)
        return Packed(char_ids, inputs, joined.lengths)

    def emissions(self, packed: Packed) -> tuple[np.ndarray, np.ndarray]:
        """Tag scores (B, T, K) of a packed batch of sentences, and their lengths.

        The sentences sit end to end with nothing between them. A tap that would read
        across a sentence's edge is zeroed at its source (the left tap of a sentence's
        last ``d`` characters, the right tap of its first ``d``) before it is added,
        which is exactly the zero padding each sentence had in training.
        """
        char_ids, lengths = packed.char_ids, packed.lengths
        where = np.arange(len(char_ids)) - np.repeat(np.cumsum(lengths) - lengths, lengths)  # index in sentence
        left_to = np.repeat(lengths, lengths) - where  # characters from here to the sentence's end
        width = self.char_table.shape[1] // 3
        h = None
        for layer, (w, b, d) in enumerate(zip(self.conv_w, self.conv_b, self.dilations)):
            if layer == 0:
                taps = self.char_table[char_ids]
                taps += packed.inputs @ w
            else:
                taps = h @ w
            taps[left_to <= d, :width] = 0.0  # would reach the next sentence
            taps[where < d, 2 * width :] = 0.0  # would reach the previous one
            # y[t] = tap0 . x[t - d] + tap1 . x[t] + tap2 . x[t + d]
            y = taps[:, width : 2 * width]
            y[d:] += taps[:-d, :width]
            y[:-d] += taps[d:, 2 * width :]
            if layer:
                y += b
            np.maximum(y, 0.0, out=y)
            if layer == 0:
                h = y
            else:
                h += y  # residual after the first layer
        emitted = h @ self.out_w + self.out_b
        scores = np.zeros((len(lengths), int(lengths.max()), emitted.shape[1]), dtype=np.float32)
        offset = 0
        for b, n in enumerate(lengths):
            scores[b, :n] = emitted[offset : offset + n]
            offset += n
        return scores, lengths

    # Viterbi and forward-backward step through a batch's characters one position at a time,
    # all sentences at once, so a step costs its numpy calls more than its arithmetic (7 tags).
    # The arrays are laid out step-major with the sentences last, (T, K, B): a step reads and
    # writes contiguous blocks, and sums or maxima over tags run over rows of B values.

    def viterbi(self, scores: np.ndarray, lengths: np.ndarray) -> list[list[int]]:
        """Best valid tag sequence of each sentence."""
        batch, steps, n_tags = scores.shape
        emit = np.ascontiguousarray(scores.transpose(1, 2, 0))
        best = np.empty_like(emit)  # best score of a path ending in tag k at step t
        candidates = np.empty((n_tags, n_tags, batch), dtype=emit.dtype)  # (from, to, B)
        transitions = self.transitions[:, :, None]
        np.add(self.start[:, None], emit[0], out=best[0])
        for t in range(1, steps):
            np.add(best[t - 1][:, None, :], transitions, out=candidates)
            np.max(candidates, axis=0, out=best[t])
            best[t] += emit[t]
        last = lengths - 1
        final = (best[last, :, np.arange(batch)] + self.end).argmax(axis=1)
        path = np.empty((steps, batch), dtype=np.intp)
        ends = set(last.tolist())
        tag = final
        for t in range(steps - 1, -1, -1):
            if t in ends:
                tag = np.where(last == t, final, tag)  # a sentence's trace starts at its own last step
            path[t] = tag
            if t:
                # The best previous tag, found for the tag taken only (an argmax at every step
                # of the forward pass costs more than the rest of it): the same sums, the same choice.
                tag = (best[t - 1] + self.transitions[:, tag]).argmax(axis=0)
        return [row[:n] for row, n in zip(path.T.tolist(), lengths.tolist())]

    def marginals(self, scores: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """P(tag of character t = k | sentence), (B, T, K), by scaled forward-backward.

        Each step's vector is renormalised, so exponentials never overflow; the
        scale factors cancel when alpha * beta is normalised per position.
        """
        batch, steps, n_tags = scores.shape
        emit = np.exp(scores - scores.max(axis=2, keepdims=True)).astype(np.float64).transpose(1, 2, 0).copy()
        trans = np.exp(self.transitions.astype(np.float64))  # banned transitions become 0
        trans_t = np.ascontiguousarray(trans.T)
        alpha = np.empty_like(emit)
        a = np.exp(self.start - self.start.max())[:, None] * emit[0]
        alpha[0] = a / a.sum(axis=0)
        for t in range(1, steps):
            a = alpha[t]
            np.matmul(trans_t, alpha[t - 1], out=a)
            a *= emit[t]
            a /= a.sum(axis=0)
        last = lengths - 1
        beta = np.ones_like(emit)
        beta[last, :, np.arange(batch)] = np.exp(self.end - self.end.max())
        # Past a sentence's end beta stays as set: only positions before the last one recurse.
        recurse = (np.arange(steps)[:, None] < last[None, :])[:, None, :]
        b = np.empty((n_tags, batch))
        for t in range(steps - 2, -1, -1):
            np.matmul(trans, emit[t + 1] * beta[t + 1], out=b)
            b /= b.sum(axis=0)
            np.copyto(beta[t], b, where=recurse[t])
        probs = alpha * beta
        probs /= probs.sum(axis=1, keepdims=True)
        probs = probs.transpose(2, 0, 1)
        probs[np.arange(steps)[None, :] > last[:, None]] = 0.0
        return probs

    def tag(self, texts: list[str], lexicon: Lexicon, *, with_marginals: bool = False,
            ) -> tuple[list[list[int]], np.ndarray | None]:
        """Tag ids of each (normalised, non-empty) text, and the tag marginals when asked for."""
        scores, lengths = self.emissions(self.pack(texts, lexicon))
        paths = self.viterbi(scores, lengths)
        if not with_marginals:
            return paths, None
        # Marginals only where a mention was found: they score mentions, nothing else.
        probs = np.zeros(scores.shape, dtype=np.float64)
        tagged = [row for row, path in enumerate(paths) if any(path)]
        if tagged:
            probs[tagged] = self.marginals(scores[tagged], lengths[tagged])
        return paths, probs
