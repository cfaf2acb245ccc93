// The position in a query-string value being parsed, and the failures recorded on the way,
// kept the way Parsec keeps them so our PGRST100 details read like PostgREST's, word for
// word: furthest position wins, equal positions merge, consuming input forgets them.
import type { DataApiError } from '../errors/data-api-error.ts';
import { syntaxError } from '../errors/request-errors.ts';

/** A parser's "no": with `pos` unchanged it failed empty (alternatives may run), else it committed. */
export const FAIL: unique symbol = Symbol('fail');
export type Fail = typeof FAIL;

interface Failure {
  readonly pos: number;
  /** What was expected there ('' for none), as Parsec labels it. */
  expect: string;
  /** Parsec's SysUnExpect: null means "the character at pos", '' the end of input. */
  readonly sys: string | null | undefined;
  /** Parsec's UnExpect (from notFollowedBy and eof): shown in preference to `sys`. */
  readonly unexpected: string | undefined;
}

const CONTROL_NAMES = 'NUL SOH STX ETX EOT ENQ ACK a b t n v f r SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US'.split(' ');

// Haskell's `show` escaping, which Parsec uses for the unexpected character.
const escapeChar = (ch: string, quote: string): string => {
  const code = ch.codePointAt(0)!;
  if (ch === quote || ch === '\\') return `\\${ch}`;
  if (code < 32) return `\\${CONTROL_NAMES[code]!}`;
  if (code === 127) return '\\DEL';
  return code > 127 ? `\\${code}` : ch;
};
/** `show [c]`: "c" */
export const showString = (ch: string): string => `"${escapeChar(ch, '"')}"`;
/** `show c`: 'c' */
export const showChar = (ch: string): string => `'${escapeChar(ch, "'")}'`;

