#!/usr/bin/env python3
"""The self-check shared by all the sealed sets (each set's check.py names its folder,
its id patterns and the earlier sealed sets, then runs this with runpy). It was written by the
sets' authors as sealed3/check.py (adapted from the earlier sets' and from
../shared/eval/dev-colloquial/check.py) and copied for sealed4 and sealed5 with only those
settings changed; it lives here once.

Runs against the shipped report, found relative to the set's folder
(<project>/test/eval/<set>/ → ../../../data/reports/tongren-governance-digest.txt).  Old sets compared: ../shared/eval/dev and dev-colloquial, and the
earlier sealed sets -- their questions and queries are NEVER printed, only a similarity ratio (or,
for an identical one, the id of the item here).  Errors:
  - every evidence string occurs verbatim (whitespace removed) in ONE paragraph
    fragment of the report (page breaks split paragraphs; no evidence spans a break),
    inside the article(s) the item is filed under; each listed article has evidence;
  - every must_include occurs in the report and in the item's own evidence;
  - each stats value is printed in its evidence, followed by its unit (余 may come between);
  - ids unique and well formed, kinds valid, minimum counts
    (>=70 qa, >=25 traps, >=12 stats, >=15 qa items per article);
  - a question/query identical to one in an old set (or within this set).
Warnings (to be resolved by rewording, not ignored):
  - near-duplicates (difflib ratio >= 0.6) of any old-set question or of another question
    in this set; long evidence; stats queries outside 4-7 characters.

Settings given by the caller (runpy init_globals): HERE (the set's folder), QA_ID, TRAP_ID,
STATS_ID (id patterns), HIDDEN_NAMES (the earlier sealed sets' folder names) and, optionally,
QUERY_CHARS (shortest and longest /stats query; 4–7 unless given: the first set allowed 1–8)."""
import json, os, re, sys, unicodedata, difflib
from collections import Counter


REL = os.path.join('data', 'reports', 'tongren-governance-digest.txt')
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
CORPUS = os.path.join(ROOT, REL)
# the shared dev sets sit beside the project when they are there; without them only the sealed sets are compared
SHARED = os.path.normpath(os.path.join(ROOT, '..', 'shared', 'eval'))
HIDDEN = [os.path.join(ROOT, 'test', 'eval', n) for n in HIDDEN_NAMES]
SHARED_SETS = [d for d in (os.path.join(SHARED, 'dev'), os.path.join(SHARED, 'dev-colloquial')) if os.path.isdir(d)]
if len(SHARED_SETS) < 2:
    print('note: ../shared/eval is not beside the project; dev and dev-colloquial are not compared')
OLD_SETS = SHARED_SETS + HIDDEN
for d in OLD_SETS: assert os.path.isdir(d), d
assert os.path.isfile(CORPUS), CORPUS

def ws(s): return re.sub(r'\s+', '', s)
def norm(s): return ws(unicodedata.normalize('NFKC', s))

lines = open(CORPUS, encoding='utf-8').read().split('\n')
starts = {'bijiang': None, 'sinan': None, 'yuping': None, 'wanshan': None}
for i, l in enumerate(lines):
    if l.startswith('# 碧江'): starts['bijiang'] = i
    elif l.startswith('# 思南'): starts['sinan'] = i
    elif l.startswith('# 玉屏'): starts['yuping'] = i
    elif l.startswith('近年来,万山区'): starts['wanshan'] = i
assert all(v is not None for v in starts.values()), starts
order = sorted(starts, key=lambda k: starts[k])
span = {}
for j, k in enumerate(order):
    span[k] = (starts[k], starts[order[j + 1]] if j + 1 < len(order) else len(lines))
REGION = {'碧江': 'bijiang', '思南': 'sinan', '玉屏': 'yuping', '万山': 'wanshan'}

raw_lines = [ws(l) for l in lines]
full = ''.join(raw_lines)

def where(ev):
    e = ws(ev)
    return [i for i, l in enumerate(raw_lines) if e and e in l]

def in_article(idx, arts):
    return any(span[a][0] <= i < span[a][1] for i in idx for a in arts)

errors, warns = [], []
def err(m): errors.append(m)
def warn(m): warns.append(m)
def load(p): return [json.loads(l) for l in open(p, encoding='utf-8') if l.strip()]

old_q, old_s, hidden_q, hidden_s = [], [], {}, []
for d in OLD_SETS:
    qs = [x['question'] for x in load(os.path.join(d, 'qa.jsonl'))]
    qs += [x['question'] for x in load(os.path.join(d, 'unanswerable.jsonl'))]
    ss = [x['query'] for x in load(os.path.join(d, 'stats.jsonl'))]
    if d in HIDDEN:
        hidden_q[os.path.basename(d)] = qs; hidden_s += ss
    else:
        old_q += qs; old_s += ss
maxr = Counter()

def dup_check(i, q, pool, label, hide=False):
    for dq in pool:
        if q == dq:
            err(f'{i}: identical to a {label} question' + ('' if hide else f': {q}'))
        else:
            r = difflib.SequenceMatcher(None, q, dq).ratio()
            maxr[label] = max(maxr[label], r)
            if r >= 0.6:
                warn(f'{i}: similar to {label} ({r:.2f})' + (' [hidden set: text not shown]' if hide else f': {q} ~ {dq}'))
def dup_all(i, q):
    dup_check(i, q, old_q, 'dev/dev-colloquial')
    for name, pool in hidden_q.items():
        dup_check(i, q, pool, name, hide=True)
    dup_check(i, q, seen_q, 'this set')

ids = set()
def new_id(i, pat):
    if i in ids: err(f'{i}: duplicate id')
    ids.add(i)
    if not re.fullmatch(pat, i): err(f'{i}: id does not match {pat}')

