// Side-by-side benchmark of two peers of parley: XState v5 and inkjs, on the
// same generated 200-question yes/no tree (trees.mjs, README.md).
// Run by hand:  ./run.sh            human table
//               ./run.sh --json     one JSON object on stdout
//               ./run.sh --quick    fewer / shorter runs
//               ./run.sh --runs 21 --target-ms 200
// Every figure is the median over `runs` runs of the mean time of one
// operation in that run (each run repeats the operation for about target-ms),
// after a warm-up. All answers given are "yes".
import { createActor } from 'xstate';
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { QUESTIONS, xstateMachine, inkStoryJson, Story } from './trees.mjs';

// ---------------------------------------------------------------- options
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} wants a positive number`);
  return v;
};
if (flag('--help') || flag('-h')) {
  console.log('usage: node bench.mjs [--json] [--quick] [--runs N] [--target-ms MS] [--warmup-ms MS] [--parley BINARY]');
  process.exit(0);
}
const QUICK = flag('--quick');
const JSON_OUT = flag('--json');
const RUNS = option('--runs', QUICK ? 5 : 15);
const TARGET_MS = option('--target-ms', QUICK ? 30 : 100);
const WARMUP_MS = option('--warmup-ms', QUICK ? 100 : 300);
const POINTS = [20, 100]; // answers given before persisting
// parley's side: the Google Benchmark binary bench/bench_peer_tree.cpp builds (run.sh builds it).
const PARLEY_BIN = (() => {
  const i = argv.indexOf('--parley');
  return i >= 0 ? argv[i + 1] : new URL('../../build-bench/bench/parley_bench_peer_tree', import.meta.url).pathname;
})();

const log = JSON_OUT ? (...a) => console.error(...a) : (...a) => console.log(...a);
const version = (pkg) =>
  JSON.parse(readFileSync(new URL(`./node_modules/${pkg}/package.json`, import.meta.url))).version;

// ---------------------------------------------------------------- harness
let sink = 0; // keeps results alive so nothing is optimised away
const now = () => process.hrtime.bigint();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Times `batch(n)`, which runs the operation n times and returns the
// nanoseconds spent in the timed part. Warm-up first, then the batch size is
// set so that one run lasts about TARGET_MS, then RUNS runs.
function measure(batch) {
  let n = 1;
  let spent = 0n;
  const warmEnd = now() + BigInt(WARMUP_MS * 1e6);
  let done = 0;
  while (now() < warmEnd) {
    spent += batch(n);
    done += n;
    if (n < 1024) n *= 2;
  }
  const perOpNs = Number(spent) / Math.max(done, 1);
  const iterations = Math.max(1, Math.round((TARGET_MS * 1e6) / Math.max(perOpNs, 1)));
  const perRun = [];
  for (let r = 0; r < RUNS; r++) perRun.push(Number(batch(iterations)) / iterations / 1e3);
  return {
    median_us: median(perRun),
    min_us: Math.min(...perRun),
    max_us: Math.max(...perRun),
    iterations,
  };
}

// A batch whose operation needs no per-operation setup outside the clock.
const simple = (op) => (n) => {
  const t0 = now();
  for (let i = 0; i < n; i++) sink ^= op();
  return now() - t0;
};

function assert(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
}

const results = [];
// `metric` is the peer's own wording; the operation (turn, persist, restore, persist+restore,
// request) is its first word, which is how rows of different peers are matched for the ratios.
function record(peer, metric, answers, m, bytes) {
  const row = { peer, metric, operation: metric.startsWith('extra:') ? null : metric.split(' ')[0], answers, ...m };
  if (bytes !== undefined) row.bytes = bytes;
  results.push(row);
  log(line(row));
}
const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
function line(r) {
  const metric = r.answers === null ? r.metric : `${r.metric} @${r.answers}`;
  const bytes = r.bytes === undefined ? '' : `${r.bytes} B`;
  return (
    r.peer.padEnd(7) +
    metric.padEnd(44) +
    `${fmt(r.median_us)} µs`.padStart(12) +
    `  (${fmt(r.min_us)}–${fmt(r.max_us)})`.padEnd(20) +
    bytes.padStart(9)
  );
}

// ---------------------------------------------------------------- XState
function benchXState() {
  const machine = xstateMachine(QUESTIONS);
  const YES = { type: 'YES' };
  const persist = (actor) => JSON.stringify(actor.getPersistedSnapshot());
  const restore = (text) => createActor(machine, { snapshot: JSON.parse(text) }).start();
  const after = (k) => {
    const a = createActor(machine).start();
    for (let i = 0; i < k; i++) a.send(YES);
    return a;
  };

  // checks: the walk ends after QUESTIONS answers; a restore gives back the state
  {
    const a = after(QUESTIONS);
    assert(a.getSnapshot().status === 'done', 'xstate ends after the last question');
    assert(Object.keys(a.getSnapshot().context).length === QUESTIONS, 'xstate holds every answer');
    const b = after(100);
    const saved = persist(b);
    const c = restore(saved);
    assert(c.getSnapshot().value === 'q101', 'xstate restored at question 101');
    assert(persist(c) === saved, 'xstate restore round-trips');
    c.send(YES);
    assert(c.getSnapshot().value === 'q102' && c.getSnapshot().context.q101 === true, 'xstate answers after restore');
  }

  // per turn: whole conversations, only the sends are timed
  const turn = measure((n) => {
    let spent = 0n;
    let left = n;
    while (left > 0) {
      const a = createActor(machine).start();
      const k = Math.min(left, QUESTIONS);
      const t0 = now();
      for (let i = 0; i < k; i++) a.send(YES);
      spent += now() - t0;
      sink ^= a.getSnapshot().context.q1 ? 1 : 0;
      a.stop();
      left -= k;
    }
    return spent;
  });
  record('xstate', 'turn (send YES)', null, turn);

  for (const k of POINTS) {
    const src = after(k);
    const saved = persist(src);
    const bytes = Buffer.byteLength(saved);
    const actors = [];
    const restoreBatch = (op) => (n) => {
      const t0 = now();
      for (let i = 0; i < n; i++) actors.push(op());
      const t = now() - t0;
      for (const a of actors) a.stop();
      actors.length = 0;
      return t;
    };
    record('xstate', 'persist', k, measure(simple(() => persist(src).length)), bytes);
    record('xstate', 'restore', k, measure(restoreBatch(() => restore(saved))), bytes);
    record('xstate', 'persist+restore', k, measure(restoreBatch(() => restore(persist(src)))), bytes);
    record(
      'xstate',
      'request (restore+answer+persist)',
      k,
      measure(
        restoreBatch(() => {
          const a = restore(saved);
          a.send(YES);
          sink ^= persist(a).length;
          return a;
        }),
      ),
    );
  }
}

// ---------------------------------------------------------------- inkjs
function benchInk() {
  const storyJson = inkStoryJson(QUESTIONS); // compiled once, as a server would ship it
  const answer = (story) => {
    story.ChooseChoiceIndex(0); // "Yes"
    return story.ContinueMaximally();
  };
  const persist = (story) => story.state.toJson();
  const restore = (saved) => {
    const s = new Story(storyJson);
    s.state.LoadJson(saved);
    return s;
  };
  const after = (k) => {
    const s = new Story(storyJson);
    s.ContinueMaximally();
    for (let i = 0; i < k; i++) answer(s);
    return s;
  };

  {
    const s = after(QUESTIONS);
    assert(!s.canContinue && s.currentChoices.length === 0, 'ink ends after the last question');
    assert(s.variablesState.q200 === true, 'ink holds the last answer');
    const saved = persist(after(100));
    const r = restore(saved);
    // before any read of currentChoices, whose getter renumbers the choices' index
    assert(persist(r) === saved, 'ink restore round-trips');
    assert(r.currentChoices.length === 2, 'ink restored with the two choices');
    assert(r.variablesState.q100 === true && r.variablesState.q101 === 0, 'ink restored the answers');
    assert(answer(r) === 'Question 102?\n', 'ink answers after restore');
  }

  const turn = measure((n) => {
    let spent = 0n;
    let left = n;
    const s = new Story(storyJson);
    while (left > 0) {
      s.ResetState();
      s.ContinueMaximally();
      const k = Math.min(left, QUESTIONS);
      const t0 = now();
      for (let i = 0; i < k; i++) sink ^= answer(s).length;
      spent += now() - t0;
      left -= k;
    }
    return spent;
  });
  record('inkjs', 'turn (Choose+ContinueMaximally)', null, turn);

  const kept = new Story(storyJson); // for the "kept Story" extra lines
  const restoreKept = (saved) => {
    kept.state.LoadJson(saved);
    return kept;
  };

  for (const k of POINTS) {
    const src = after(k);
    const saved = persist(src);
    const bytes = Buffer.byteLength(saved);
    record('inkjs', 'persist', k, measure(simple(() => persist(src).length)), bytes);
    record('inkjs', 'restore (new Story+LoadJson)', k, measure(simple(() => restore(saved).currentChoices.length)), bytes);
    record('inkjs', 'persist+restore', k, measure(simple(() => restore(persist(src)).currentChoices.length)), bytes);
    record(
      'inkjs',
      'request (restore+answer+persist)',
      k,
      measure(
        simple(() => {
          const s = restore(saved);
          answer(s);
          return persist(s).length;
        }),
      ),
    );
    // extra: a server that keeps one Story per script and only loads state
    record('inkjs', 'extra: restore (kept Story, LoadJson)', k, measure(simple(() => restoreKept(saved).currentChoices.length)), bytes);
    record(
      'inkjs',
      'extra: request (kept Story)',
      k,
      measure(
        simple(() => {
          const s = restoreKept(saved);
          answer(s);
          return persist(s).length;
        }),
      ),
    );
  }
  return Buffer.byteLength(storyJson);
}

// ---------------------------------------------------------------- parley
// Runs the C++ benchmark with the same number of runs and run length, and records each benchmark's
// median, min and max over its repetitions, as `measure` does for the peers.
function benchParley() {
  if (!existsSync(PARLEY_BIN)) throw new Error(`no parley benchmark at ${PARLEY_BIN} (run.sh builds it)`);
  const out = execFileSync(PARLEY_BIN, [
    '--benchmark_format=json',
    `--benchmark_repetitions=${RUNS}`,
    `--benchmark_min_time=${TARGET_MS / 1000}`,
  ], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const runs = new Map(); // "BM_Persist/20" -> [{us, bytes}]
  for (const b of JSON.parse(out).benchmarks) {
    if (b.run_type !== 'iteration') continue;
    assert(b.time_unit === 'ns', 'parley bench reports nanoseconds');
    const list = runs.get(b.run_name) ?? [];
    list.push({ us: b.real_time / 1e3, bytes: b.bytes });
    runs.set(b.run_name, list);
  }
  const operations = { Turn: 'turn', Persist: 'persist', Restore: 'restore', PersistRestore: 'persist+restore', Request: 'request' };
  for (const [name, list] of runs) {
    const [, op, arg] = name.match(/^BM_(\w+?)(?:\/(\d+))?$/);
    const us = list.map((r) => r.us);
    const m = { median_us: median(us), min_us: Math.min(...us), max_us: Math.max(...us), iterations: null };
    record('parley', operations[op], arg === undefined ? null : Number(arg), m, list[0].bytes);
  }
}

// Each peer's median over parley's, per operation and point: how many times slower the peer is.
function ratios() {
  const parley = results.filter((r) => r.peer === 'parley');
  const rows = [];
  for (const r of results) {
    if (r.peer === 'parley' || r.operation === null) continue;
    const p = parley.find((q) => q.operation === r.operation && q.answers === r.answers);
    if (!p) continue;
    rows.push({ peer: r.peer, operation: r.operation, answers: r.answers, times_parley: r.median_us / p.median_us,
                bytes_parley: r.bytes !== undefined && p.bytes ? r.bytes / p.bytes : null });
  }
  return rows;
}

// ---------------------------------------------------------------- main
const meta = {
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  xstate: version('xstate'),
  inkjs: version('inkjs'),
  questions: QUESTIONS,
  answers: 'all yes',
  runs: RUNS,
  target_ms: TARGET_MS,
  warmup_ms: WARMUP_MS,
  statistic: 'median over runs of the mean µs per operation',
};
log(`parley peers bench: node ${meta.node}, xstate ${meta.xstate}, inkjs ${meta.inkjs}, ` +
    `${meta.cores} × ${meta.cpu}; ${QUESTIONS} questions, all answers yes; median of ${RUNS} runs`);
log('peer   metric'.padEnd(51) + 'median'.padStart(12) + '  (min–max µs)'.padEnd(20) + 'size'.padStart(9));
benchParley();
benchXState();
meta.ink_story_json_bytes = benchInk();
log(`(inkjs compiled story JSON: ${meta.ink_story_json_bytes} B; sizes are the persisted state in bytes)`);
const ratio = ratios();
log('\nratio to parley (peer median / parley median; size ratio where both persist)');
for (const r of ratio) {
  const what = r.answers === null ? r.operation : `${r.operation} @${r.answers}`;
  const size = r.bytes_parley === null ? '' : `${r.bytes_parley.toFixed(2)}× the bytes`;
  log(r.peer.padEnd(7) + what.padEnd(24) + `${r.times_parley.toFixed(1)}× the time`.padStart(18) + size.padStart(20));
}
if (JSON_OUT) console.log(JSON.stringify({ meta, results, ratios: ratio }, null, 2));
if (sink === 0.5) console.error(sink); // never true; reads the sink
