/**
 * `jiceng eval`: retrieval (hit@1/3/5, MRR), answers (must_include coverage,
 * citation validity, numbers verified, wrongly refused), refusals on
 * unanswerable questions, statistics (expected value in the top 3) and latency.
 */
import type { Assistant } from "../assistant/types.js";
import { unverifiedNumbers } from "../answer/validate.js";
import { compactKey } from "../text/normalize.js";
import type { EvalSet, QaItem, StatsItem } from "./sets.js";

/** Scores of one evaluation set. */
export interface EvalReport {
  set: string;
  retrieval: { n: number; hit1: number; hit3: number; hit5: number; mrr: number; misses: string[] };
  answers: { n: number; mustInclude: number; citationsValid: number; numbersVerified: number; wronglyRefused: number; misses: string[] };
  refusals: { n: number; refused: number; misses: string[] };
  stats: { n: number; top3: number; misses: string[] };
  /** Dialogues: turns scored in their chat's context (must_include and the refusal flag per turn). */
  dialogues: { n: number; turns: number; turnsPassed: number; misses: string[] };
  latency: { askP50: number; askP95: number };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** True when a fact matches the expected value (as printed or as a number) and region. */
export function factMatches(f: { value: number; raw: string; unit: string; region: string | null }, item: StatsItem): boolean {
  const expected = item.expect_value;
  const printed = (f.raw.match(/\d+(?:\.\d+)?/) ?? [""])[0];
  const valueOk = printed === expected || String(f.value) === expected;
  const regionOk = !item.region || (f.region ?? "").includes(item.region);
  return valueOk && regionOk;
}

async function evalRetrieval(assistant: Assistant, qa: QaItem[]) {
  let h1 = 0,
    h3 = 0,
    h5 = 0,
    mrr = 0;
  const misses: string[] = [];
  for (const item of qa) {
    const hits = await assistant.search(item.question, 5);
    const ev = item.evidence.map(compactKey);
    const rank = hits.findIndex((h) => ev.some((e) => compactKey(h.passage.text).includes(e))) + 1;
    if (rank === 1) h1++;
    if (rank >= 1 && rank <= 3) h3++;
    if (rank >= 1) {
      h5++;
      mrr += 1 / rank;
    } else misses.push(`${item.id} ${item.question}`);
  }
  const n = qa.length || 1;
  return { n: qa.length, hit1: round(h1 / n), hit3: round(h3 / n), hit5: round(h5 / n), mrr: round(mrr / n), misses };
}

async function evalAnswers(assistant: Assistant, qa: QaItem[], times: number[]) {
  let complete = 0,
    refusedWrongly = 0,
    cites = 0,
    citesValid = 0,
    nums = 0,
    numsOk = 0;
  const misses: string[] = [];
  for (const item of qa) {
    const a = await assistant.ask(item.question);
    times.push(a.ms);
    if (a.refused) refusedWrongly++;
    const text = compactKey(a.text);
    const missing = item.must_include.filter((m) => !text.includes(compactKey(m)));
    if (missing.length === 0) complete++;
    else misses.push(`${item.id} ${item.question} — missing ${missing.join("/")}${a.refused ? " (refused)" : ""}`);
    for (const c of a.citations) {
      cites++;
      const p = assistant.source(c.id);
      if (p && p.text === c.quote) citesValid++;
    }
    const { total, unverified } = unverifiedNumbers(a.text, new Map(a.citations.map((c) => [c.n, c.quote])));
    nums += total;
    numsOk += total - unverified.length;
  }
  const n = qa.length || 1;
  return {
    n: qa.length,
    mustInclude: round(complete / n),
    citationsValid: cites ? round(citesValid / cites) : 1,
    numbersVerified: nums ? round(numsOk / nums) : 1,
    wronglyRefused: round(refusedWrongly / n),
    misses,
  };
}

/** Run every metric over one set. */
export async function runEval(assistant: Assistant, set: EvalSet): Promise<EvalReport> {
  const times: number[] = [];
  const retrieval = await evalRetrieval(assistant, set.qa);
  const answers = await evalAnswers(assistant, set.qa, times);
  let refused = 0;
  const refusalMisses: string[] = [];
  for (const item of set.unanswerable) {
    const a = await assistant.ask(item.question);
    times.push(a.ms);
    if (a.refused) refused++;
    else refusalMisses.push(`${item.id} ${item.question.slice(0, 40)} → ${a.text.slice(0, 60).replace(/\n/g, " ")}`);
  }
  let top3 = 0;
  const statsMisses: string[] = [];
  for (const item of set.stats) {
    const facts = assistant.stats(item.query).facts.slice(0, 3);
    if (facts.some((f) => factMatches(f, item))) top3++;
    else statsMisses.push(`${item.id} ${item.query} → ${facts.map((f) => f.raw).join(", ") || "(none)"}`);
  }
  const dialogues = await evalDialogues(assistant, set, times);
  times.sort((a, b) => a - b);
  return {
    set: set.name,
    retrieval,
    answers,
    refusals: { n: set.unanswerable.length, refused: round(refused / (set.unanswerable.length || 1)), misses: refusalMisses },
    stats: { n: set.stats.length, top3: round(top3 / (set.stats.length || 1)), misses: statsMisses },
    dialogues,
    latency: { askP50: percentile(times, 50), askP95: percentile(times, 95) },
  };
}

/** Each dialogue in its own chat; a turn passes when its must_include strings are there and its refusal flag is as expected. */
async function evalDialogues(assistant: Assistant, set: EvalSet, times: number[]): Promise<EvalReport["dialogues"]> {
  let turns = 0;
  let passed = 0;
  const misses: string[] = [];
  for (const d of set.dialogues) {
    const chatId = `eval:${set.name}:${d.id}`;
    for (const [i, t] of d.turns.entries()) {
      const a = await assistant.ask(t.question, { chatId });
      times.push(a.ms);
      turns++;
      const text = compactKey(a.text);
      const missing = (t.must_include ?? []).filter((m) => !text.includes(compactKey(m)));
      const flagOk = t.refused === undefined || t.refused === a.refused;
      if (missing.length === 0 && flagOk) passed++;
      else misses.push(`${d.id}#${i + 1} ${t.question} — ${missing.length ? `missing ${missing.join("/")}` : `refused ${a.refused}`}`);
    }
  }
  return { n: set.dialogues.length, turns, turnsPassed: turns ? round(passed / turns) : 1, misses };
}

/** The readable report lines. */
export function formatEval(r: EvalReport, verbose = false): string {
  const f = (x: number) => x.toFixed(3);
  const lines = [
    `[${r.set}] retrieval  n=${r.retrieval.n}  hit@1 ${f(r.retrieval.hit1)}  hit@3 ${f(r.retrieval.hit3)}  hit@5 ${f(r.retrieval.hit5)}  MRR ${f(r.retrieval.mrr)}`,
    `[${r.set}] answers    n=${r.answers.n}  must_include ${f(r.answers.mustInclude)}  citations_valid ${f(r.answers.citationsValid)}  numbers_verified ${f(r.answers.numbersVerified)}  wrongly_refused ${f(r.answers.wronglyRefused)}`,
    `[${r.set}] refusals   n=${r.refusals.n}  refused ${f(r.refusals.refused)}`,
    `[${r.set}] stats      n=${r.stats.n}  top3 ${f(r.stats.top3)}`,
    ...(r.dialogues.n ? [`[${r.set}] dialogues  n=${r.dialogues.n}  turns=${r.dialogues.turns}  turns_passed ${f(r.dialogues.turnsPassed)}`] : []),
    `[${r.set}] latency    ask p50 ${r.latency.askP50.toFixed(1)} ms  p95 ${r.latency.askP95.toFixed(1)} ms`,
  ];
  if (verbose) {
    for (const m of r.retrieval.misses) lines.push(`  retrieval miss: ${m}`);
    for (const m of r.answers.misses) lines.push(`  answer miss: ${m}`);
    for (const m of r.refusals.misses) lines.push(`  not refused: ${m}`);
    for (const m of r.stats.misses) lines.push(`  stats miss: ${m}`);
    for (const m of r.dialogues.misses) lines.push(`  dialogue miss: ${m}`);
  }
  return lines.join("\n");
}
