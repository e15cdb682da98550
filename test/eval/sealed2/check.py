#!/usr/bin/env python3
"""Self-check of the second sealed set: the shared checker (../sealed_check.py, which says what it checks)
with this set's folder, id patterns and the sealed sets written before it."""
import os, runpy

HERE = os.path.dirname(os.path.abspath(__file__))
runpy.run_path(
    os.path.join(HERE, '..', 'sealed_check.py'),
    init_globals={'HERE': HERE, 'QA_ID': r'z\d{3}', 'TRAP_ID': r'y\d{3}', 'STATS_ID': r't2\d{2}', 'HIDDEN_NAMES': ('sealed',)},
    run_name='__main__',
)
