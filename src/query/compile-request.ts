// Compiles a plan into its transaction's statements; each compiler builds one main
// statement whose single row has the MainRow columns.
import type { Plan } from '../plan/types.ts';
import { compileRead } from './compile-read.ts';
import { compileMutate } from './compile-mutate.ts';
import { compileCall } from './compile-call.ts';
import type { CompiledRequest } from './types.ts';

export const compileRequest = (plan: Exclude<Plan, { kind: 'info' | 'openapi' }>): CompiledRequest =>
  plan.kind === 'read' ? compileRead(plan) : plan.kind === 'call' ? compileCall(plan) : compileMutate(plan);
