import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { systemActor } from '../features/auth/actor.js';
import { maxTrainingRows } from '../features/triage/triage.schemas.js';
import type { ModelTarget } from '../features/triage/triage-model.repo.js';
import { trainWorkspaceModel } from '../features/triage/triage-model.service.js';
import { collectExamples, readRecords } from '../features/triage/triage-records.js';
import { parsePositiveInt, printJson, selectWorkspace, withRuntime } from './cli-support.js';

function parseTarget(value: string): ModelTarget {
  if (value === 'intent' || value === 'sentiment') return value;
  throw new InvalidArgumentError('expected intent or sentiment');
}

interface TrainOptions {
  file: string;
  textColumn: string;
  labelColumn: string;
  target: ModelTarget;
  workspace?: string;
  folds: number;
  json?: boolean;
}

/** `rapport train --file F --text-column C --label-column L`: trains, cross-validates and activates a workspace model. */
export function registerTrainCommand(program: Command): void {
  program.command('train')
    .description('Train a workspace\'s intent or sentiment model from a labelled CSV/NDJSON file, report its cross-validated accuracy, and make it the active version')
    .requiredOption('--file <file>', 'CSV/TSV with a header row, or NDJSON')
    .requiredOption('--text-column <name>', 'column holding the message text')
    .requiredOption('--label-column <name>', 'column holding the label (an intent, or negative/neutral/positive)')
    .option('--target <target>', 'intent or sentiment', parseTarget, 'intent')
    .option('--workspace <slug-or-id>', 'workspace to train for (default: the only one there is)')
    .option('--folds <n>', 'cross-validation folds', parsePositiveInt, 5)
    .option('--json', 'print the stored model version as JSON')
    .action(async (options: TrainOptions) => {
      await withRuntime(async (runtime) => {
        const workspace = await selectWorkspace(runtime.ctx.db.kysely, options.workspace);
        const examples = await collectExamples(readRecords(options.file), options.textColumn, options.labelColumn, maxTrainingRows);
        const folds = Math.max(2, Math.min(options.folds, 10));
        const model = await trainWorkspaceModel(runtime.ctx, systemActor(workspace.id), { target: options.target, examples, source: `file:${options.file}`, folds });
        if (options.json === true) return printJson(model);
        const metrics = model.trainedOn.metrics;
        console.log(`Trained ${model.target} model v${model.version} for workspace ${workspace.slug}: ${model.trainedOn.rows} rows, ${Object.keys(model.trainedOn.labels).length} labels, in ${model.trainedOn.trainingSeconds ?? '?'} s`);
        if (metrics !== null) console.log(`Cross-validated (${metrics.folds}-fold): accuracy ${metrics.accuracy.toFixed(3)}, macro-F1 ${metrics.macroF1.toFixed(3)}`);
        console.log(`It is now the active ${model.target} model: inbound messages and \`rapport triage --workspace ${workspace.slug}\` use it.`);
      });
    });
}
