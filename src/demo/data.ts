// The demo's data, generated deterministically (a PRNG seeded with the hour: the same start
// hour always gives the same files): a churn model's endpoint "churn-demo" in SageMaker's
// data-capture layout, its ground-truth labels, and the training files the four baselines are
// computed from. From two hours before `now` on, the traffic drifts (older, pricier customers on a new plan),
// the labels stop following the model, women stop getting positive predictions and the
// attributions reverse: every monitor type has something to report.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seededRandom } from '@mmg/engine';
import type { Config } from '../config.js';

export const DEMO_ENDPOINT = 'churn-demo';
export const DEMO_VARIANT = 'AllTraffic';
export const FEATURES = ['gender', 'age', 'tenure_months', 'monthly_charges', 'plan'] as const;

const HOUR = 3_600_000;
const RECORDS_PER_HOUR = 240;
const TRAINING_ROWS = 2_000;

interface Customer {
  gender: 'F' | 'M';
  age: number;
  tenure_months: number;
  monthly_charges: number;
  plan: string;
}

interface Scored {
  customer: Customer;
  probability: number;
  predicted: 0 | 1;
  label: 0 | 1;
  explanations: Record<string, number>;
}

const PLAN_EFFECT: Record<string, number> = { basic: 0.6, standard: 0, premium: -0.5, enterprise: 0.9 };
const round = (x: number, digits: number) => Number(x.toFixed(digits));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function customer(r: () => number, drifted: boolean): Customer {
  const plans = drifted ? ['basic', 'standard', 'premium', 'enterprise', 'enterprise'] : ['basic', 'basic', 'standard', 'premium'];
  return {
    gender: r() < 0.45 ? 'F' : 'M',
    age: Math.floor(18 + r() * 50 + (drifted ? 15 : 0)),
    tenure_months: Math.floor(r() * r() * 72),
    monthly_charges: round(25 + r() * 70 + (drifted ? 40 : 0), 2),
    plan: plans[Math.floor(r() * plans.length)]!,
  };
}

/** The model's churn score: short tenure, high charges and the basic plan raise it. */
function score(c: Customer): { z: number; terms: Record<string, number> } {
  const terms = {
    gender: c.gender === 'F' ? 0.05 : -0.05,
    age: -0.01 * (c.age - 42),
    tenure_months: -0.06 * (c.tenure_months - 18),
    monthly_charges: 0.035 * (c.monthly_charges - 60),
    plan: PLAN_EFFECT[c.plan] ?? 0,
  };
  return { z: Object.values(terms).reduce((a, b) => a + b, 0), terms };
}

function scored(r: () => number, drifted: boolean): Scored {
  const c = customer(r, drifted);
  const { z, terms } = score(c);
  const probability = round(sigmoid(z), 4);
  let predicted: 0 | 1 = probability >= 0.5 ? 1 : 0;
  if (drifted && c.gender === 'F') predicted = 0; // a bad model update: women are never flagged
  // Before the drift the labels follow the model 90% of the time; after, churn no longer depends on it.
  const label: 0 | 1 = drifted ? (r() < 0.5 ? 1 : 0) : r() < 0.9 ? predicted : predicted === 1 ? 0 : 1;
  const explanations = Object.fromEntries(
    FEATURES.map((f, i) => [f, round(drifted ? 2 - 0.4 * i + 0.1 * r() : Math.abs(terms[f]!) + 0.01 * r(), 4)]),
  );
  return { customer: c, probability, predicted, label, explanations };
}

const csvRow = (c: Customer) => FEATURES.map((f) => c[f]).join(',');

function captureLine(id: string, s: Scored, time: Date): string {
  const output = { predicted_label: s.predicted, probability: s.probability, explanations: s.explanations };
  return JSON.stringify({
    captureData: {
      endpointInput: { observedContentType: 'text/csv', mode: 'INPUT', data: csvRow(s.customer), encoding: 'CSV' },
      endpointOutput: { observedContentType: 'application/json', mode: 'OUTPUT', data: JSON.stringify(output), encoding: 'JSON' },
    },
    eventMetadata: { eventId: `ev-${id}`, inferenceId: id, inferenceTime: time.toISOString() },
    eventVersion: '0',
  });
}

