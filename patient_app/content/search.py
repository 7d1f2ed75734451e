"""Search across leaflets and exercises: an in-memory index built once per process.

The library is small (tens of documents, a few thousand distinct words), so a
plain inverted index with weighted fields answers in well under a millisecond.
A query word matches any indexed word it starts ("sprain" finds "sprained"),
and when some results match every query word, only those are shown.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from patient_app.content.library import BODY_AREAS, Library, library
from patient_app.content.readability import visible_text

# How much a word counts where it is found: a title match beats a passing mention.
WEIGHTS = {"title": 10.0, "tags": 6.0, "summary": 4.0, "body": 1.0}
# Body words count up to this many times, so a long leaflet does not win on length alone.
BODY_REPEATS_CAP = 5
MIN_PREFIX = 3
STOP_WORDS = frozenset(
    {
        *("a", "about", "an", "and", "are", "as", "at", "be", "can", "do", "does", "for", "from", "get"),
        *("has", "have", "how", "i", "if", "in", "is", "it", "its", "me", "my", "of", "on", "or", "so"),
        *("than", "that", "the", "this", "to", "what", "when", "where", "which", "with", "you", "your"),
    }
)
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Hit:
    kind: str  # "leaflet" or "exercise"
    id: str
    title: str
    summary: str


def words(text: str) -> list[str]:
    found = _WORD.findall(text.lower().replace("’", "'").replace("'s ", " "))
    return [_stem(word) for word in found if word not in STOP_WORDS]


def _stem(word: str) -> str:
    # Plurals only: "knees" and "knee" are the same search, "stress" stays itself.
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class SearchIndex:
    def __init__(self, documents: list[tuple[Hit, dict[str, str]]]):
        self.hits = [hit for hit, _fields in documents]
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        for number, (_hit, fields) in enumerate(documents):
            counts: dict[str, float] = defaultdict(float)
            for name, text in fields.items():
                per_field: dict[str, int] = defaultdict(int)
                for word in words(text):
                    per_field[word] += 1
                for word, repeats in per_field.items():
                    counts[word] += WEIGHTS[name] * min(repeats, BODY_REPEATS_CAP)
            for word, score in counts.items():
                self.postings[word][number] = score
        self.vocabulary = sorted(self.postings)

    def _expand(self, term: str) -> list[str]:
        if len(term) < MIN_PREFIX:
            return [term] if term in self.postings else []
        start = bisect.bisect_left(self.vocabulary, term)
        found = []
        for word in self.vocabulary[start:]:
            if not word.startswith(term):
                break
            found.append(word)
        return found

    def search(self, query: str, *, limit: int = 50) -> list[Hit]:
        terms = list(dict.fromkeys(words(query)))
        if not terms:
            return []
        matched: dict[int, int] = defaultdict(int)
        scores: dict[int, float] = defaultdict(float)
        for term in terms:
            best: dict[int, float] = {}
            for word in self._expand(term):
                # An exact word counts fully; a longer word it starts counts a little less.
                factor = 1.0 if word == term else 0.8
                for number, score in self.postings[word].items():
                    best[number] = max(best.get(number, 0.0), score * factor)
            for number, score in best.items():
                matched[number] += 1
                scores[number] += score
        # Documents with every word, if there are any; otherwise the closest, best first.
        if any(count == len(terms) for count in matched.values()):
            matched = {n: count for n, count in matched.items() if count == len(terms)}
        ranked = sorted(matched, key=lambda n: (-matched[n], -scores[n], self.hits[n].title))
        return [self.hits[n] for n in ranked[:limit]]


def build_index(content: Library) -> SearchIndex:
    documents: list[tuple[Hit, dict[str, str]]] = []
    for leaflet in content.leaflets.values():
        areas = " ".join(BODY_AREAS[area] for area in leaflet.body_areas if area in BODY_AREAS)
        documents.append(
            (
                Hit("leaflet", leaflet.id, leaflet.title, leaflet.summary),
                {
                    "title": leaflet.title,
                    "tags": " ".join(leaflet.conditions) + " " + areas,
                    "summary": leaflet.summary,
                    "body": visible_text(leaflet.body),
                },
            )
        )
    for exercise in content.exercises.values():
        areas = " ".join(BODY_AREAS[area] for area in exercise.body_areas if area in BODY_AREAS)
        body = " ".join([*exercise.steps, exercise.feel, *exercise.equipment, exercise.illustration_description])
        documents.append(
            (
                Hit("exercise", exercise.id, exercise.title, exercise.summary),
                {"title": exercise.title, "tags": areas, "summary": exercise.summary, "body": body},
            )
        )
    return SearchIndex(documents)


@lru_cache(maxsize=1)
def index() -> SearchIndex:
    """The index of the content the app serves: built on first use, then kept."""
    return build_index(library())
