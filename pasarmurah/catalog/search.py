"""Full-text product search: one backend per database vendor, the same behaviour on all three.

What is indexed: a product's name and SKU (weighted highest), its `search_text` (brand, category and parent
category names, copied onto the product by catalog.services), and its description (lowest).

- SQLite: an FTS5 table `catalog_product_fts` (rowid = product id) kept in step by triggers on
  catalog_product (created in migration 0002), ranked by bm25 with column weights.
- PostgreSQL: a GIN index over a weighted `to_tsvector('simple', ...)` expression (migration 0002; the
  expression below must stay identical to the indexed one), ranked by ts_rank. 'simple' does no stemming,
  so Indonesian and English words are both found as written; prefixes make "trip" find "tripods".
- MariaDB/MySQL: InnoDB FULLTEXT indexes on (name) and (name, sku, search_text, description), BOOLEAN MODE
  with `+word*`, ranked by the name match first. InnoDB indexes only words of innodb_ft_min_token_size (3)
  letters or more and skips its stopwords, and sees only committed rows.

To behave the same everywhere, the query is reduced to plain word tokens (letters and digits only: quotes,
operators, HTML and control characters are dropped); tokens shorter than MIN_TOKEN letters and the InnoDB
stopwords are not sent to the full-text index. A query with only such short words falls back to a LIKE
match on name and SKU. Every word must match (AND); when nothing matches all words, any word may (OR).

Search returns ranked product ids (at most `limit`); callers filter them (active, in stock, brand...) after.
"""

import re
from dataclasses import dataclass

from django.db import connection

from pasarmurah.catalog.models import Product

MAX_QUERY_CHARS = 200
MAX_TOKENS = 8
MAX_TOKEN_CHARS = 40
MIN_TOKEN = 3
DEFAULT_LIMIT = 500

# InnoDB's default full-text stopwords (INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD).
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "an",
        "are",
        "as",
        "at",
        "be",
        "by",
        "com",
        "de",
        "en",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "la",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "who",
        "will",
        "with",
        "und",
        "www",
    ]
)

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# PostgreSQL: must be the exact expression of the GIN index in migration 0002, or the index is not used.
PG_VECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, coalesce(name, '') || ' ' || coalesce(sku, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(search_text, '')), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(description, '')), 'C'))"
)
MYSQL_ALL_COLUMNS = "name, sku, search_text, description"


@dataclass(frozen=True)
class SearchQuery:
    """A visitor's text reduced to what the index can take."""

    text: str
    tokens: tuple[str, ...]  # every usable word, lower case
    indexed: tuple[str, ...]  # the words the full-text index knows (long enough, not stopwords)

    @property
    def is_empty(self) -> bool:
        return not self.tokens


def parse_query(raw: str | None) -> SearchQuery:
    """Plain word tokens from any input: hostile text (operators, quotes, HTML, NUL) becomes plain words."""
    text = (raw or "").replace("\x00", " ")[:MAX_QUERY_CHARS]
    tokens: list[str] = []
    for word in _WORD.findall(text.lower()):
        word = word[:MAX_TOKEN_CHARS]
        if word not in tokens:
            tokens.append(word)
        if len(tokens) == MAX_TOKENS:
            break
    indexed = tuple(t for t in tokens if len(t) >= MIN_TOKEN and t not in STOPWORDS)
    return SearchQuery(text=" ".join(tokens), tokens=tuple(tokens), indexed=indexed)


def search_product_ids(raw: str | None, *, limit: int = DEFAULT_LIMIT) -> list[int]:
    """Ids of products matching the text, best first (active or not: callers filter after)."""
    query = parse_query(raw)
    if query.is_empty:
        return []
    if not query.indexed:
        return _like_fallback(query, limit=limit)
    backend = _BACKENDS.get(connection.vendor, _like_fallback)
    ids = backend(query, limit=limit, any_word=False)
    if not ids and len(query.indexed) > 1:
        ids = backend(query, limit=limit, any_word=True)
    return ids


def _like_fallback(query: SearchQuery, *, limit: int, any_word: bool = False) -> list[int]:
    """Short words (1–2 letters) are not in every full-text index: match them in name and SKU instead."""
    from django.db.models import Q

    condition = Q()
    for token in query.tokens:
        # A word of the name starting with the token (the name's start, or after a space), or the SKU's start.
        condition &= Q(name__istartswith=token) | Q(name__icontains=f" {token}") | Q(sku__istartswith=token)
    return list(Product.objects.filter(condition).order_by("name", "pk").values_list("pk", flat=True)[:limit])


