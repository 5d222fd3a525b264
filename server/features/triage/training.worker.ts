/**
 * Entry point of a training thread: trains one model from the examples it is sent and answers with the model (its
 * weights as typed arrays, copied by structured clone) or why it could not, then waits to be terminated.
 */
import { parentPort } from 'node:worker_threads';
import { trainModel } from './model-training.js';
import type { TrainingReply, TrainingRequest } from './training.thread.js';

const port = parentPort;
if (port === null) throw new Error('training.worker runs only as a worker thread');

port.once('message', (request: TrainingRequest) => {
  let reply: TrainingReply;
  try {
    reply = { ok: true, trained: trainModel(request) };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
