"""PostgreSQL uses the GIN index only when the query repeats the index's expression exactly: the expression
in catalog.search must be the one migration 0002 indexed, and the planner must pick the index for it."""

import importlib

import pytest
from django.db import connection

from pasarmurah.catalog import search

migration = importlib.import_module("pasarmurah.catalog.migrations.0002_search_and_thumbnails")


def test_search_expression_is_the_migration_expression():
    assert search.PG_VECTOR == migration.PG_VECTOR
    assert migration.PG_VECTOR in migration.POSTGRESQL_FORWARD[0]


@pytest.mark.only_db("postgresql")
@pytest.mark.django_db
def test_postgresql_plans_the_search_on_the_gin_index():
    # given the index the migration created
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'catalog_product_search'")
        (indexdef,) = cursor.fetchone()
        assert "USING gin" in indexdef
        # when the search query is planned (sequential scans priced out, as on a large table)
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT id FROM catalog_product, to_tsquery('simple'::regconfig, %s) query "  # noqa: S608
            f"WHERE {search.PG_VECTOR} @@ query",
            ["tripod:*"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # then it reads the GIN index
    assert "catalog_product_search" in plan
