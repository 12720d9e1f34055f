"""The CLI tests' dealership fixture (the generic fixtures are in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .dataset import DEALER_CUSTOMERS, DEALER_STAFF, DEALER_VEHICLES


@pytest.fixture
def dealer(db, cli, csvfile) -> Path:
    """``db`` with five staff (S01 S02 consultants, A01 advisor, M01 manager, K01 crm),
    customers C1 (prospect, B, S01), C2 (owner, premium, S02/A01, vehicle VIN1) and
    C3 (owner, general, do_not_contact, vehicle VIN2)."""
    for kind, text in (("staff", DEALER_STAFF), ("customers", DEALER_CUSTOMERS), ("vehicles", DEALER_VEHICLES)):
        path = csvfile(f"dealer-{kind}.csv", text)
        result = cli("--db", db, "import", kind, path)
        assert result.exit_code == 0, result.output
        path.unlink()
    return db


@pytest.fixture(scope="session")
def demo(request, _empty_database, tmp_path_factory) -> str:
    """The example dealership (examples/*.csv) in a database shared by the tests that only read it."""
    import shutil

    import postgres

    if postgres.is_url(_empty_database) or postgres.backend() == postgres.POSTGRESQL:
        server = request.getfixturevalue("postgres_server")
        path = server.url(server.create_database("demo", template=_empty_database))
    else:
        path = tmp_path_factory.mktemp("demo") / "demo.db"
        shutil.copy2(_empty_database, path)
    return load_example_dealership(path)


def load_example_dealership(path) -> str:
    """The example dealership (examples/*.csv) imported into the initialised database at ``path``."""
    from followup_cli.demo_data import load_examples
    from followup_cli.store.database import locate, make_engine

    engine = make_engine(locate(str(path)))
    results = load_examples(engine)
    engine.dispose()
    assert not any(r.error_count for r in results.values())
    return str(path)
