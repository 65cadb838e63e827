"""The need model: how surely a service's own words say each need.

A logistic regression per need over the words of a service's name and description
(presence, L2-normalised), trained by ``scripts/train_need_model.py`` on real
directories, with their own categories as weak labels. It reads what a service *does*
whatever its agency filed it under: a hospice filed under child care reads as health care,
a pantry filed only under "Emergency" reads as food. Applied here with numpy: one weight
per word and need, summed over a text's words and normalised by their count.

The same weights read a coordinator's typed words ("eviction", "detox", "shut-off
notice") as the needs they imply, so a query reaches the vocabulary of its need.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path

import numpy as np

from ..taxonomy import NEED_SLUGS

MODEL_FILE = Path(__file__).with_name("need_model.json.gz")
#: Columns of the score arrays, in the vocabulary's order.
NEED_COLUMNS = {slug: position for position, slug in enumerate(NEED_SLUGS)}


class NeedModel:
    def __init__(self, needs: list[str], bias: list[float], weights: dict[str, list[float]]):
        order = [needs.index(slug) if slug in needs else -1 for slug in NEED_SLUGS]
        self.bias = np.array([bias[i] if i >= 0 else -10.0 for i in order], dtype=np.float32)
        self.word_index = {word: row for row, word in enumerate(weights)}
        table = np.array(list(weights.values()), dtype=np.float32).reshape(-1, len(needs))
        missing = np.zeros((len(table), 1), dtype=np.float32)
        self.weights = np.hstack([table, missing])[:, order]  # -1 picks the zero column

    @classmethod
    @cache
    def shipped(cls) -> NeedModel:
        with gzip.open(MODEL_FILE, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        return cls(data["needs"], data["bias"], data["words"])

    def rows(self, words) -> list[int]:
        """The model's rows for the distinct words it knows (numbers say no need)."""
        index = self.word_index
        return [row for w in set(words) if not w.isdigit() and (row := index.get(w)) is not None]

    def probabilities(self, rows: list[int]) -> np.ndarray:
        """P(need) for each need (``NEED_SLUGS`` order) of a text, given its word rows."""
        logits = self.bias.copy()
        if rows:
            logits += self.weights[rows].sum(axis=0) / np.sqrt(len(rows))
        return 1.0 / (1.0 + np.exp(-logits))

    def batch(self, word_rows: np.ndarray, owners: np.ndarray, count: int) -> np.ndarray:
        """P(need) for ``count`` texts at once: ``word_rows[i]`` is a word of text
        ``owners[i]`` (each distinct word once per text)."""
        sums = np.zeros((count, len(NEED_SLUGS)), dtype=np.float32)
        np.add.at(sums, owners, self.weights[word_rows])
        sizes = np.bincount(owners, minlength=count).astype(np.float32)
        logits = self.bias + sums / np.sqrt(np.maximum(sizes, 1))[:, None]
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)
