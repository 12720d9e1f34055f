"""``store.loaders.CustomerFiles``: what ``followup report`` reads (issue 19: a report's memory must not grow
with the dealership). The same files as ``load_files``, in the same order, read again on each pass, a
chunk at a time(``--store``: tests/cli/test_dealer_group.py)."""

from __future__ import annotations

from unittest import mock

from followup_cli.store import loaders
from followup_cli.store.database import open_store


def test_the_files_are_those_of_load_files_read_a_chunk_at_a_time_on_every_pass(demo):
    engine = open_store(demo)
    with engine.connect() as conn:
        whole = loaders.load_files(conn)
        files = loaders.CustomerFiles(conn, chunk_size=37)
        chunks = []
        load = loaders._load_files

        def counted(*args, **kwargs):
            out = load(*args, **kwargs)
            chunks.append(len(out))
            return out

        with mock.patch.object(loaders, "_load_files", counted):
            first, second = list(files), list(files)
    engine.dispose()
    assert len(whole) > 5 * 37
    assert first == whole and second == whole  # referrals, visits and every contact included
    # each pass reads ceil(n / 37) chunks of at most 37 customers
    per_pass = -(-len(whole) // 37)
    assert len(chunks) == 2 * per_pass and max(chunks) == 37 and sum(chunks) == 2 * len(whole)

