import { z } from 'zod';
import type { Account } from './account';
import { IcpApprovalStatusSchema, IcpFieldSchema, type IcpApproval, type IcpField, type IcpProfile, type IcpRule } from './icp';

export const IcpBandSchema = z.enum(['fit', 'fringe', 'outside']);

// Higher is better; used to compare bands (e.g. "did this change worsen fit?").
export const ICP_BAND_RANK = { outside: 0, fringe: 1, fit: 2 } as const;

export const IcpReasonSchema = z.object({
  ruleId: z.string(),
  field: IcpFieldSchema,
  label: z.string(),
  passed: z.boolean(),
  // false when the account has no value for the field (counted as not satisfied).
  known: z.boolean(),
  hard: z.boolean(),
  weight: z.number().min(0),
  detail: z.string(),
});

export const IcpEvaluationSchema = z.object({
  band: IcpBandSchema,
  score: z.number().int().min(0).max(100),
  reasons: z.array(IcpReasonSchema),
  hardFailures: z.array(IcpReasonSchema),
  needsApproval: z.boolean(),
  // 'none' when no approval has been requested for this account.
  approvalStatus: z.union([IcpApprovalStatusSchema, z.literal('none')]),
});

export type IcpBand = z.infer<typeof IcpBandSchema>;
export type IcpReason = z.infer<typeof IcpReasonSchema>;
export type IcpEvaluation = z.infer<typeof IcpEvaluationSchema>;

export const ICP_FIELD_LABELS: Record<IcpField, string> = {
  industry: 'Industry',
  employeeCount: 'Employee count',
  arr: 'ARR',
  seats: 'Seats',
  region: 'Region',
  segment: 'Segment',
  integrations: 'Integrations',
};

// Fixed locale so the same account reads the same on every machine.
// One shared formatter: building one per call dominates the cost of scoring a portfolio.
const NUMBER_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const fmtNumber = (n: number) => NUMBER_FORMAT.format(n);
const fmtValue = (v: string | number | boolean) => (typeof v === 'number' ? fmtNumber(v) : String(v));
// CRM picklists differ in case and padding ("fintech", "FinTech "); those are the same value.
const norm = (v: string | number | boolean) => String(v).trim().toLowerCase();

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${fmtNumber(min)}–${fmtNumber(max)}`;
  return min !== undefined ? `at least ${fmtNumber(min)}` : `at most ${fmtNumber(max ?? 0)}`;
}

function defaultLabel(rule: IcpRule): string {
  const field = ICP_FIELD_LABELS[rule.field];
  switch (rule.op) {
    case 'in':
      return rule.field === 'integrations' ? `${field} supported` : `${field} in target list`;
    case 'range':
      return `${field} ${rangeText(rule.min, rule.max)}`;
    case 'equals':
      return `${field} is ${fmtValue(rule.value)}`;
  }
}

/** What the rules read: an account, or what a CRM page tells about one (a field it does not show is unknown). */
export type IcpSubject = Pick<Account, 'id'> & Partial<Pick<Account, IcpField>>;

function evaluateRule(rule: IcpRule, account: IcpSubject): { passed: boolean; known: boolean; detail: string } {
  const field = ICP_FIELD_LABELS[rule.field];
  const value: unknown = account[rule.field];
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    return { passed: false, known: false, detail: `${field} is unknown` };
  }

  switch (rule.op) {
    case 'in': {
      const allowed = new Set(rule.values.map(norm));
      const list = rule.values.join(', ');
      if (Array.isArray(value)) {
        // An account needing no integrations has no integration gap.
        if (value.length === 0) return { passed: true, known: true, detail: `No ${field.toLowerCase()} needed` };
        const unsupported = value.filter((v: string) => !allowed.has(norm(v)));
        if (unsupported.length === 0) return { passed: true, known: true, detail: `${field} ${value.join(', ')} are all in ${list}` };
        const verb = unsupported.length === 1 ? 'is' : 'are';
        return { passed: false, known: true, detail: `${field} ${unsupported.join(', ')} ${verb} not in ${list}` };
      }
      const shown = fmtValue(value as string | number);
      return allowed.has(norm(value as string | number))
        ? { passed: true, known: true, detail: `${field} ${shown} is in ${list}` }
        : { passed: false, known: true, detail: `${field} ${shown} is not in ${list}` };
    }
    case 'range': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return { passed: false, known: true, detail: `${field} is not a number, so it cannot be compared with a range` };
      }
      if (rule.min !== undefined && value < rule.min) {
        return { passed: false, known: true, detail: `${field} ${fmtNumber(value)} is below the minimum of ${fmtNumber(rule.min)}` };
      }
      if (rule.max !== undefined && value > rule.max) {
        return { passed: false, known: true, detail: `${field} ${fmtNumber(value)} is above the maximum of ${fmtNumber(rule.max)}` };
      }
      const within = rule.min !== undefined && rule.max !== undefined ? `within ${rangeText(rule.min, rule.max)}` : rangeText(rule.min, rule.max);
      return { passed: true, known: true, detail: `${field} ${fmtNumber(value)} is ${within}` };
    }
    case 'equals': {
      if (Array.isArray(value)) {
        const ok = value.length === 1 && norm(value[0] as string) === norm(rule.value);
        return ok
          ? { passed: true, known: true, detail: `${field} ${value.join(', ')} is ${fmtValue(rule.value)}` }
          : { passed: false, known: true, detail: `${field} ${value.join(', ') || 'none'} is not exactly ${fmtValue(rule.value)}` };
      }
      const ok = typeof value === 'number' && typeof rule.value === 'number' ? value === rule.value : norm(value as string) === norm(rule.value);
      const shown = fmtValue(value as string | number);
      return ok
        ? { passed: true, known: true, detail: `${field} ${shown} is ${fmtValue(rule.value)}` }
        : { passed: false, known: true, detail: `${field} ${shown} is not ${fmtValue(rule.value)}` };
    }
  }
}

/**
 * Scores an account against the ICP: the weighted share of satisfied rules,
 * with any failed hard rule forcing "outside".
 *
 * A profile whose rules carry no weight at all scores 100: it expresses no
 * preference, so nothing counts against the account (hard rules still apply).
 * An approval for another account is ignored rather than trusted.
 */
export function evaluateIcp(account: IcpSubject, profile: IcpProfile, approval?: IcpApproval | null): IcpEvaluation {
  const reasons: IcpReason[] = profile.rules.map((rule) => {
    const r = evaluateRule(rule, account);
    return {
      ruleId: rule.id,
      field: rule.field,
      label: rule.label?.trim() || defaultLabel(rule),
      passed: r.passed,
      known: r.known,
      hard: rule.hard,
      weight: rule.weight,
      detail: r.detail,
    };
  });
  const total = reasons.reduce((s, r) => s + r.weight, 0);
  const satisfied = reasons.reduce((s, r) => s + (r.passed ? r.weight : 0), 0);
  const score = total > 0 ? Math.round((satisfied / total) * 100) : 100;
  const hardFailures = reasons.filter((r) => r.hard && !r.passed);

  let band: IcpBand;
  if (hardFailures.length > 0) band = 'outside';
  else if (score >= profile.fitThreshold) band = 'fit';
  else if (score >= profile.fringeThreshold) band = 'fringe';
  else band = 'outside';

  const relevant = approval && approval.accountId === account.id ? approval : undefined;
  const approvalStatus = relevant?.status ?? 'none';
  return {
    band,
    score,
    reasons,
    hardFailures,
    needsApproval: band !== 'fit' && approvalStatus !== 'approved',
    approvalStatus,
  };
}
