import { seededRandom } from '../../../common/seeded-random.js';
import { shuffleInPlace } from './linear.trainer.js';

/** Share of predictions equal to the gold labels. */
export function accuracy<T>(gold: readonly T[], predicted: readonly T[]): number {
  if (gold.length === 0) return 0;
  let hits = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) hits++;
  return hits / gold.length;
}

/** Unweighted mean of per-class F1 over the classes that occur in gold or predictions. */
export function macroF1<T>(gold: readonly T[], predicted: readonly T[]): number {
  const classes = new Set<T>([...gold, ...predicted]);
  let sum = 0;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === c && gold[i] === c) tp++;
      else if (predicted[i] === c) fp++;
      else if (gold[i] === c) fn++;
    }
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return classes.size ? sum / classes.size : 0;
}

/** Assigns each row to one of `folds` folds, stratified by label and seeded (fold index per row). */
export function stratifiedFolds(labels: readonly string[], folds: number, seed = 7): number[] {
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const rows = byLabel.get(label) ?? [];
    rows.push(i);
    byLabel.set(label, rows);
  });
  const random = seededRandom(seed);
  const assignment = new Array<number>(labels.length).fill(0);
  let offset = 0;
  for (const rows of byLabel.values()) {
    shuffleInPlace(rows, random);
    rows.forEach((row, i) => (assignment[row] = (i + offset) % folds));
    offset += rows.length;
  }
  return assignment;
}
