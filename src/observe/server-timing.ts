// server-timing-enabled: how long each stage of a request took, as PostgREST reports it in a
// Server-Timing header (jwt, parse, plan, transaction, response; milliseconds).

export interface StageTimer {
  /** Ends the stage running since the last mark (or since the timer started). */
  mark(stage: 'jwt' | 'parse' | 'plan' | 'transaction' | 'response'): void;
  header(): string;
}

export const startStageTimer = (): StageTimer => {
  let last = performance.now();
  const stages: string[] = [];
  return {
    mark(stage) {
      const now = performance.now();
      stages.push(`${stage};dur=${(now - last).toFixed(1)}`);
      last = now;
    },
    header: () => stages.join(', '),
  };
};
