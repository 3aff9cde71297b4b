import { describe, expect, it } from 'vitest';
import type { ParameterSchema } from '../api/types';
import { fieldsOf, initialText, parseField } from './schemaFields';

describe('fieldsOf', () => {
  it('orders by position, then required first, then name, and picks an input per type', () => {
    const fields = fieldsOf({
      zeta: { type: 'string' },
      alpha: { type: 'integer' },
      must: { type: 'string', required: true },
      first: { type: 'boolean', position: 0 },
      token: { type: 'string', secret: true },
      mode: { type: 'string', enum: ['a', 'b'] },
      tags: { type: 'array' },
      ratio: { type: 'number' },
      fixed: { type: 'string', immutable: true, default: 'x' },
    });
    expect(fields.map((f) => f.name)).toEqual(['first', 'must', 'alpha', 'fixed', 'mode', 'ratio', 'tags', 'token', 'zeta']);
    expect(Object.fromEntries(fields.map((f) => [f.name, f.kind]))).toEqual({
      first: 'boolean', must: 'text', alpha: 'integer', fixed: 'text', mode: 'enum', ratio: 'number', tags: 'json', token: 'secret', zeta: 'text',
    });
    expect(fields.find((f) => f.name === 'fixed')!.immutable).toBe(true);
  });

  it('takes a JSON schema object\'s required list (as inquiries have it)', () => {
    const [approved] = fieldsOf({ approved: { type: 'boolean' } }, ['approved']);
    expect(approved!.required).toBe(true);
  });
});

describe('parseField', () => {
  const field = (schema: ParameterSchema, required: string[] = []) => fieldsOf({ f: schema }, required)[0]!;

  it('leaves an empty optional field out so the server default applies', () => {
    expect(parseField(field({ type: 'string' }), '')).toEqual({ ok: true, value: undefined, given: false });
  });

  it('names a required field left empty', () => {
    expect(parseField(field({ type: 'string', required: true }), '  ')).toEqual({ ok: false, error: 'f is required.' });
  });

  it('reads numbers, integers, enums and JSON by their type', () => {
    expect(parseField(field({ type: 'integer' }), '3')).toEqual({ ok: true, value: 3, given: true });
    expect(parseField(field({ type: 'integer' }), '3.5')).toEqual({ ok: false, error: 'f must be a whole number.' });
    expect(parseField(field({ type: 'number' }), '2.5')).toEqual({ ok: true, value: 2.5, given: true });
    expect(parseField(field({ type: 'integer', enum: [1, 2] }), '2')).toEqual({ ok: true, value: 2, given: true });
    expect(parseField(field({ type: 'array' }), '["a", 1]')).toEqual({ ok: true, value: ['a', 1], given: true });
    expect(parseField(field({ type: 'array' }), '{"a": 1}')).toEqual({ ok: false, error: 'f must be a JSON array, e.g. ["a", "b"].' });
    expect(parseField(field({ type: 'object' }), 'nope')).toEqual({ ok: false, error: 'f is not valid JSON.' });
    expect(parseField(field({}), 'plain words')).toEqual({ ok: true, value: 'plain words', given: true });
  });

  it('sends a checkbox only when it differs from the default or is required', () => {
    expect(parseField(field({ type: 'boolean', default: false }), '', false)).toEqual({ ok: true, value: false, given: false });
    expect(parseField(field({ type: 'boolean', default: false }), '', true)).toEqual({ ok: true, value: true, given: true });
    expect(parseField(field({ type: 'boolean' }, ['f']), '', false)).toEqual({ ok: true, value: false, given: true });
  });

  it('keeps the text of a secret as it was typed', () => {
    expect(parseField(field({ type: 'string', secret: true }), ' s3 ')).toEqual({ ok: true, value: ' s3 ', given: true });
  });
});

describe('initialText', () => {
  it('shows defaults as typed text, objects as JSON', () => {
    const [a, b] = fieldsOf({ a: { type: 'object', default: { x: 1 } }, b: { type: 'integer', default: 4 } });
    expect(initialText(a!)).toBe('{\n  "x": 1\n}');
    expect(initialText(b!)).toBe('4');
  });
});
