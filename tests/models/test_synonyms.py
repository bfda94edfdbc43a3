"""The synonyms table as an offer's indexed text reads it (no database: pure functions)."""

from __future__ import annotations

import pytest

from models.search.synonyms import SYNONYMS, synonym_words
from models.search.text import parse_keywords, words


@pytest.mark.parametrize(
    ("text", "given"),
    [
        ("Contrat d'apprentissage", {"alternance"}),
        ("Apprentissages", {"alternance"}),
        ("Poste en alternance", {"apprentissage"}),
        ("Gestionnaire RH", {"ressources", "humaines"}),
        ("Direction des Ressources Humaines", {"rh"}),
        ("Le SI du ministère", {"systemes", "information"}),
        ("Au sein de la Direction des systèmes d’information", {"dsi", "si"}),
        ("Titulaire d'un BTS", {"brevet", "technicien", "superieur"}),
        ("brevet de technicien supérieur", {"bts"}),
        ("Titulaire d'un DUT", {"but", "bachelor"}),
        ("Assistant comptable", {"compta", "comptabilite"}),
        ("Support informatique", {"info"}),
    ],
)
def test_a_term_gives_the_words_of_its_group(text: str, given: set[str]) -> None:
    assert given <= set(synonym_words(text))


@pytest.mark.parametrize(
    "text",
    [
        "si possible, dans le but de vous former",  # ordinary words, not « SI » or « BUT »
        "un cap à tenir",
        "Relations presse",
        "Recrutement des agents et des apprentis",  # people, not the contract
        "",
    ],
)
def test_ordinary_words_give_nothing(text: str) -> None:
    assert synonym_words(text) == []


def test_every_term_of_the_table_is_a_searchable_word_or_phrase() -> None:
    for group in SYNONYMS:
        assert len(group) >= 2, group
        for term in group:
            query = parse_keywords(term)
            assert query, term  # not only stop words: a search for it would find everything
            assert words(term), term


@pytest.mark.parametrize(
    ("typed", "word"),
    [("bac+3", "bac3"), ("Bac + 4", "bac4"), ("BAC +2", "bac2"), ("bac+ 5", "bac5")],
)
def test_bac_plus_n_is_one_word(typed: str, word: str) -> None:
    assert parse_keywords(typed).words == (word,)
    assert words(f"Niveau 6 – ({typed} ou 4)")[2] == word
