import type { IcpApproval, IcpProfile, IcpRule } from '../icp';
import type { IcpEvaluation, IcpSubject } from '../icp-evaluate';

/** What the dashboard reads of an ICP evaluation: the band and score, and whether an approval is still needed. */
export type IcpVerdict = Pick<IcpEvaluation, 'band' | 'score' | 'needsApproval'>;

// Exactly evaluateIcp's pass/fail and band rules (a table test holds the two
// together), without the reasons' wording: writing every rule's explanation
// for every account was most of what scoring a portfolio cost, and the
// dashboard shows none of it.
const norm = (v: string | number | boolean) => String(v).trim().toLowerCase();

type PreparedRule = { rule: IcpRule; allowed: ReadonlySet<string> | null; normValue: string | null };

// A portfolio's accounts share a few industries, regions and integrations: each value is normalised once per profile
// (norm makes two strings per call), with the same result.
type Normed = Map<string | number | boolean, string>;

function normOnce(normed: Normed, v: string | number | boolean): string {
  let n = normed.get(v);
  if (n === undefined) {
    n = norm(v);
    normed.set(v, n);
  }
  return n;
}

function passes({ rule, allowed, normValue }: PreparedRule, account: IcpSubject, normed: Normed): boolean {
  const value: unknown = account[rule.field];
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return false;
  switch (rule.op) {
    case 'in':
      if (Array.isArray(value)) return value.every((v: string) => allowed!.has(normOnce(normed, v)));
      return allowed!.has(normOnce(normed, value as string | number));
    case 'range':
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      return !(rule.min !== undefined && value < rule.min) && !(rule.max !== undefined && value > rule.max);
    case 'equals':
      if (Array.isArray(value)) return value.length === 1 && normOnce(normed, value[0] as string) === normValue;
      return typeof value === 'number' && typeof rule.value === 'number' ? value === rule.value : normOnce(normed, value as string) === normValue;
  }
}

/** Scores many accounts against one profile: the profile's lists are read once. */
export function icpVerdicts(profile: IcpProfile): (account: IcpSubject, approval?: IcpApproval | null) => IcpVerdict {
  const rules: PreparedRule[] = profile.rules.map((rule) => ({
    rule,
    allowed: rule.op === 'in' ? new Set(rule.values.map(norm)) : null,
    normValue: rule.op === 'equals' ? norm(rule.value) : null,
  }));
  const normed: Normed = new Map();
  const total = rules.reduce((s, r) => s + r.rule.weight, 0);
  return (account, approval) => {
    let satisfied = 0;
    let hardFailure = false;
    for (let n = 0; n < rules.length; n++) {
      const r = rules[n]!;
      if (passes(r, account, normed)) satisfied += r.rule.weight;
      else if (r.rule.hard) hardFailure = true;
    }
    const score = total > 0 ? Math.round((satisfied / total) * 100) : 100;
    const band = hardFailure ? 'outside' : score >= profile.fitThreshold ? 'fit' : score >= profile.fringeThreshold ? 'fringe' : 'outside';
    const approved = approval && approval.accountId === account.id && approval.status === 'approved';
    return { band, score, needsApproval: band !== 'fit' && !approved };
  };
}
