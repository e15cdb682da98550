#!/usr/bin/env python3
"""Self-check of the first sealed set: the shared checker (../sealed_check.py, which says what it checks)
with this set's folder, id patterns and the sealed sets written before it."""
import os, runpy

HERE = os.path.dirname(os.path.abspath(__file__))
runpy.run_path(
    os.path.join(HERE, '..', 'sealed_check.py'),
    init_globals={'HERE': HERE, 'QA_ID': r's\d{3}', 'TRAP_ID': r'x\d{3}', 'STATS_ID': r't1\d{2}', 'HIDDEN_NAMES': (), 'QUERY_CHARS': (1, 8)},
    run_name='__main__',
)
