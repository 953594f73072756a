import { describe, expect, it } from 'vitest';
import { defaultMadeBy } from './made-by';

describe('who made a captured promise', () => {
  it.each([
    [{ userName: 'Sam Okafor', userRole: 'csm' as const }, 'Dana Reyes', 'Dana Reyes'],
    [{ userName: 'Sam Okafor', userRole: null }, 'Dana Reyes', 'Dana Reyes'],
    [{ userName: 'Lee Chen', userRole: 'ae' as const }, 'Dana Reyes', 'Lee Chen'],
    [{ userName: 'dana reyes ', userRole: null }, 'Dana Reyes', 'dana reyes '],
    [{ userName: 'Sam Okafor', userRole: 'csm' as const }, undefined, 'Sam Okafor'],
    [{ userName: 'Sam Okafor', userRole: 'manager' as const }, '  ', 'Sam Okafor'],
  ])('%j capturing on an account owned by %j → %j', (capturer, ownerAe, expected) => {
    expect(defaultMadeBy(capturer, { ownerAe })).toBe(expected);
  });
});
