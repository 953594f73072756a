import { describe, expect, it } from 'vitest';
import { backendScope, canonicalBackendUrl } from './sync';

describe('canonicalBackendUrl', () => {
  it('spells one backend one way: case, default port, trailing slash and every loopback name', () => {
    const same = ['https://Seamline.Example.com', 'https://seamline.example.com:443/', 'HTTPS://SEAMLINE.EXAMPLE.COM//'];
    expect(new Set(same.map(canonicalBackendUrl))).toEqual(new Set(['https://seamline.example.com']));
    const loopback = ['http://localhost:8787', 'http://127.0.0.1:8787/', 'http://[::1]:8787', 'http://LOCALHOST:8787'];
    expect(new Set(loopback.map(canonicalBackendUrl))).toEqual(new Set(['http://127.0.0.1:8787']));
  });

  it('keeps what does name another backend apart: port, path, scheme', () => {
    expect(canonicalBackendUrl('https://a.example:8443')).not.toBe(canonicalBackendUrl('https://a.example'));
    expect(canonicalBackendUrl('https://a.example/team-1')).not.toBe(canonicalBackendUrl('https://a.example/team-2'));
    expect(canonicalBackendUrl('http://localhost:80')).toBe('http://127.0.0.1');
  });

  it('keys a queue by URL and workspace, or by the token while the workspace is unknown', () => {
    expect(backendScope('https://a.example', 'acme', 'f1').key).toBe('https://a.example#acme');
    expect(backendScope('https://a.example', 'acme', 'f2').key).toBe('https://a.example#acme');
    expect(backendScope('https://a.example', null, 'f1').key).not.toBe(backendScope('https://a.example', null, 'f2').key);
  });
});
