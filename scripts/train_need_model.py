"""Train the need model: what a service does, read from its name and description.

    python scripts/train_need_model.py [--out resource_directory/matching/need_model.json.gz]

Weak labels, no judgments: the real directories in ../shared/data/real are imported
through the project's own importers, and each service's **categories** (the terms its
agency filed it under, mapped to needs by the taxonomy; never the terms read from its
words) are its labels. One logistic regression per need (scikit-learn) learns which words
of a service's name and description say that need; a service its agency filed wrongly
(hospice under child care, paratransit under disability benefits) then reads by its words
as what it is. The demo data is left out (it is scored as a directory the model never
saw), and so is the DC 211 export (kept for the independent evaluation).

The model is shipped as plain weights (word → one weight per need, and a bias per need);
the index applies it with numpy (:mod:`resource_directory.matching.need_model`), so
scikit-learn is needed only here.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import DATASETS, MAPPINGS, PANTRIES, REAL_DATA, Dataset, imported  # noqa: E402

#: Directories the model learns from (the quality datasets but the demo, and a few more).
TRAINING = [d for d in DATASETS.values() if d.real] + [
    Dataset("freshtrak", PANTRIES / "freshtrak.json", {"mapping": MAPPINGS / "freshtrak.yaml"}),
    Dataset(
        "second_harvest",
        PANTRIES / "second_harvest_of_silicon_valley_ca.json",
        {"mapping": MAPPINGS / "second_harvest_of_silicon_valley_ca.yaml"},
    ),
    Dataset("ohana_smc", REAL_DATA / "ohana-smc-sample" / "sample-csv", {"format": "ohana"}),
    Dataset("ilao", REAL_DATA / "hsds-transformer-legal-aid" / "ilao-output-hsds"),
]
#: What a whole directory is about, where its rows carry no categories (ILAO: legal aid).
DIRECTORY_NEEDS = {"ilao": {"legal"}}
#: At most this many services from one directory (HUD alone has 10,000 shelters).
PER_SOURCE = 4000
SEED = 20261203
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "resource_directory" / "matching"
DEFAULT_OUT = DEFAULT_OUT / "need_model.json.gz"


def labelled_services(dataset: Dataset) -> list[tuple[str, set[str]]]:
    """(name and description, needs from the agency's own categories) of each service
    filed under at least one need."""
    from sqlalchemy import select

    from resource_directory.models import Service, ServiceTaxonomy, TaxonomyTerm
    from resource_directory.taxonomy import (
        OPEN_ELIGIBILITY,
        classify_text,
        needs_for_terms,
        says_who,
    )

    with tempfile.TemporaryDirectory() as folder, imported(dataset, folder) as (*_, ctx):
        terms: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for service_id, taxonomy, code, name in ctx.session.execute(
            select(
                ServiceTaxonomy.service_id, TaxonomyTerm.taxonomy, TaxonomyTerm.code,
                TaxonomyTerm.name,
            )
            .join(TaxonomyTerm, TaxonomyTerm.id == ServiceTaxonomy.taxonomy_term_id)
            .where(ServiceTaxonomy.inferred.is_(False))
        ):  # fmt: skip
            terms[service_id].append((taxonomy, code, name))
        found = []
        for service_id, name, description in ctx.session.execute(
            select(Service.id, Service.name, Service.description).where(Service.active)
        ):
            own = terms.get(service_id, [])
            needs = set(needs_for_terms((t, c) for t, c, _ in own))
            # A source's own category names (not its tags of whom a service is for).
            named = (n for t, _, n in own if t != OPEN_ELIGIBILITY and not says_who(t))
            needs |= set(classify_text(*named))
            needs |= DIRECTORY_NEEDS.get(dataset.name, set())
            if needs:
                found.append((f"{name}. {description or ''}", needs))
                found.append((name, needs))  # short texts too: names read like queries
    return found


def model_words(text: str) -> list[str]:
    """The words the model reads: the index's searchable words but numbers."""
    from resource_directory.matching.index import words

    return [w for w in words(text) if not w.isdigit()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--c", type=float, default=2.0, help="inverse regularisation")
    args = parser.parse_args()
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict

    from resource_directory.taxonomy import NEED_SLUGS

    texts, labels, sources = [], [], []
    for dataset in TRAINING:
        if not dataset.source.exists():
            print(f"skipped {dataset.name}: {dataset.source} not found", file=sys.stderr)
            continue
        rows = labelled_services(dataset)
        random.Random(f"{SEED}-{dataset.name}").shuffle(rows)
        rows = rows[:PER_SOURCE]
        print(f"{dataset.name}: {len(rows)} labelled services", file=sys.stderr)
        texts += [t for t, _ in rows]
        labels += [n for _, n in rows]
        sources += [dataset.name] * len(rows)
    vectorizer = TfidfVectorizer(
        tokenizer=model_words, lowercase=False, token_pattern=None, binary=True,
        use_idf=False, norm="l2", min_df=3,
    )  # fmt: skip
    features = vectorizer.fit_transform(texts)
    vocabulary = vectorizer.get_feature_names_out()
    weights = np.zeros((len(vocabulary), len(NEED_SLUGS)), dtype=np.float32)
    biases = np.zeros(len(NEED_SLUGS), dtype=np.float32)
    report = {}
    groups = np.array([hash(s) % 5 for s in sources])  # folds never split a directory
    for position, need in enumerate(NEED_SLUGS):
        target = np.array([need in n for n in labels])
        if target.sum() < 10:
            biases[position] = -10.0
            report[need] = {"positives": int(target.sum())}
            continue
        model = LogisticRegression(C=args.c, max_iter=2000)
        folds = [(np.flatnonzero(groups != g), np.flatnonzero(groups == g)) for g in range(5)]
        folds = [(a, b) for a, b in folds if len(b) and target[a].any() and not target[a].all()]
        predicted = cross_val_predict(model, features, target, cv=folds, method="predict")
        tested = np.concatenate([b for _, b in folds])
        hit = predicted[np.isin(np.arange(len(target)), tested)]
        truth = target[np.isin(np.arange(len(target)), tested)]
        precision = (hit & truth).sum() / max(1, hit.sum())
        recall = (hit & truth).sum() / max(1, truth.sum())
        model.fit(features, target)
        weights[:, position] = model.coef_[0]
        biases[position] = model.intercept_[0]
        report[need] = {
            "positives": int(target.sum()),
            "held_out_directory_precision": round(float(precision), 3),
            "held_out_directory_recall": round(float(recall), 3),
        }
    # Every word is kept, weak ones too: a service's vector is normalised over all of them.
    keep = np.ones(len(vocabulary), dtype=bool)
    model_json = {
        "about": "need model: logistic regression per need over the words of a service's "
        "name and description (L2-normalised presence); weak labels from real directories' "
        "own categories; trained by scripts/train_need_model.py",
        "needs": list(NEED_SLUGS),
        "bias": [round(float(b), 4) for b in biases],
        "words": {
            word: [round(float(w), 3) for w in row]
            for word, row, kept in zip(vocabulary, weights, keep, strict=True)
            if kept
        },
        "trained_on": sorted(set(sources)),
        "services": len(texts),
    }
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as handle:
        json.dump(model_json, handle, separators=(",", ":"), sort_keys=True)
    print(json.dumps({"words": int(keep.sum()), "services": len(texts), "needs": report}, indent=1))


if __name__ == "__main__":
    main()