# ---- qa ----
qa = load(os.path.join(HERE, 'qa.jsonl'))
KINDS = {'fact', 'howto', 'practice', 'example', 'compare', 'list'}
seen_q = []
for d in qa:
    i = d['id']; new_id(i, QA_ID)
    keys = set(d)
    if not {'id', 'question', 'article', 'evidence', 'must_include', 'kind'} <= keys <= \
            {'id', 'question', 'article', 'articles', 'evidence', 'must_include', 'kind'}:
        err(f'{i}: keys {keys}')
    if d['kind'] not in KINDS: err(f'{i}: bad kind {d["kind"]}')
    arts = d.get('articles') or [d['article']]
    if any(a not in span for a in arts): err(f'{i}: unknown article {arts}')
    if d['article'] not in arts: err(f'{i}: article not in articles')
    if d['kind'] == 'compare' and len(arts) < 2: err(f'{i}: compare needs articles')
    if 'articles' in d and d['kind'] != 'compare': warn(f'{i}: articles on a non-compare item')
    if not 1 <= len(d['must_include']) <= 3: err(f'{i}: must_include count')
    covered = set()
    for ev in d['evidence']:
        idx = where(ev)
        if not idx:
            err(f'{i}: evidence not verbatim in one paragraph fragment: {ev}'); continue
        if not in_article(idx, arts): err(f'{i}: evidence outside {arts}: {ev}')
        for a in arts:
            if any(span[a][0] <= x < span[a][1] for x in idx): covered.add(a)
        if len(ws(ev)) > 42: warn(f'{i}: long evidence ({len(ws(ev))}): {ev}')
        if norm(ev) not in norm(full): err(f'{i}: evidence fails NFKC check: {ev}')
    if set(arts) - covered: err(f'{i}: no evidence from {set(arts) - covered}')
    evs = ''.join(ws(e) for e in d['evidence'])
    for m in d['must_include']:
        if ws(m) not in full: err(f'{i}: must_include not in report: {m}')
        if not any(ws(m) in ws(e) for e in d['evidence']): err(f'{i}: must_include not in its evidence: {m}')
    dup_all(i, d['question'])
    seen_q.append(d['question'])

# ---- stats ----
st = load(os.path.join(HERE, 'stats.jsonl'))
seen_s = []
for d in st:
    i = d['id']; new_id(i, STATS_ID)
    if not {'id', 'query', 'region', 'expect_value', 'expect_unit', 'evidence'} <= set(d):
        err(f'{i}: missing keys')
    idx = where(d['evidence'])
    if not idx: err(f'{i}: evidence not verbatim: {d["evidence"]}'); continue
    if d['region'] not in REGION: err(f'{i}: region must be one of {list(REGION)}')
    elif not in_article(idx, [REGION[d['region']]]): err(f'{i}: evidence outside region')
    pat = r'(?<![\d.])' + re.escape(d['expect_value']) + r'(?![\d.])'
    m = re.search(pat, ws(d['evidence']))
    if not m: err(f'{i}: value {d["expect_value"]} not printed in evidence'); continue
    after = ws(d['evidence'])[m.end():]
    if not (after.startswith(d['expect_unit']) or after.lstrip('余').startswith(d['expect_unit'])):
        err(f'{i}: unit {d["expect_unit"]} does not follow value in evidence')
    if 'approx' in d and d['approx'] not in ws(d['evidence']): err(f'{i}: approx marker not in evidence')
    for a in d.get('also_detail', []):
        if ws(a['value']) not in ws(a['evidence']) or not where(a['evidence']): err(f'{i}: bad also_detail {a}')
    lo, hi = globals().get('QUERY_CHARS', (4, 7))
    if not lo <= len(d['query']) <= hi: warn(f'{i}: query not {lo}-{hi} characters: {d["query"]}')
    if d['query'] in old_s or d['query'] in seen_s: err(f'{i}: query repeats an existing query: {d["query"]}')
    if d['query'] in hidden_s: err(f'{i}: query repeats a query of an earlier sealed set [text not shown]')
    if not set(d) <= {'id', 'query', 'region', 'expect_value', 'expect_unit', 'evidence', 'also', 'also_detail', 'approx'}:
        err(f'{i}: unexpected keys {set(d)}')
    if 'approx' in d and not re.search(re.escape(d['expect_value']) + r'(余|' + re.escape(d['expect_unit']) + ')', ws(d['evidence'])) and d['approx'] not in ws(d['evidence']):
        err(f'{i}: approx marker not next to value')
    seen_s.append(d['query'])

# ---- unanswerable ----
un = load(os.path.join(HERE, 'unanswerable.jsonl'))
for d in un:
    i = d['id']; new_id(i, TRAP_ID)
    if set(d) != {'id', 'question', 'why'}: err(f'{i}: keys {set(d)}')
    dup_all(i, d['question'])
    seen_q.append(d['question'])

by_art = Counter(a for d in qa for a in (d.get('articles') or [d['article']]))
if len(qa) < 70: err(f'only {len(qa)} qa items')
if len(un) < 25: err(f'only {len(un)} unanswerable items')
if len(st) < 12: err(f'only {len(st)} stats items')
for a in span:
    if by_art[a] < 15: err(f'article {a} has only {by_art[a]} items')

print('qa', len(qa), dict(Counter(d['kind'] for d in qa)))
print('qa by article', dict(by_art))
print('stats', len(st), dict(Counter(d['region'] for d in st)))
print('unanswerable', len(un))
print('max ratio', {k: round(v, 2) for k, v in maxr.items()})
for w in warns: print('WARN', w)
for e in errors: print('ERROR', e)
print('OK' if not errors and not warns else (f'{len(errors)} errors, {len(warns)} warnings'))
sys.exit(1 if errors else 0)
