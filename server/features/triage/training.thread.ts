import { startModuleWorker } from '../../infra/worker-thread.js';
import type { TrainedModel, TrainModelInput } from './model-training.js';

/** What a training thread is sent. */
export type TrainingRequest = TrainModelInput;

/** What a training thread answers. */
export type TrainingReply = { ok: true; trained: TrainedModel } | { ok: false; error: string };

/** Training itself failed (bad examples, one label): trying again cannot help. */
export class TrainingRejected extends Error {
  override readonly name = 'TrainingRejected';
}

/**
 * Trains a model on a thread of its own, so the process that runs the job keeps serving (ingest, the queue's lock
 * renewals, HTTP) during the seconds to minutes training takes. Rejects with TrainingRejected when training refused the
 * examples, with another error when the thread was lost.
 */
export async function trainInThread(input: TrainModelInput): Promise<TrainedModel> {
  const worker = startModuleWorker(new URL('./training.worker.js', import.meta.url), { name: 'rapport-training' });
  try {
    const reply = await new Promise<TrainingReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the training thread exited with code ${code}`)));
      worker.postMessage(input);
    });
    if (!reply.ok) throw new TrainingRejected(reply.error);
    return reply.trained;
  } finally {
    await worker.terminate();
  }
}
