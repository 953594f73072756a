import { useId, useState, type FormEvent } from 'react';
import type { AccountContext, ApprovalDecision, ApprovalRequest } from '../../lib/core/model';
import type { IcpApproval } from '../../lib/core/domain/icp';
import { mayDecideApproval } from '../../lib/core/domain/approvers';
import { evaluateIcp, ICP_FIELD_LABELS, type IcpReason } from '../../lib/core/domain/icp-evaluate';
import { icpFromPage, type PageValues } from '../../lib/core/domain/page-values';
import { useSettings } from '../app/settings';
import { useWrite } from '../app/useWrite';
import { Badge, Button, Card, CheckIcon, CrossIcon, ErrorBanner, formatDateTime, TextArea, TextField } from '../ui';
import { APPROVAL_STATUS_LABELS, ICP_BAND_LABELS, ICP_BAND_TONES } from '../shared/labels';
import { CARD_ANCHORS, useDisclosure } from './disclosure';

const APPROVAL_TONES = { requested: 'warn', approved: 'good', rejected: 'bad' } as const;

function RequestForm({ accountId, onDone }: { accountId: string; onDone: () => void }) {
  const settings = useSettings();
  const [who, setWho] = useState(settings.userName);
  const [reason, setReason] = useState('');
  const [tradeOffs, setTradeOffs] = useState('');
  const request = useWrite((client, input: ApprovalRequest) => client.requestApproval(input));
  const ready = who.trim() && reason.trim() && tradeOffs.trim();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    request.mutate({ accountId, requestedBy: who.trim(), reason: reason.trim(), tradeOffs: tradeOffs.trim() }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} className="mt-2 space-y-2 rounded-md border border-slate-200 p-2 dark:border-slate-700" aria-label="Request ICP approval">
      {request.error != null && <ErrorBanner error={request.error} />}
      <TextField label="Requested by" required maxLength={120} value={who} onChange={(e) => setWho(e.target.value)} />
      <TextArea label="Why take this deal anyway" required maxLength={5000} value={reason} onChange={(e) => setReason(e.target.value)} />
      <TextArea label="Trade-offs accepted" required maxLength={5000} value={tradeOffs} onChange={(e) => setTradeOffs(e.target.value)} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={!ready || request.isPending}>
          Send request
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}

/** Leadership's answer to a pending request, recorded under the person's own name. */
function DecisionForm({ approval }: { approval: IcpApproval }) {
  const settings = useSettings();
  const [note, setNote] = useState('');
  const decide = useWrite((client, input: ApprovalDecision) => client.decideApproval(input));
  const send = (status: ApprovalDecision['status']) =>
    decide.mutate({
      accountId: approval.accountId,
      status,
      decidedBy: settings.userName,
      decisionNote: note.trim() || undefined,
      expectedVersion: approval.version,
    });
  if (!mayDecideApproval(settings.approvers, settings.userName)) {
    return (
      <p className="mt-2 border-t border-slate-200 pt-2 text-xs text-slate-800 dark:border-slate-700 dark:text-slate-200">
        Only {settings.approvers.join(', ')} can approve or reject this exception.
      </p>
    );
  }
  return (
    <div className="mt-2 space-y-2 border-t border-slate-200 pt-2 dark:border-slate-700" role="group" aria-label="Decide on this request">
      {decide.error != null && <ErrorBanner error={decide.error} />}
      <TextArea label="Decision note (optional)" maxLength={5000} value={note} onChange={(e) => setNote(e.target.value)} />
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="primary" disabled={decide.isPending} onClick={() => send('approved')}>
          Approve
        </Button>
        <Button variant="danger" disabled={decide.isPending} onClick={() => send('rejected')}>
          Reject
        </Button>
        <span className="text-xs text-slate-700 dark:text-slate-300">as {settings.userName}</span>
      </div>
    </div>
  );
}

function ReasonList({ reasons }: { reasons: IcpReason[] }) {
  return (
    <ul className="mt-2 space-y-1">
      {reasons.map((r) => (
        <li key={r.ruleId} className="flex items-start gap-1.5 text-xs text-slate-800 dark:text-slate-200">
          <span className={r.passed ? 'mt-px text-green-800 dark:text-green-300' : 'mt-px text-red-800 dark:text-red-300'}>
            {r.passed ? <CheckIcon /> : <CrossIcon />}
          </span>
          <span className="min-w-0">
            <span className="sr-only">{r.passed ? 'Passes: ' : 'Misses: '}</span>
            <span className="font-medium">{r.label}</span>
            {r.hard && !r.passed && (
              <>
                {' '}
                <Badge tone="bad">Hard rule</Badge>
              </>
            )}{' '}
            — {r.detail}
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The ICP judged on what an unlinked record's page shows, before any account
 * exists: an AE sees the band (and that it needs approval) on the deal page.
 * Rules on fields the page does not show are listed as not judged.
 */
export function PageIcpCard({ reading }: { reading: { values: PageValues } }) {
  const settings = useSettings();
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const { subject, profile, notJudged } = icpFromPage(reading.values, settings.icpProfile);
  if (profile.rules.length === 0) {
    return (
      <Card title="ICP fit from this page">
        <p className="text-xs text-slate-800 dark:text-slate-200">The page shows none of the fields the ICP rules judge.</p>
      </Card>
    );
  }
  const evaluation = evaluateIcp(subject, profile);
  const passed = evaluation.reasons.filter((r) => r.passed).length;
  const notJudgedFields = [...new Set(notJudged.map((r) => ICP_FIELD_LABELS[r.field]))];
  return (
    <Card
      title="ICP fit from this page"
      actions={
        <div className="flex items-center gap-1">
          <Badge tone={ICP_BAND_TONES[evaluation.band]}>{ICP_BAND_LABELS[evaluation.band]}</Badge>
          <Button
            variant="ghost"
            aria-expanded={open}
            aria-controls={detailsId}
            aria-label="ICP details from this page"
            onClick={() => setOpen(!open)}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span> Details
          </Button>
        </div>
      }
    >
      <p className="text-xs text-slate-800 dark:text-slate-200">
        {evaluation.hardFailures.length > 0
          ? `Misses hard rule: ${evaluation.hardFailures.map((r) => r.label).join(', ')}`
          : `Meets ${passed} of ${evaluation.reasons.length} rules the page can answer · score ${evaluation.score}/100`}
        {evaluation.needsApproval ? ' · needs approval' : ''}
      </p>
      {notJudgedFields.length > 0 && (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">Not judged, the page does not show: {notJudgedFields.join(', ')}.</p>
      )}
      <div id={detailsId} hidden={!open}>
        {open && <ReasonList reasons={evaluation.reasons} />}
      </div>
    </Card>
  );
}

export function IcpCard({ context }: { context: AccountContext }) {
  const settings = useSettings();
  const [requesting, setRequesting] = useState(false);
  const [open, setOpen] = useDisclosure('icp');
  const detailsId = useId();
  const evaluation = evaluateIcp(context.account, settings.icpProfile, context.approval);
  const approval = context.approval && context.approval.accountId === context.account.id ? context.approval : null;
  // A pending request is already with leadership; asking again would only duplicate it.
  const canRequest = evaluation.needsApproval && evaluation.approvalStatus !== 'requested';

  // The one line says why the band is what it is: a failed hard rule decides
  // "outside" whatever the score, so the score alone would read as a contradiction.
  const summary =
    evaluation.hardFailures.length > 0
      ? `Misses hard rule: ${evaluation.hardFailures.map((r) => r.label).join(', ')}`
      : `Meets ${evaluation.reasons.filter((r) => r.passed).length} of ${evaluation.reasons.length} rules · score ${evaluation.score}/100`;
  const approvalWords = approval ? ` · approval ${approval.status}` : evaluation.needsApproval ? ' · no approval requested' : '';

  return (
    <Card
      title="ICP fit"
      anchor={CARD_ANCHORS.icp}
      actions={
        <div className="flex items-center gap-1">
          <Badge tone={ICP_BAND_TONES[evaluation.band]}>{ICP_BAND_LABELS[evaluation.band]}</Badge>
          <Button variant="ghost" aria-expanded={open} aria-controls={detailsId} aria-label="ICP details" onClick={() => setOpen(!open)}>
            <span aria-hidden="true">{open ? '▾' : '▸'}</span> Details
          </Button>
        </div>
      }
    >
      <p className="text-xs text-slate-800 dark:text-slate-200">
        {summary}
        {approvalWords}
      </p>
      <div id={detailsId} hidden={!open}>
        {open && (
          <>
            <ReasonList reasons={evaluation.reasons} />
            {approval && (
              <div className="mt-2 rounded-md border border-slate-200 p-2 text-xs text-slate-800 dark:border-slate-700 dark:text-slate-200">
                <p className="flex flex-wrap items-center gap-1">
                  <span className="font-medium">Approval:</span>
                  <Badge tone={APPROVAL_TONES[approval.status]}>{APPROVAL_STATUS_LABELS[approval.status]}</Badge>
                </p>
                <p>
                  Requested by {approval.requestedBy} on {formatDateTime(approval.requestedAt)}
                </p>
                {approval.decidedBy && (
                  <p>
                    {approval.status === 'approved' ? 'Approved' : 'Decided'} by {approval.decidedBy}
                    {approval.decidedAt ? ` on ${formatDateTime(approval.decidedAt)}` : ''}
                  </p>
                )}
                <p className="mt-1 whitespace-pre-wrap">
                  <span className="font-medium">Why:</span> {approval.reason}
                </p>
                <p className="whitespace-pre-wrap">
                  <span className="font-medium">Trade-offs:</span> {approval.tradeOffs}
                </p>
                {approval.decisionNote && (
                  <p className="whitespace-pre-wrap">
                    <span className="font-medium">Decision note:</span> {approval.decisionNote}
                  </p>
                )}
                {approval.status === 'requested' && <DecisionForm key={approval.version} approval={approval} />}
              </div>
            )}
            {canRequest &&
              (requesting ? (
                <RequestForm accountId={context.account.id} onDone={() => setRequesting(false)} />
              ) : (
                <Button className="mt-2" variant="primary" onClick={() => setRequesting(true)}>
                  Request approval
                </Button>
              ))}
          </>
        )}
      </div>
    </Card>
  );
}
