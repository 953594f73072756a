import { useState } from 'react';
import {
  accountsToCsv,
  commitmentsToCsv,
  exportJson,
  importAccountsCsv,
  importCommitmentsCsv,
  milestonesToCsv,
  importJson,
  type ImportIssue,
  type ImportOutcome,
} from '../../lib/data/import-export';
import type { ImportMode } from '../../lib/core/model';
import { Button, focusRing } from '../ui';
import { Section, Select, Status } from './fields';
import { useOptions } from './context';

type Kind = 'json' | 'accounts-csv' | 'commitments-csv';

const KINDS: { value: Kind; label: string }[] = [
  { value: 'json', label: 'Whole store (JSON export)' },
  { value: 'accounts-csv', label: 'Accounts (CSV)' },
  { value: 'commitments-csv', label: 'Commitments (CSV)' },
];

const stamp = () => new Date().toISOString().slice(0, 10);

export function ImportExportSection() {
  const { api, snapshot } = useOptions();
  const [kind, setKind] = useState<Kind>('json');
  const [mode, setMode] = useState<ImportMode>('merge');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  async function run<T>(what: string, f: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setStatus(`${what}…`);
    try {
      const v = await f();
      setStatus('');
      return v;
    } catch (e) {
      setStatus(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  async function onExport(which: 'json' | 'accounts' | 'commitments' | 'milestones') {
    await run('Exporting', async () => {
      const bundle = await api.data.exportAll();
      if (which === 'json') api.download(`seamline-export-${stamp()}.json`, exportJson(bundle), 'application/json');
      else if (which === 'accounts') api.download(`seamline-accounts-${stamp()}.csv`, accountsToCsv(bundle.accounts), 'text/csv');
      else if (which === 'commitments') api.download(`seamline-commitments-${stamp()}.csv`, commitmentsToCsv(bundle.commitments), 'text/csv');
      else api.download(`seamline-milestones-${stamp()}.csv`, milestonesToCsv(bundle.milestones ?? []), 'text/csv');
    });
  }

  async function onImport(validRowsOnly: boolean) {
    if (!file) return setStatus('Choose a file first.');
    const result = await run('Importing', () => {
      if (kind === 'json') return importJson(api.data, file.text, { mode, validRowsOnly });
      if (kind === 'accounts-csv') return importAccountsCsv(api.data, file.text, { validRowsOnly });
      return importCommitmentsCsv(api.data, file.text, { validRowsOnly });
    });
    if (result) setOutcome(result);
  }

  async function onSeed() {
    const r = await run('Loading the demo portfolio', () => api.seedDemo());
    if (r) setStatus(r.loaded ? `Demo portfolio loaded: ${r.accounts} accounts.` : `Not loaded: the store already holds ${r.accounts} accounts.`);
  }

  const rowIssues = outcome && !outcome.ok ? outcome.errors.filter((e) => e.entity !== 'file' || e.field === 'exportedAt') : [];
  const canImportValid = !!outcome && !outcome.ok && rowIssues.length > 0 && rowIssues.length === outcome.errors.length;

  return (
    <Section
      id="import-export"
      title="Import & export"
      intro={`Works on the data source in use (${snapshot.source === 'backend' ? 'the team backend' : 'this browser'}). A file with any invalid row imports nothing unless you choose to import its valid rows.`}
    >
      <div className="flex flex-wrap gap-2">
        <Button disabled={busy} onClick={() => void onExport('json')}>
          Export everything (JSON)
        </Button>
        <Button disabled={busy} onClick={() => void onExport('accounts')}>
          Export accounts (CSV)
        </Button>
        <Button disabled={busy} onClick={() => void onExport('commitments')}>
          Export commitments (CSV)
        </Button>
        <Button disabled={busy} onClick={() => void onExport('milestones')}>
          Export success-plan milestones (CSV)
        </Button>
      </div>

      <fieldset className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
        <legend className="px-1 text-sm font-medium">Import</legend>
        <div className="grid grid-cols-2 gap-2">
          <Select label="File contains" value={kind} options={KINDS} onChange={(e) => setKind(e.target.value as Kind)} />
          {kind === 'json' && (
            <Select
              label="Mode"
              value={mode}
              options={[
                { value: 'merge', label: 'Merge with existing data' },
                { value: 'replace', label: 'Replace all existing data' },
              ]}
              onChange={(e) => setMode(e.target.value as ImportMode)}
            />
          )}
        </div>
        <label className="mt-2 block text-xs font-medium">
          File
          <input
            type="file"
            accept={kind === 'json' ? '.json,application/json' : '.csv,text/csv'}
            className={`mt-0.5 block rounded-sm text-sm ${focusRing}`}
            onChange={async (e) => {
              const f = e.target.files?.[0];
              setOutcome(null);
              setFile(f ? { name: f.name, text: await f.text() } : null);
            }}
          />
        </label>
        <Button className="mt-2" variant="primary" disabled={busy || !file} onClick={() => void onImport(false)}>
          Import
        </Button>
        {outcome && <ImportReport outcome={outcome} />}
        {canImportValid && (
          <Button className="mt-2" disabled={busy} onClick={() => void onImport(true)}>
            Import the valid rows
          </Button>
        )}
      </fieldset>

      <div className="flex items-center gap-2">
        <Button disabled={busy} onClick={() => void onSeed()}>
          Load demo portfolio
        </Button>
        <span className="text-xs text-slate-600 dark:text-slate-400">Only into an empty store.</span>
      </div>
      {status && <Status>{status}</Status>}
    </Section>
  );
}

function ImportReport({ outcome }: { outcome: ImportOutcome }) {
  const issues: ImportIssue[] = outcome.ok ? outcome.skipped : outcome.errors;
  return (
    <div role="status" data-testid="import-report" className="mt-2 text-sm">
      {outcome.ok ? (
        <p className="font-medium">
          Imported {outcome.summary.accounts} accounts, {outcome.summary.commitments} commitments, {outcome.summary.flags} flags,{' '}
          {outcome.summary.snapshots} health snapshots
          {issues.length > 0 ? `; ${issues.length} invalid rows skipped.` : '.'}
        </p>
      ) : (
        <p className="font-medium text-red-800 dark:text-red-300">Nothing was imported: {issues.length} problems found.</p>
      )}
      {issues.length > 0 && (
        <table className="mt-1 w-full text-left text-xs">
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Row</th>
              <th scope="col">Field</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {issues.slice(0, 200).map((i, n) => (
              <tr key={n} className="border-t border-slate-200 dark:border-slate-700">
                <td>{i.entity}</td>
                <td>{i.row ?? '—'}</td>
                <td>
                  <code>{i.field || '—'}</code>
                </td>
                <td>{i.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {issues.length > 200 && <p className="text-xs">…and {issues.length - 200} more.</p>}
    </div>
  );
}
