import { useEffect, useState } from 'react';
import type { Account } from '../../lib/core/domain/account';
import { ICP_FIELD_LABELS, evaluateIcp, type IcpBand } from '../../lib/core/domain/icp-evaluate';
import { IcpFieldSchema, IcpProfileSchema, type IcpField, type IcpProfile, type IcpRule } from '../../lib/core/domain/icp';
import { listInput, newStableId, numberInput, validateForm } from '../../lib/core/settings/form';
import { Button } from '../ui';
import { Check, ErrorsContext, FormError, Input, Section, Select, Status, Lockable } from './fields';
import { useLock, useOptions, useSectionSave, useUnsaved } from './context';

type Op = IcpRule['op'];

/** A rule as typed: numbers stay text until the whole profile is validated. */
interface RuleDraft {
  id: string;
  field: IcpField;
  op: Op;
  label: string;
  weight: string;
  hard: boolean;
  values: string;
  min: string;
  max: string;
  value: string;
}

const NUMERIC: ReadonlySet<IcpField> = new Set(['employeeCount', 'arr', 'seats']);
const OPS: Record<Op, string> = { in: 'is one of', range: 'is within', equals: 'equals' };

function toDraft(r: IcpRule): RuleDraft {
  return {
    id: r.id,
    field: r.field,
    op: r.op,
    label: r.label ?? '',
    weight: String(r.weight),
    hard: r.hard,
    values: r.op === 'in' ? r.values.join(', ') : '',
    min: r.op === 'range' && r.min !== undefined ? String(r.min) : '',
    max: r.op === 'range' && r.max !== undefined ? String(r.max) : '',
    value: r.op === 'equals' ? String(r.value) : '',
  };
}

function fromDraft(d: RuleDraft): unknown {
  const base = { id: d.id, field: d.field, weight: numberInput(d.weight), hard: d.hard, ...(d.label.trim() ? { label: d.label.trim() } : {}) };
  if (d.op === 'in') return { ...base, op: 'in', values: listInput(d.values) };
  if (d.op === 'range') return { ...base, op: 'range', ...dropUndefined({ min: numberInput(d.min), max: numberInput(d.max) }) };
  const value = NUMERIC.has(d.field) ? numberInput(d.value) : d.value.trim();
  return { ...base, op: 'equals', value };
}

function dropUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function IcpSection() {
  const { api, snapshot } = useOptions();
  const saved = snapshot.settings.icpProfile;
  const [name, setName] = useState(saved.name);
  const [fit, setFit] = useState(String(saved.fitThreshold));
  const [fringe, setFringe] = useState(String(saved.fringeThreshold));
  const [rules, setRules] = useState<RuleDraft[]>(saved.rules.map(toDraft));
  const { errors, status, submit } = useSectionSave('icpProfile');
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const lock = useLock('icpProfile');
  useUnsaved(
    'icp',
    'Ideal customer profile',
    JSON.stringify([name, fit, fringe, rules]) !==
      JSON.stringify([saved.name, String(saved.fitThreshold), String(saved.fringeThreshold), saved.rules.map(toDraft)]),
  );

  useEffect(() => {
    // One export, scored here for every edit: no round trip per keystroke.
    api.data.exportAll().then(
      (b) => setAccounts(b.accounts),
      (e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)),
    );
  }, [api]);

  const candidate = { id: saved.id, name, fitThreshold: numberInput(fit), fringeThreshold: numberInput(fringe), rules: rules.map(fromDraft) };
  const checked = validateForm(IcpProfileSchema, candidate);
  // Scoring even a few hundred accounts per keystroke is cheap next to a round trip.
  const bands = checked.ok && accounts ? countBands(accounts, checked.value) : null;

  const patch = (i: number, p: Partial<RuleDraft>) => setRules(rules.map((r, j) => (j === i ? { ...r, ...p } : r)));

  function addRule() {
    const id = newStableId('rule', new Set(rules.map((r) => r.id)));
    setRules([...rules, { id, field: 'industry', op: 'in', label: '', weight: '10', hard: false, values: '', min: '', max: '', value: '' }]);
  }

  async function onSave() {
    await submit(checked, 'ICP saved.');
  }

  return (
    <Section
      id="icp"
      title="Ideal customer profile"
      intro="Rules over account fields. The score is the weighted share of rules met; a failed hard rule puts the account outside whatever its score."
    >
      <ErrorsContext.Provider value={errors}>
        <Lockable lock={lock}>
          <Input label="Profile name" path="name" value={name} onChange={(e) => setName(e.target.value)} />
          <div className="grid grid-cols-2 gap-3">
            <Input
              label="Fit at or above (score 0–100)"
              path="fitThreshold"
              inputMode="decimal"
              value={fit}
              onChange={(e) => setFit(e.target.value)}
            />
            <Input
              label="Fringe at or above (score 0–100)"
              path="fringeThreshold"
              inputMode="decimal"
              value={fringe}
              onChange={(e) => setFringe(e.target.value)}
            />
          </div>
          <ol className="space-y-3">
            {rules.map((r, i) => (
              <li key={r.id} className="rounded-md border border-slate-200 p-3 dark:border-slate-700" aria-label={`Rule ${i + 1}`}>
                <div className="grid grid-cols-3 gap-2">
                  <Select
                    label="Field"
                    path={`rules[${i}].field`}
                    value={r.field}
                    options={IcpFieldSchema.options.map((f) => ({ value: f, label: ICP_FIELD_LABELS[f] }))}
                    onChange={(e) => patch(i, { field: e.target.value as IcpField })}
                  />
                  <Select
                    label="Condition"
                    path={`rules[${i}].op`}
                    value={r.op}
                    options={(Object.keys(OPS) as Op[]).map((o) => ({ value: o, label: OPS[o] }))}
                    onChange={(e) => patch(i, { op: e.target.value as Op })}
                  />
                  <Input
                    label="Weight (0–100)"
                    path={`rules[${i}].weight`}
                    inputMode="decimal"
                    value={r.weight}
                    onChange={(e) => patch(i, { weight: e.target.value })}
                  />
                </div>
                <div className="mt-2">
                  {r.op === 'in' && (
                    <Input
                      label="Values (comma-separated)"
                      path={`rules[${i}].values`}
                      value={r.values}
                      onChange={(e) => patch(i, { values: e.target.value })}
                    />
                  )}
                  {r.op === 'range' && (
                    <div className="grid grid-cols-2 gap-2">
                      <Input
                        label="Minimum"
                        path={`rules[${i}].min`}
                        inputMode="decimal"
                        value={r.min}
                        onChange={(e) => patch(i, { min: e.target.value })}
                      />
                      <Input
                        label="Maximum"
                        path={`rules[${i}].max`}
                        inputMode="decimal"
                        value={r.max}
                        onChange={(e) => patch(i, { max: e.target.value })}
                      />
                    </div>
                  )}
                  {r.op === 'equals' && (
                    <Input label="Value" path={`rules[${i}].value`} value={r.value} onChange={(e) => patch(i, { value: e.target.value })} />
                  )}
                </div>
                <div className="mt-2 grid grid-cols-[1fr_auto_auto] items-end gap-3">
                  <Input label="Label (optional)" path={`rules[${i}].label`} value={r.label} onChange={(e) => patch(i, { label: e.target.value })} />
                  <Check label="Hard rule" checked={r.hard} onChange={(e) => patch(i, { hard: e.target.checked })} />
                  <Button variant="ghost" onClick={() => setRules(rules.filter((_, j) => j !== i))} aria-label={`Remove rule ${i + 1}`}>
                    Remove
                  </Button>
                </div>
                <FormError path={`rules[${i}]`} />
              </li>
            ))}
          </ol>
          <FormError />
          <div className="flex flex-wrap items-center gap-2">
            <Button onClick={addRule}>Add rule</Button>
            <Button variant="primary" onClick={() => void onSave()}>
              Save ICP
            </Button>
            {status && <Status>{status}</Status>}
          </div>
        </Lockable>
        <IcpPreview bands={bands} total={accounts?.length ?? null} valid={checked.ok} loadError={loadError} />
      </ErrorsContext.Provider>
    </Section>
  );
}

function countBands(accounts: readonly Account[], profile: IcpProfile): Record<IcpBand, number> {
  const out: Record<IcpBand, number> = { fit: 0, fringe: 0, outside: 0 };
  for (const a of accounts) out[evaluateIcp(a, profile).band]++;
  return out;
}

function IcpPreview({
  bands,
  total,
  valid,
  loadError,
}: {
  bands: Record<IcpBand, number> | null;
  total: number | null;
  valid: boolean;
  loadError: string;
}) {
  let body: string;
  if (loadError) body = `Accounts could not be loaded for the preview: ${loadError}`;
  else if (total === null) body = 'Loading accounts…';
  else if (!valid) body = 'Fix the highlighted fields to see the preview.';
  else if (total === 0) body = 'No accounts yet: load the demo portfolio or import accounts to preview.';
  else body = `Of ${total} accounts: ${bands!.fit} fit, ${bands!.fringe} fringe, ${bands!.outside} outside.`;
  return (
    <p role="status" aria-live="polite" data-testid="icp-preview" className="rounded-md bg-slate-100 p-2 text-sm dark:bg-slate-800">
      {body}
    </p>
  );
}