def _sqlite(query: SearchQuery, *, limit: int, any_word: bool) -> list[int]:
    # Each token is quoted (so AND/OR/NOT/NEAR are words, not operators) and a prefix ("trip"*).
    match = (" OR " if any_word else " ").join(f'"{token}"*' for token in query.indexed)
    sql = (
        "SELECT rowid FROM catalog_product_fts WHERE catalog_product_fts MATCH %s "
        "ORDER BY bm25(catalog_product_fts, 10.0, 10.0, 4.0, 1.0), rowid LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, limit])
        return [row[0] for row in cursor.fetchall()]


def _postgresql(query: SearchQuery, *, limit: int, any_word: bool) -> list[int]:
    # Tokens are letters and digits only, so they are safe lexemes for to_tsquery (passed as a parameter).
    tsquery = (" | " if any_word else " & ").join(f"{token}:*" for token in query.indexed)
    sql = (
        f"SELECT id FROM catalog_product, to_tsquery('simple'::regconfig, %s) query "  # noqa: S608 - constant
        f"WHERE {PG_VECTOR} @@ query ORDER BY ts_rank({PG_VECTOR}, query) DESC, id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [tsquery, limit])
        return [row[0] for row in cursor.fetchall()]


def _mysql(query: SearchQuery, *, limit: int, any_word: bool) -> list[int]:
    boolean = " ".join(f"{'' if any_word else '+'}{token}*" for token in query.indexed)
    sql = (
        f"SELECT id FROM catalog_product "  # noqa: S608 - constant column lists
        f"WHERE MATCH({MYSQL_ALL_COLUMNS}) AGAINST (%s IN BOOLEAN MODE) "
        f"ORDER BY MATCH(name) AGAINST (%s IN BOOLEAN MODE) * 4 "
        f"+ MATCH({MYSQL_ALL_COLUMNS}) AGAINST (%s IN BOOLEAN MODE) DESC, id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [boolean, boolean, boolean, limit])
        return [row[0] for row in cursor.fetchall()]


_BACKENDS = {"sqlite": _sqlite, "postgresql": _postgresql, "mysql": _mysql}


# --- Index upkeep -------------------------------------------------------------------------------------------


def search_text_expression():
    """The SQL expression computing Product.search_text from the brand and category tables (any vendor)."""
    from django.db.models import CharField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce, Concat

    from pasarmurah.catalog.models import Brand, Category

    brand = Subquery(Brand.objects.filter(pk=OuterRef("brand_id")).values("name")[:1])
    category = Subquery(Category.objects.filter(pk=OuterRef("category_id")).values("name")[:1])
    parent = Subquery(Category.objects.filter(children__pk=OuterRef("category_id")).values("name")[:1])
    return Concat(
        Coalesce(brand, Value("")),
        Value(" "),
        Coalesce(category, Value("")),
        Value(" "),
        Coalesce(parent, Value("")),
        output_field=CharField(),
    )


def search_text_for(product: Product) -> str:
    """The search_text of one product as the services write it (matches search_text_expression)."""
    category = product.category
    parent = category.parent if category.parent_id else None
    return " ".join(
        [product.brand.name if product.brand_id else "", category.name, parent.name if parent else ""]
    )


def search_index_refresh(products=None) -> int:
    """Recompute search_text for some products (a queryset) or all of them, in one UPDATE.

    On SQLite the FTS5 triggers follow the UPDATE; PostgreSQL and MariaDB indexes follow by themselves.
    """
    queryset = Product.objects.all() if products is None else products
    return queryset.update(search_text=search_text_expression())


def search_index_rebuild() -> int:
    """Recompute every product's search_text and (SQLite) rebuild the FTS5 table from the product rows."""
    count = search_index_refresh()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM catalog_product_fts")
            cursor.execute(
                "INSERT INTO catalog_product_fts(rowid, name, sku, search_text, description) "
                "SELECT id, name, sku, search_text, description FROM catalog_product"
            )
            cursor.execute("INSERT INTO catalog_product_fts(catalog_product_fts) VALUES ('optimize')")
    return count


SQLITE_STRUCTURES = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalog_product_fts USING fts5("
    "name, sku, search_text, description, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    "CREATE TRIGGER IF NOT EXISTS catalog_product_fts_insert AFTER INSERT ON catalog_product BEGIN "
    "INSERT INTO catalog_product_fts(rowid, name, sku, search_text, description) "
    "VALUES (new.id, new.name, new.sku, new.search_text, new.description); END",
    "CREATE TRIGGER IF NOT EXISTS catalog_product_fts_update "
    "AFTER UPDATE OF name, sku, search_text, description ON catalog_product BEGIN "
    "DELETE FROM catalog_product_fts WHERE rowid = old.id; "
    "INSERT INTO catalog_product_fts(rowid, name, sku, search_text, description) "
    "VALUES (new.id, new.name, new.sku, new.search_text, new.description); END",
    "CREATE TRIGGER IF NOT EXISTS catalog_product_fts_delete AFTER DELETE ON catalog_product BEGIN "
    "DELETE FROM catalog_product_fts WHERE rowid = old.id; END",
]


def ensure_search_structures(sender=None, using="default", **kwargs) -> None:
    """(post_migrate) On SQLite, make sure the FTS5 table and its triggers exist (idempotent)."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    db = connections[using]
    if db.vendor != "sqlite":
        return
    recorder = MigrationRecorder(db)
    if (
        not recorder.has_table()
        or ("catalog", "0002_search_and_thumbnails") not in recorder.applied_migrations()
    ):
        return
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'catalog_product_fts_%'"
        )
        present = {row[0] for row in cursor.fetchall()}
        for statement in SQLITE_STRUCTURES:
            cursor.execute(statement)
        if len(present) < 3:
            # The triggers were missing: rows may have changed meanwhile, so refill the table.
            cursor.execute("DELETE FROM catalog_product_fts")
            cursor.execute(
                "INSERT INTO catalog_product_fts(rowid, name, sku, search_text, description) "
                "SELECT id, name, sku, search_text, description FROM catalog_product"
            )
