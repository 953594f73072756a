// The DevTools pipe's framing, without a browser: Chromium writes NUL-ended
// JSON texts to fd 4 and the reads cut them anywhere.
import { describe, expect, it } from 'vitest';
import { frame, NulFramer } from './cdp-pipe';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nul = Buffer.from([0]);

describe('NulFramer', () => {
  it('gives every message a chunk completes, in order', () => {
    const framer = new NulFramer();
    expect(framer.push(Buffer.concat([bytes('{"id":1}'), nul, bytes('{"id":2}'), nul]))).toEqual(['{"id":1}', '{"id":2}']);
  });

  it('keeps a message cut across chunks until its NUL arrives', () => {
    const framer = new NulFramer();
    expect(framer.push(bytes('{"id":1,"result"'))).toEqual([]);
    expect(framer.push(bytes(':{}'))).toEqual([]);
    expect(framer.push(Buffer.concat([bytes('}'), nul, bytes('{"method"')]))).toEqual(['{"id":1,"result":{}}']);
    expect(framer.push(Buffer.concat([bytes(':"x"}'), nul]))).toEqual(['{"method":"x"}']);
  });

  it('decodes a character whose bytes fall in two chunks', () => {
    const framer = new NulFramer();
    const message = bytes('{"title":"Café – Zürich"}');
    const cut = message.indexOf(0xc3) + 1;
    expect(framer.push(message.subarray(0, cut))).toEqual([]);
    expect(framer.push(Buffer.concat([message.subarray(cut), nul]))).toEqual(['{"title":"Café – Zürich"}']);
  });

  it('gives nothing for a chunk that is only the end of a message', () => {
    const framer = new NulFramer();
    framer.push(bytes('{"id":3}'));
    expect(framer.push(nul)).toEqual(['{"id":3}']);
    expect(framer.push(Buffer.alloc(0))).toEqual([]);
  });
});

describe('frame', () => {
  it('writes a command as JSON ended by one NUL, which the framer reads back', () => {
    const out = frame({ id: 7, method: 'Runtime.evaluate', params: { expression: '1 + 1' }, sessionId: 'S' });
    expect(out.at(-1)).toBe(0);
    expect(out.subarray(0, -1).includes(0)).toBe(false);
    expect(JSON.parse(new NulFramer().push(out)[0]!)).toEqual({ id: 7, method: 'Runtime.evaluate', params: { expression: '1 + 1' }, sessionId: 'S' });
  });
});
