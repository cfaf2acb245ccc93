// The placeholders of a bench scenario's path and body, shared by the HTTP load generator
// (this file runs inside autocannon's worker thread, hence plain CommonJS) and the direct
// path, so both send the same mix: `{id}` is a random published post (the bench publishes
// the even ids), `{n}` counts requests. wrk-script.ts does the same in Lua for wrk: keep them in step.
'use strict';

const fill = (template, { rows, n, id }) =>
  template
    .replaceAll('{id}', () => String(id ?? 2 * (1 + Math.floor(Math.random() * Math.floor(rows / 2)))))
    .replaceAll('{n}', String(n));

let n = 0;

/** autocannon setupRequest: the request object carries its templates and the row count. */
const setupRequest = (req) => {
  n++;
  req.path = fill(req.pathTemplate, { rows: req.rows, n });
  if (req.bodyTemplate !== undefined) req.body = fill(req.bodyTemplate, { rows: req.rows, n });
  return req;
};

module.exports = setupRequest;
module.exports.fill = fill;
