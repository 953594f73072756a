import { describe, expect, it } from 'vitest';
import { firstAccepted } from './frame-check-ahead';

const isPaint = (v: unknown): v is { paint: string } => typeof v === 'object' && v !== null && typeof (v as { paint?: unknown }).paint === 'string';
const later = <T>(ms: number, v: T) => new Promise<T>((r) => setTimeout(() => r(v), ms));
const failing = (ms: number) => new Promise((_, reject) => setTimeout(() => reject(new Error('gone')), ms));

describe('the first paint a framed panel takes (the worker’s answer or the kept one)', () => {
  it('takes whichever acceptable one comes first', async () => {
    expect(await firstAccepted([later(30, { paint: 'answer' }), later(5, { paint: 'kept' })], isPaint)).toEqual({ paint: 'kept' });
    expect(await firstAccepted([later(5, { paint: 'answer' }), later(30, { paint: 'kept' })], isPaint)).toEqual({ paint: 'answer' });
  });

  it('passes over one that is not acceptable or fails, and gives nothing once none was', async () => {
    expect(await firstAccepted([later(5, { crmPage: false }), later(20, { paint: 'kept' })], isPaint)).toEqual({ paint: 'kept' });
    expect(await firstAccepted([failing(5), later(20, { paint: 'answer' })], isPaint)).toEqual({ paint: 'answer' });
    expect(await firstAccepted([later(5, undefined), failing(10)], isPaint)).toBeUndefined();
    expect(await firstAccepted([], isPaint)).toBeUndefined();
  });
});
