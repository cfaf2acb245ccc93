import { describe, expect, it } from 'vitest';
import { DataApiError } from '../errors/data-api-error.ts';
import { findRoutine, type CallShape } from './find-routine.ts';
import { callCache } from './test-routines.ts';

const get = (...names: string[]): CallShape => ({ argNames: new Set(names), post: false, contentType: 'application/json' });
const post = (contentType: string, ...names: string[]): CallShape => ({ argNames: new Set(names), post: true, contentType });

const paramsOf = (name: string, shape: CallShape): readonly string[] =>
  findRoutine(callCache, 'public', name, shape).params.map((p) => `${p.name}:${p.type}`);

const errorOf = (name: string, shape: CallShape): DataApiError => {
  try {
    findRoutine(callCache, 'public', name, shape);
  } catch (e) {
    if (e instanceof DataApiError) return e;
    throw e;
  }
  throw new Error(`${name} was found`);
};

describe('findRoutine: the overload named by the arguments', () => {
  const cases: readonly (readonly [string, string, CallShape, readonly string[]])[] = [
    ['no parameters', 'noparams', get(), []],
    ['exactly the required ones', 'add_them', get('a', 'b'), ['a:integer', 'b:integer']],
    ['any subset of optional ones', 'three_defaults', get('b'), ['a:integer', 'b:integer', 'c:integer']],
    ['none of the optional ones', 'three_defaults', get(), ['a:integer', 'b:integer', 'c:integer']],
    ['required plus optional', 'char_echo', get('c', 'flags'), ['c:character', 'flags:bit[]']],
    ['overloads: the one without parameters', 'overloaded', get(), []],
    ['overloads: by two names', 'overloaded', get('a', 'b'), ['a:integer', 'b:integer']],
    ['overloads: by three names', 'overloaded', post('application/json', 'a', 'b', 'c'), ['a:text', 'b:text', 'c:text']],
    ['a JSON body for an unnamed json parameter', 'unnamed_json', post('application/json', 'x', 'y'), [':json']],
    ['a text body for an unnamed text parameter', 'unnamed_text', post('text/plain'), [':text']],
    ['a bytea body for an unnamed bytea parameter', 'unnamed_bytea', post('application/octet-stream'), [':bytea']],
  ];
  it.each(cases)('%s', (_name, fn, shape, expected) => {
    expect(paramsOf(fn, shape)).toEqual(expected);
  });
});

describe('findRoutine: PGRST202 and PGRST203', () => {
  const cases: readonly (readonly [string, string, CallShape, readonly [number, string, string, string | null, string | null]])[] = [
    [
      'an unknown name, hinted by the closest name',
      'sayhell',
      get(),
      [
        404,
        'PGRST202',
        'Could not find the function public.sayhell without parameters in the schema cache',
        'Searched for the function public.sayhell without parameters, but no matches were found in the schema cache.',
        'Perhaps you meant to call the function public.sayhello',
      ],
    ],
    [
      'a name far from any',
      'zzzzzzzz',
      get('q'),
      [
        404,
        'PGRST202',
        'Could not find the function public.zzzzzzzz(q) in the schema cache',
        'Searched for the function public.zzzzzzzz with parameter q, but no matches were found in the schema cache.',
        null,
      ],
    ],
    [
      'an extra argument, names sorted, hinted by the closest parameter list',
      'add_them',
      get('smthelse', 'b', 'a'),
      [
        404,
        'PGRST202',
        'Could not find the function public.add_them(a, b, smthelse) in the schema cache',
        'Searched for the function public.add_them with parameters a, b, smthelse, but no matches were found in the schema cache.',
        'Perhaps you meant to call the function public.add_them(a, b)',
      ],
    ],
    [
      'a JSON body also searched a single unnamed json parameter',
      'sayhello',
      post('application/json', 'nombre'),
      [
        404,
        'PGRST202',
        'Could not find the function public.sayhello(nombre) in the schema cache',
        'Searched for the function public.sayhello with parameter nombre or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
        'Perhaps you meant to call the function public.sayhello(name)',
      ],
    ],
    [
      'a raw body searched only a single unnamed parameter of its type',
      'noparams',
      post('text/xml'),
      [
        404,
        'PGRST202',
        'Could not find the function public.noparams in the schema cache',
        'Searched for the function public.noparams with a single unnamed xml parameter, but no matches were found in the schema cache.',
        null,
      ],
    ],
    [
      'a GET never reaches an unnamed parameter',
      'unnamed_json',
      get(),
      [
        404,
        'PGRST202',
        'Could not find the function public.unnamed_json without parameters in the schema cache',
        'Searched for the function public.unnamed_json without parameters, but no matches were found in the schema cache.',
        // An unnamed parameter lists as `()`, as in PostgREST's hint.
        'Perhaps you meant to call the function public.unnamed_json()',
      ],
    ],
    [
      'overloads with the same names',
      'same_args',
      get('arg'),
      [
        300,
        'PGRST203',
        'Could not choose the best candidate function between: public.same_args(arg => integer), public.same_args(arg => xml)',
        null,
        'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
      ],
    ],
    [
      'two unnamed parameters that both take JSON',
      'two_unnamed',
      post('application/json', 'A'),
      [
        300,
        'PGRST203',
        'Could not choose the best candidate function between: public.two_unnamed( => json), public.two_unnamed( => jsonb)',
        null,
        'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
      ],
    ],
  ];
  it.each(cases)('%s', (_name, fn, shape, [status, code, message, details, hint]) => {
    const e = errorOf(fn, shape);
    expect([e.status, e.code, e.message, e.details, e.hint]).toEqual([status, code, message, details, hint]);
  });
});