const commasOr = (items: readonly string[]): string =>
  items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} or ${items.at(-1)!}`;

const unique = (items: readonly string[]): string[] => [...new Set(items.filter((s) => s !== ''))];

/** Embeds and and/or trees nest at most this deep: recursion deeper than that would exhaust the stack. */
export const MAX_NESTING = 500;

class NestingTooDeep {
  constructor(readonly pos: number) {}
}

// Shared by untracked cursors, which never add to it.
const NO_FAILURES: Failure[] = [];

export class Cursor {
  readonly src: string;
  /**
   * Off for the first pass: a query string that parses needs no failure records, so they are
   * only kept when parsing again to explain a failure.
   */
  readonly tracking: boolean;
  pos = 0;
  /** The last field name read untracked, by where it started: alternatives re-read names a lot. */
  memo: { start: number; end: number; value: string } | undefined;
  private depth = 0;
  private readonly failures: Failure[];
  // Failures below the floor belong to an enclosing attempt and survive consumption inside it.
  private floor = 0;

  constructor(src: string, tracking = false) {
    this.src = src;
    this.tracking = tracking;
    this.failures = tracking ? [] : NO_FAILURES;
  }

  get atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  /** The code point at `at`, as a string ('' at the end). */
  charAt(at = this.pos): string {
    const cp = this.src.codePointAt(at);
    return cp === undefined ? '' : String.fromCodePoint(cp);
  }

  /** Consumes `n` code units: failures recorded since the enclosing attempt began are forgotten. */
  advance(n: number): void {
    this.pos += n;
    if (this.failures.length > this.floor) this.failures.length = this.floor;
  }

  expected(label: string, at = this.pos, sys: string | null = null): void {
    if (this.tracking) this.failures.push({ pos: at, expect: label, sys: at >= this.src.length ? '' : sys, unexpected: undefined });
  }

  unexpected(shown: string, at: number, label = ''): void {
    if (this.tracking) this.failures.push({ pos: at, expect: label, sys: undefined, unexpected: shown });
  }

  /** A failure our stricter grammar adds after the fact: it alone is reported. */
  failInstead(label: string, at: number): Fail {
    this.pos = at;
    if (this.tracking) {
      this.failures.length = 0;
      this.expected(label, at);
    }
    return FAIL;
  }

  /** Parsec's `try`: on failure the position goes back, the failures stay. */
  attempt<T>(parse: (c: Cursor) => T | Fail): T | Fail {
    const start = this.pos;
    if (!this.tracking) {
      const result = parse(this);
      if (result === FAIL) this.pos = start;
      return result;
    }
    const outerFloor = this.floor;
    const innerFloor = this.failures.length;
    this.floor = innerFloor;
    const result = parse(this);
    this.floor = outerFloor;
    if (result === FAIL) {
      this.pos = start;
      return FAIL;
    }
    // It consumed, so what the enclosing scope had recorded is forgotten after all.
    if (this.pos !== start) this.failures.splice(outerFloor, innerFloor - outerFloor);
    return result;
  }

  /** Runs a parser one nesting level deeper. */
  nested<T>(parse: (c: Cursor) => T | Fail): T | Fail {
    if (++this.depth > MAX_NESTING) throw new NestingTooDeep(this.pos);
    const result = parse(this);
    this.depth--;
    return result;
  }

  /** Parsec's `<?>`: a parser that consumed nothing reports `label` instead of its own expectations. */
  labelled<T>(label: string, parse: (c: Cursor) => T | Fail): T | Fail {
    if (!this.tracking) return parse(this);
    const start = this.pos;
    const first = this.failures.length;
    const result = parse(this);
    if (this.pos !== start) return result;
    let furthest = -1;
    for (let i = first; i < this.failures.length; i++) {
      const f = this.failures[i]!;
      f.expect = '';
      if (f.pos > furthest) furthest = f.pos;
    }
    if (furthest >= 0 || result === FAIL) this.expected(label, furthest >= 0 ? furthest : start);
    return result;
  }

  /** `char c`: consumes it or records `"c"` as expected. */
  char(ch: string): boolean {
    if (this.src.charCodeAt(this.pos) === ch.charCodeAt(0)) {
      this.advance(1);
      return true;
    }
    if (this.tracking) this.expected(showString(ch));
    return false;
  }

  /**
   * Parsec's `string w`. A partial match is a committed failure reported at the start, so
   * on one the position moves (to mark the commitment) and earlier failures are forgotten.
   */
  word(w: string): boolean {
    const start = this.pos;
    let i = 0;
    while (i < w.length && this.src.charCodeAt(start + i) === w.charCodeAt(i)) i++;
    if (i === w.length) {
      this.advance(w.length);
      return true;
    }
    if (i > 0 && this.tracking) this.failures.length = this.floor;
    if (this.tracking) this.expected(showString(w), start, start + i >= this.src.length ? '' : showString(this.charAt(start + i)));
    if (i > 0) this.pos = start + i;
    return false;
  }

  /** `try (string w)` */
  tryWord(w: string): boolean {
    if (this.src.startsWith(w, this.pos)) {
      this.advance(w.length);
      return true;
    }
    if (this.tracking) {
      const start = this.pos;
      let i = 0;
      while (i < w.length && this.src.charCodeAt(start + i) === w.charCodeAt(i)) i++;
      this.expected(showString(w), start, start + i >= this.src.length ? '' : showString(this.charAt(start + i)));
    }
    return false;
  }

  /** `try (lookAhead (string w))`: never consumes. */
  lookWord(w: string): boolean {
    const start = this.pos;
    const ok = this.tryWord(w);
    this.pos = start;
    return ok;
  }

  /** Parsec's `eof`: even when it succeeds it leaves "end of input" as an expectation. */
  eof(): boolean {
    if (this.atEnd) {
      this.expected('end of input');
      return true;
    }
    this.unexpected(showChar(this.charAt()), this.pos, 'end of input');
    return false;
  }

  /** Runs `parse`, turning too deep a nesting into its PGRST100 error. */
  static guarded<T>(subject: string, src: string, parse: () => T): T {
    try {
      return parse();
    } catch (e) {
      if (!(e instanceof NestingTooDeep)) throw e;
      const [line, column] = new Cursor(src).lineColumn(e.pos);
      throw syntaxError(subject, line, column, `nesting deeper than ${MAX_NESTING} levels`);
    }
  }

  /** The PGRST100 error for the failures recorded, naming `subject` as PostgREST does. */
  failure(subject: string): DataApiError {
    let at = -1;
    for (const f of this.failures) if (f.pos > at) at = f.pos;
    if (at < 0) at = this.pos;
    const here = this.failures.filter((f) => f.pos === at);
    const unexpected = unique(here.map((f) => f.unexpected ?? ''));
    const sys = here.find((f) => f.sys !== undefined);
    const expecting = unique(here.map((f) => f.expect));
    const parts: string[] = [];
    if (unexpected.length > 0) parts.push(`unexpected ${commasOr(unexpected)}`);
    else if (sys !== undefined) {
      const shown = sys.sys === null ? showString(this.charAt(at)) : sys.sys!;
      parts.push(shown === '' ? 'unexpected end of input' : `unexpected ${shown}`);
    }
    if (expecting.length > 0) parts.push(`expecting ${commasOr(expecting)}`);
    const [line, column] = this.lineColumn(at);
    return syntaxError(subject, line, column, here.length === 0 ? 'unknown parse error' : parts.join(' '));
  }

  // Parsec counts code points, tabs to the next multiple of 8, and lines.
  lineColumn(at: number): readonly [number, number] {
    let line = 1;
    let column = 1;
    for (let i = 0; i < at && i < this.src.length; i++) {
      const code = this.src.charCodeAt(i);
      if (code === 10) {
        line++;
        column = 1;
      } else if (code === 9) column += 8 - ((column - 1) % 8);
      else if (code < 0xdc00 || code > 0xdfff) column++;
    }
    return [line, column];
  }
}
