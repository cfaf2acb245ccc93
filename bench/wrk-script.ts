// The Lua script wrk runs for a scenario: the very requests worker/fill-request.cjs makes for
// autocannon (method; Host, Connection: keep-alive and the scenario's headers; path and body with
// `{id}` a random published post id, fresh at each occurrence, and `{n}` a per-run request count).
import type { Scenario } from './scenarios.ts';

/** A Lua string literal of `text`'s UTF-8 bytes (printable ASCII as is, the rest as \ddd). */
const lua = (text: string): string => {
  const bytes = [...Buffer.from(text, 'utf8')];
  const plain = (b: number): boolean => b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c;
  return `"${bytes.map((b) => (plain(b) ? String.fromCharCode(b) : `\\${String(b).padStart(3, '0')}`)).join('')}"`;
};

export const wrkScript = (scenario: Scenario, rows: number): string =>
  [
    `wrk.method = ${lua(scenario.method)}`,
    // wrk adds Host (with the port) and Content-Length itself, as autocannon does.
    `wrk.headers["Connection"] = "keep-alive"`,
    ...Object.entries(scenario.headers ?? {}).map(([name, value]) => `wrk.headers[${lua(name)}] = ${lua(value)}`),
    `local path, body = ${lua(scenario.path)}, ${scenario.body === undefined ? 'nil' : lua(scenario.body)}`,
    // The bench publishes the even ids: {id} is 2 * (1 .. rows / 2).
    `local published = ${Math.max(1, Math.floor(rows / 2))}`,
    `local n = 0`,
    `local function id() return tostring(2 * math.random(1, published)) end`,
    `local function fill(template)`,
    `  local with_ids = template:gsub("{id}", id)`,
    `  return (with_ids:gsub("{n}", tostring(n)))`,
    `end`,
    `math.randomseed(os.time())`,
    `request = function()`,
    `  n = n + 1`,
    `  return wrk.format(nil, fill(path), nil, body and fill(body))`,
    `end`,
    '',
  ].join('\n');
