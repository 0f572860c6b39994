// BullMQ on Redis: N delayed jobs due evenly over a window, one worker; lateness = start of processing - due.
//   node bullmq-due.mjs --redis-port=6379 --jobs=1000 --window-ms=20000 --lead-ms=15000 [--concurrency=10]
import { Queue, Worker } from 'bullmq';
import { args, report, schedule, until } from './common.mjs';

const a = args();
const connection = { host: '127.0.0.1', port: Number(a['redis-port']) };
const jobs = schedule(Number(a.jobs), Number(a['window-ms']), Number(a['lead-ms']));
const name = `due-${Date.now()}`;
const queue = new Queue(name, { connection });
const runs = [];
const worker = new Worker(name, async (job) => {
  runs.push({ i: job.data.i, lateness: Date.now() - job.data.due });
}, { connection, concurrency: Number(a.concurrency ?? 10) });
await worker.waitUntilReady();

const created = Date.now();
for (let from = 0; from < jobs.length; from += 500) {
  await queue.addBulk(jobs.slice(from, from + 500).map((job) => ({
    name: 'due', data: job, opts: { delay: Math.max(0, job.due - Date.now()), jobId: `j${job.i}`, removeOnComplete: true },
  })));
}
const createMs = Date.now() - created;
const lastDue = jobs[jobs.length - 1].due;
await until(() => runs.length >= jobs.length, lastDue - Date.now() + 120_000);
await new Promise((resolve) => setTimeout(resolve, 2000)); // late duplicates, if any
report('bullmq', jobs, runs, { createMs });
await worker.close();
await queue.obliterate({ force: true });
await queue.close();
