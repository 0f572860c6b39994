// Agenda (MongoDB backend, default settings) on a MongoDB-wire server: N jobs scheduled evenly over a window;
// lateness = start of processing - due. The model of the seed design's poll-based MongoDB queue.
//   node agenda-due.mjs --mongo=mongodb://127.0.0.1:27017/agenda --jobs=1000 --window-ms=20000 --lead-ms=15000
import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import { args, report, schedule, until } from './common.mjs';

const a = args();
const jobs = schedule(Number(a.jobs), Number(a['window-ms']), Number(a['lead-ms']));
const agenda = new Agenda({ backend: new MongoBackend({ address: a.mongo }) });
const runs = [];
agenda.define('due', async (job) => {
  runs.push({ i: job.attrs.data.i, lateness: Date.now() - job.attrs.data.due });
});
await agenda.start();

const created = Date.now();
for (const job of jobs) {
  await agenda.schedule(new Date(job.due), 'due', job);
}
const createMs = Date.now() - created;
const lastDue = jobs[jobs.length - 1].due;
await until(() => new Set(runs.map((run) => run.i)).size >= jobs.length, lastDue - Date.now() + 120_000);
await new Promise((resolve) => setTimeout(resolve, 2000));
report('agenda', jobs, runs, { createMs });
await agenda.stop();
process.exit(0);
