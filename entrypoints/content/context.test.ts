import { describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from './context';

describe('the content script’s context', () => {
  it('ends when the same script starts again in the page (the extension was updated or reloaded), not before', () => {
    const first = vi.fn();
    new ContentScriptContext('content').onInvalidated(first);
    new ContentScriptContext('other').onInvalidated(() => undefined);
    expect(first).not.toHaveBeenCalled();
    const second = vi.fn();
    new ContentScriptContext('content').onInvalidated(second);
    expect(first).toHaveBeenCalledOnce();
    expect(second).not.toHaveBeenCalled();
  });
});