const labelLine = (id: string, label: number) =>
  JSON.stringify({ groundTruthData: { data: String(label), encoding: 'CSV' }, eventMetadata: { eventId: id }, eventVersion: '0' });

const partition = (t: Date) =>
  [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours()].map((n) => String(n).padStart(2, '0')).join('/');

/** The demo's data directory (absolute) when the demo is on: other teams' monitors may read its files too. */
export function demoDataDir(config: Pick<Config, 'DEMO' | 'DEMO_DATA_DIR'>): string | undefined {
  return config.DEMO ? resolve(config.DEMO_DATA_DIR) : undefined;
}

/** Where the demo's files are, as the file:/// URIs the monitors use. */
export function demoLayout(dir: string) {
  const uri = (...parts: string[]) => pathToFileURL(join(dir, ...parts)).href;
  return {
    captureRoot: uri('capture'),
    groundTruth: uri('ground-truth', DEMO_ENDPOINT),
    training: (kind: TrainingKind) => uri('training', `${kind}.csv`),
    reports: (monitorName: string) => uri('reports', monitorName),
  };
}

export type TrainingKind = 'data-quality' | 'model-quality' | 'bias' | 'explainability';

export interface GeneratedData {
  hours: number;
  records: number;
  from: Date;
  to: Date;
  driftFrom: Date;
}

export interface GenerateOptions {
  dir: string;
  now: Date;
  /** Hours of traffic before `now`'s hour; the last two (and the current one) are drifted. */
  historyHours: number;
  /** Hours of traffic after `now` (hourly runs keep finding data); drifted too. */
  aheadHours: number;
}

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** Writes captures and labels hour by hour, and the training files. Replaces earlier demo data in `dir`. */
export async function generateDemoData(o: GenerateOptions): Promise<GeneratedData> {
  const firstHour = Math.floor(o.now.getTime() / HOUR) - o.historyHours;
  const driftFrom = new Date((Math.floor(o.now.getTime() / HOUR) - 2) * HOUR);
  const hours = o.historyHours + o.aheadHours + 1;
  await Promise.all(['capture', 'ground-truth'].map((d) => rm(join(o.dir, d, DEMO_ENDPOINT), { recursive: true, force: true })));
  for (let h = firstHour; h < firstHour + hours; h++) {
    const r = seededRandom(h);
    const captures: string[] = [];
    const labels: string[] = [];
    for (let i = 0; i < RECORDS_PER_HOUR; i++) {
      const time = new Date(h * HOUR + Math.floor(((i + r()) * HOUR) / RECORDS_PER_HOUR));
      const id = `${h.toString(36)}-${i}`;
      const s = scored(r, time >= driftFrom);
      captures.push(captureLine(id, s, time));
      labels.push(labelLine(id, s.label));
    }
    const hourPath = partition(new Date(h * HOUR));
    await put(join(o.dir, 'capture', DEMO_ENDPOINT, DEMO_VARIANT, hourPath, `capture-${h}.jsonl`), captures.join('\n') + '\n');
    await put(join(o.dir, 'ground-truth', DEMO_ENDPOINT, hourPath, `labels-${h}.jsonl`), labels.join('\n') + '\n');
  }
  await writeTraining(o.dir);
  return { hours, records: hours * RECORDS_PER_HOUR, from: new Date(firstHour * HOUR), to: new Date((firstHour + hours) * HOUR), driftFrom };
}

/** The training set as each monitor type's baseline job reads it (CSV with a header). */
async function writeTraining(dir: string): Promise<void> {
  const r = seededRandom(20_261_122);
  const rows = Array.from({ length: TRAINING_ROWS }, () => scored(r, false));
  const files: Record<TrainingKind, string[]> = {
    'data-quality': [FEATURES.join(','), ...rows.map((s) => csvRow(s.customer))],
    'model-quality': ['label,predicted_label,probability', ...rows.map((s) => `${s.label},${s.predicted},${s.probability}`)],
    bias: [[...FEATURES, 'label', 'prediction'].join(','), ...rows.map((s) => `${csvRow(s.customer)},${s.label},${s.predicted}`)],
    explainability: [FEATURES.join(','), ...rows.map((s) => FEATURES.map((f) => s.explanations[f]).join(','))],
  };
  await Promise.all(Object.entries(files).map(([kind, lines]) => put(join(dir, 'training', `${kind}.csv`), lines.join('\n') + '\n')));
}
