// Shared table-driven checks for an adapter's examples; imported by each
// lib/core/sites/<platform>.test.ts.
import { describe, expect, it } from 'vitest';
import { detectRecord } from '../lib/core/sites/index';
import type { Examples, SiteAdapter } from '../lib/core/sites/util';

/** Whether a manifest match pattern (scheme://host/path) admits the URL's scheme and host. */
export function patternAdmitsHost(pattern: string, url: string): boolean {
  const m = /^(https?|\*):\/\/(\*|(?:\*\.)?[^/*]+)\//.exec(pattern);
  if (!m) return false;
  const u = new URL(url);
  if (m[1] != '*' && `${m[1]}:` != u.protocol) return false;
  const host = m[2]!;
  if (host == '*') return true;
  if (host.startsWith('*.')) return u.hostname == host.slice(2) || u.hostname.endsWith(host.slice(1));
  return u.hostname == host;
}

export function runExamples(adapter: SiteAdapter, examples: Examples): void {
  describe(`${adapter.label} examples`, () => {
    it('has positives and look-alike negatives', () => {
      expect(examples.positive.length).toBeGreaterThanOrEqual(3);
      expect(examples.negative.some((u) => u.startsWith('http://'))).toBe(true);
      expect(examples.negative.some((u) => /evil/.test(new URL(u).hostname))).toBe(true);
    });

    it.each(examples.positive)('detects $url', ({ url, ref }) => {
      expect(ref.platform).toBe(adapter.platform);
      expect(adapter.detect(new URL(url))).toEqual(ref);
      expect(detectRecord(url)).toEqual(ref);
      expect(adapter.matches.some((p) => patternAdmitsHost(p, url))).toBe(true);
    });

    it.each(examples.negative)('ignores %s', (url) => {
      expect(adapter.detect(new URL(url))).toBeNull();
      expect(detectRecord(url)?.platform).not.toBe(adapter.platform);
    });
  });
}
