#!/usr/bin/env python3
"""Self-check for the SEALED-5 set (adapted from the fourth sealed set's check.py, itself
adapted from the earlier sealed sets' and from ../shared/eval/dev-colloquial/check.py).

Runs against the shipped report.  The report is found relative to this file when the folder
sits at <project>/test/eval/sealed5/ (../../../data/reports/tongren-governance-digest.txt),
with /work/main as a fallback.  Old sets compared: ../shared/eval/dev and dev-colloquial
(beside the project, fallback /work/shared/eval), and the four earlier sealed sets
test/eval/sealed, sealed2, sealed3 and sealed4 -- their questions and queries are NEVER printed,
only a similarity ratio (or, for an identical one, the id of the item here).  Errors:
  - every evidence string occurs verbatim (whitespace removed) in ONE paragraph
    fragment of the report (page breaks split paragraphs; no evidence spans a break),
    inside the article(s) the item is filed under; each listed article has evidence;
  - every must_include occurs in the report and in the item's own evidence;
  - each stats value is printed in its evidence, followed by its unit (余 may come between);
  - ids unique and well formed (r001, q001, t501), kinds valid, minimum counts
    (>=70 qa, >=25 traps, >=12 stats, >=15 qa items per article);
  - a question/query identical to one in an old set (or within this set).
Warnings (to be resolved by rewording, not ignored):
  - near-duplicates (difflib ratio >= 0.6) of any old-set question or of another question
    in this set; long evidence; stats queries outside 4-7 characters."""
import os, runpy

HERE = os.path.dirname(os.path.abspath(__file__))
runpy.run_path(
    os.path.join(HERE, '..', 'sealed_check.py'),
    init_globals={'HERE': HERE, 'QA_ID': r'r\d{3}', 'TRAP_ID': r'q\d{3}', 'STATS_ID': r't5\d{2}', 'HIDDEN_NAMES': ('sealed', 'sealed2', 'sealed3', 'sealed4')},
    run_name='__main__',
)
