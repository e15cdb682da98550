#!/usr/bin/env python3
"""Self-check for the SEALED-4 set (adapted from the third sealed set's check.py, itself
adapted from the earlier sealed sets' and from ../shared/eval/dev-colloquial/check.py).

Runs against the shipped report.  The report is found relative to this file when the folder
sits at <project>/test/eval/sealed4/ (../../../data/reports/tongren-governance-digest.txt),
with /work/main as a fallback.  Old sets compared: ../shared/eval/dev and dev-colloquial
(beside the project, fallback /work/shared/eval), and the three earlier sealed sets
test/eval/sealed, sealed2 and sealed3 -- their questions and queries are NEVER printed,
only a similarity ratio (or, for an identical one, the id of the item here).  Errors:
  - every evidence string occurs verbatim (whitespace removed) in ONE paragraph
    fragment of the report (page breaks split paragraphs; no evidence spans a break),
    inside the article(s) the item is filed under; each listed article has evidence;
  - every must_include occurs in the report and in the item's own evidence;
  - each stats value is printed in its evidence, followed by its unit (余 may come between);
  - ids unique and well formed (v001, u001, t401), kinds valid, minimum counts
    (>=70 qa, >=25 traps, >=12 stats, >=15 qa items per article);
  - a question/query identical to one in an old set (or within this set).
Warnings (to be resolved by rewording, not ignored):
  - near-duplicates (difflib ratio >= 0.6) of any old-set question or of another question
    in this set; long evidence; stats queries outside 4-7 characters."""
import os, runpy

HERE = os.path.dirname(os.path.abspath(__file__))
runpy.run_path(
    os.path.join(HERE, '..', 'sealed_check.py'),
    init_globals={'HERE': HERE, 'QA_ID': r'v\d{3}', 'TRAP_ID': r'u\d{3}', 'STATS_ID': r't4\d{2}', 'HIDDEN_NAMES': ('sealed', 'sealed2', 'sealed3')},
    run_name='__main__',
)
