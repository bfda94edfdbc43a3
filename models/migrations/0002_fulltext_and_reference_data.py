"""Full-text indexes per engine, and the first reference rows (domains, administrations).

SQLite: an FTS5 table keyed by the offer's publication number (`seq`), holding the stemmed
words that models.search.text produces. PostgreSQL: a copy of the French text-search
configuration that strips accents before stemming, two generated tsvector columns and their GIN
indexes.
"""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

SQLITE_UP = [
    "CREATE VIRTUAL TABLE offer_fts USING fts5(title, body, tokenize = 'unicode61')",
]
SQLITE_DOWN = ["DROP TABLE offer_fts"]

POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION pass_french (COPY = french)",
    "ALTER TEXT SEARCH CONFIGURATION pass_french ALTER MAPPING FOR"
    " asciiword, word, numword, uint, int WITH unaccent, french_stem",
    "ALTER TABLE offer ADD COLUMN search_title_tsv tsvector GENERATED ALWAYS AS"
    " (to_tsvector('pass_french'::regconfig, search_title)) STORED",
    "ALTER TABLE offer ADD COLUMN search_all_tsv tsvector GENERATED ALWAYS AS"
    " (to_tsvector('pass_french'::regconfig, search_title || ' ' || search_body)) STORED",
    "CREATE INDEX offer_search_title_gin ON offer USING gin (search_title_tsv)",
    "CREATE INDEX offer_search_all_gin ON offer USING gin (search_all_tsv)",
]
POSTGRES_DOWN = [
    "DROP INDEX offer_search_all_gin",
    "DROP INDEX offer_search_title_gin",
    "ALTER TABLE offer DROP COLUMN search_all_tsv",
    "ALTER TABLE offer DROP COLUMN search_title_tsv",
    "DROP TEXT SEARCH CONFIGURATION pass_french",
]

DOMAINS = [
    ("achats", "Achats, marchés publics"),
    ("administration", "Administration générale"),
    ("agriculture", "Agriculture, forêt, alimentation"),
    ("batiment", "Bâtiment, travaux publics"),
    ("communication", "Communication"),
    ("culture", "Culture, patrimoine"),
    ("defense-securite", "Défense, sécurité"),
    ("education", "Éducation, formation"),
    ("environnement", "Environnement, développement durable"),
    ("finances", "Finances publiques, gestion budgétaire"),
    ("international", "Relations internationales"),
    ("juridique", "Juridique"),
    ("logistique", "Logistique, maintenance"),
    ("numerique", "Numérique, digital"),
    ("recherche", "Études, recherche, statistiques"),
    ("rh", "Ressources humaines"),
    ("sante-social", "Santé, social"),
]

ADMINISTRATIONS = [
    ("affaires-etrangeres", "Ministère de l'Europe et des Affaires étrangères"),
    ("agriculture", "Ministère de l'Agriculture et de la Souveraineté alimentaire"),
    ("armees", "Ministère des Armées"),
    ("culture", "Ministère de la Culture"),
    ("economie", "Ministère de l'Économie et des Finances"),
    ("education", "Ministère de l'Éducation nationale"),
    ("enseignement-superieur", "Ministère de l'Enseignement supérieur et de la Recherche"),
    ("fonction-publique", "Ministère de la Transformation et de la Fonction publiques"),
    ("interieur", "Ministère de l'Intérieur"),
    ("justice", "Ministère de la Justice"),
    ("premier-ministre", "Services du Premier ministre"),
    ("transition-ecologique", "Ministère de la Transition écologique"),
    ("travail-sante", "Ministère du Travail, de la Santé et des Solidarités"),
]


def _statements(editor: Any, sqlite: list[str], postgres: list[str]) -> list[str]:
    return postgres if editor.client.capabilities.dialect == "postgres" else sqlite


async def create_fulltext(apps: Any, editor: Any) -> None:
    for sql in _statements(editor, SQLITE_UP, POSTGRES_UP):
        await editor.client.execute_script(sql)


async def drop_fulltext(apps: Any, editor: Any) -> None:
    for sql in _statements(editor, SQLITE_DOWN, POSTGRES_DOWN):
        await editor.client.execute_script(sql)


async def insert_reference_rows(apps: Any, editor: Any) -> None:
    client = editor.client
    placeholder = "$1, $2" if client.capabilities.dialect == "postgres" else "?, ?"
    for table, rows in (("domain", DOMAINS), ("administration", ADMINISTRATIONS)):
        for code, label in rows:
            await client.execute_query(
                f"INSERT INTO {table} (code, label) VALUES ({placeholder})", [code, label]
            )


async def delete_reference_rows(apps: Any, editor: Any) -> None:
    await editor.client.execute_script("DELETE FROM domain; DELETE FROM administration;")


class Migration(migrations.Migration):
    dependencies = [("models", "0001_initial")]

    operations = [
        ops.RunPython(create_fulltext, drop_fulltext),
        ops.RunPython(insert_reference_rows, delete_reference_rows),
    ]
