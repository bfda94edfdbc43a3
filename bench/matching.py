"""Alert matching benchmark: `python -m bench.matching [--searches 100000 1000000]`.

Builds N saved searches with random but realistic criteria (one to three facets; keywords in
one search out of five, most of them distinct: one or two words, or a quoted phrase, taken from
the offers' own titles) and 300 generated offers, then times finding the searches that one new
offer matches: with the saved-search index (per facet and value, the bitmap of the searches
refusing it, subtracted from all; keywords checked for the queries anchored on the offer's
words), and naively by checking every search (sampled: a few offers), in the same run. No
database is needed: the index lives in memory in the worker. The index's CPU time is printed
too: on a machine shared with other work it is steadier than the wall-clock time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date

from bench.catalogue import prepare
from models.alerts.matching import OfferFacts, matches
from models.alerts.search_index import SavedSearchIndex
from models.demo.generator import generate_offers
from models.offers.publishing import OfferDraft
from models.reference import geography
from models.reference.catalogue import DIPLOMA_LEVELS
from models.reference.labels import Vocabulary
from models.search.criteria import Facet, SearchCriteria
from models.search.text import words as text_words

DOMAINS = ["numerique", "rh", "communication", "finances", "juridique", "administration",
           "achats", "environnement", "batiment", "culture", "defense-securite", "education",
           "sante-social", "logistique", "international", "recherche", "agriculture"]  # fmt: skip
ADMINISTRATIONS = ["interieur", "economie", "armees", "justice", "education", "culture",
                   "transition-ecologique", "agriculture", "travail-sante"]  # fmt: skip
KEYWORDS = ["data", "communication", "juriste", "paris", "numérique", "budget",
            '"ressources humaines"', "stagiaire", "recrutement", "tokyo"]  # fmt: skip
GOAL_P95_MS = 2.0


def _vocabulary() -> Vocabulary:
    return Vocabulary(
        types={"apprentissage": "Apprentissage", "stage": "Stage"},
        diploma_levels={d.code: d.label for d in DIPLOMA_LEVELS},
        domains={d: d for d in DOMAINS},
        administrations={a: a for a in ADMINISTRATIONS},
        regions={r.code: r.name for r in geography.regions()},
        departments={d.code: d.name for d in geography.departments()},
        countries={c.code: c.name for c in geography.countries()},
    )


def _random_keywords(r: random.Random, titles: list[list[str]]) -> str:
    """What candidates type: a common word, or one or two words of a title, or a phrase."""
    roll = r.random()
    if roll < 0.3:
        return r.choice(KEYWORDS)
    title = r.choice(titles)
    if roll < 0.8 or len(title) < 2:
        return " ".join(r.sample(title, min(len(title), r.randint(1, 2))))
    start = r.randrange(len(title) - 1)
    return '"' + " ".join(title[start : start + 2]) + '"'


def _random_criteria(
    r: random.Random, words: Vocabulary, titles: list[list[str]]
) -> SearchCriteria:
    regions = list(words.regions)
    departments = list(words.departments)
    raw: dict[str, object] = {"types": r.sample(["apprentissage", "stage"], r.choice([0, 1, 1]))}
    for _ in range(r.randint(1, 3)):
        facet = r.choice(["domains", "administrations", "regions", "departments", "level"])
        if facet == "level":
            raw["diploma_level"] = r.choice(list(words.diploma_levels))
        else:
            pool = {"domains": DOMAINS, "administrations": ADMINISTRATIONS,
                    "regions": regions, "departments": departments}[facet]  # fmt: skip
            raw[facet] = r.sample(pool, r.randint(1, 3))
    if r.random() < 0.2:
        raw["keywords"] = _random_keywords(r, titles)
    return SearchCriteria.build(**raw, vocabulary=words)  # type: ignore[arg-type]


def _facts(draft: OfferDraft) -> OfferFacts:
    """What facts_of reads from a stored row, taken from the draft (no database here: the
    bulk loader's preparation gives the stored search words without Tortoise)."""
    body_tokens = prepare(draft)[26]
    tokens = tuple(body_tokens.split())
    values: dict[Facet, str | None] = {
        Facet.TYPES: draft.type.value,
        Facet.DIPLOMA_LEVELS: draft.diploma_level,
        Facet.DOMAINS: draft.domain,
        Facet.ADMINISTRATIONS: draft.administration,
        Facet.REGIONS: draft.region_code,
        Facet.DEPARTMENTS: draft.department_code,
        Facet.COUNTRIES: draft.country_code,
    }
    return OfferFacts(values, tokens, frozenset(tokens))


def _figures(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return f"{statistics.median(samples):9.3f} {cuts[94]:9.3f} {cuts[98]:9.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--searches", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--offers", type=int, default=300)
    args = parser.parse_args()
    words = _vocabulary()
    drafts = generate_offers(
        apprenticeships=args.offers // 3,
        stages=args.offers - args.offers // 3,
        seed=11,
        today=date(2026, 11, 23),
    )
    facts = [_facts(d) for d in drafts]
    titles = [text_words(d.title) for d in drafts]
    print(f"\nMatching one new offer against N saved searches ({len(facts)} offers), in ms:")
    header = f"{'index p50':>9} {'p95':>9} {'p99':>9} | {'naive p50':>9} {'p95':>9} {'p99':>9}"
    print(f"  {'searches':>9} | {header} | ratio | matches/offer | build s | keyword queries")
    for count in args.searches:
        r = random.Random(count)
        searches = [(n, _random_criteria(r, words, titles)) for n in range(count)]
        distinct = len({c.keyword_query for _, c in searches if c.keyword_query})
        started = time.perf_counter()
        index = SavedSearchIndex()
        index.put_many(searches)
        built = time.perf_counter() - started
        ours, cpu, found = [], [], []
        for fact in facts:
            started, cpu_started = time.perf_counter(), time.process_time()
            hits = index.matching(fact)
            ours.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            found.append(len(hits))
        naive = []
        # A scan takes seconds at 1M: a few offers are enough to place it.
        for fact in facts[: max(5, 2_000_000 // count)]:
            started = time.perf_counter()
            expected = [n for n, criteria in searches if matches(criteria, fact)]
            naive.append((time.perf_counter() - started) * 1000)
            assert len(expected) == len(index.matching(fact))
        ratio = statistics.median(naive) / statistics.median(ours)
        figures = f"{_figures(ours)} | {_figures(naive)}"
        mean = statistics.mean(found)
        cuts = statistics.quantiles(cpu, n=100, method="inclusive")
        print(
            f"  {count:>9,} | {figures} | {ratio:5.0f}x | {mean:13.0f} | {built:7.1f}"
            f" | {distinct:,} distinct | index CPU p50 {statistics.median(cpu):.3f}"
            f" p95 {cuts[94]:.3f}"
        )
    print(f"  goal: p95 <= {GOAL_P95_MS} ms at 1,000,000 searches")


if __name__ == "__main__":
    main()
