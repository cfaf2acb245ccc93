// autocannon setupClient, run in its worker thread: records each 2xx response's latency with
// full precision into a SharedArrayBuffer the main thread reads (autocannon's own histogram
// keeps whole milliseconds only, too coarse next to the direct path's figures).
'use strict';

const { workerData } = require('node:worker_threads');

const { latencies, count } = workerData.opts.benchRecorder;
const samples = new Float64Array(latencies);
const counter = new Int32Array(count);

module.exports = (client) => {
  client.on('response', (status, _bytes, durationMs) => {
    if (status < 200 || status > 299) return;
    const i = Atomics.add(counter, 0, 1);
    if (i < samples.length) samples[i] = durationMs;
  });
};
