// Plain leveled logging to stderr; LOG_LEVEL picks the threshold (error, warn, info, debug).

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface Logger {
  error(message: string, error?: unknown): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

const order: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export const isLogLevel = (v: string): v is LogLevel => v in order;

export const createLogger = (level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger => {
  const at = (l: LogLevel, message: string): void => {
    if (order[l] <= order[level]) write(`${new Date().toISOString()} ${l.toUpperCase().padEnd(5)} ${message}`);
  };
  return {
    error: (message, error) =>
      at('error', error === undefined ? message : `${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    warn: (m) => at('warn', m),
    info: (m) => at('info', m),
    debug: (m) => at('debug', m),
  };
};

export const silentLogger: Logger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };
