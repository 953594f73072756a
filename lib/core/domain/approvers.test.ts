import { describe, expect, it } from 'vitest';
import { mayDecideApproval } from './approvers';

describe('who may decide an ICP exception', () => {
  it('is anyone while no approver is named, then only those named', () => {
    expect(mayDecideApproval([], 'Sam Okafor')).toBe(true);
    expect(mayDecideApproval(['Ana Ruiz', 'Lee Chen'], 'lee chen')).toBe(true);
    expect(mayDecideApproval(['Ana Ruiz'], 'Sam Okafor')).toBe(false);
  });
});
