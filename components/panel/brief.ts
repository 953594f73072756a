import type { AccountContext } from '../../lib/core/model';
import { checklistCompleteness } from '../../lib/core/domain/checklist';
import { commitmentStatus, sortCommitments } from '../../lib/core/domain/commitment-status';
import { daysUntil, formatDaysToGo } from '../../lib/core/domain/dates';
import { computeHealth } from '../../lib/core/domain/health';
import { evaluateIcp } from '../../lib/core/domain/icp-evaluate';
import { kickoffSla } from '../../lib/core/domain/kickoff';
import type { Settings } from '../../lib/core/domain/settings';
import { formatMoney, humanize, safeHref } from '../ui/format';
import {
  COMMITMENT_KIND_LABELS,
  HEALTH_BAND_LABELS,
  HEALTH_COMPONENT_LABELS,
  ICP_BAND_LABELS,
  RISK_CATEGORY_LABELS,
  ROADMAP_LABELS,
  SEVERITY_LABELS,
  SEVERITY_RANK,
} from '../shared/labels';

// Text in the brief comes from CRM pages and teammates. Pasted into a doc,
// ticket or chat that renders Markdown, it must stay text: no heading, list,
// table, link or HTML of its own. Every ASCII punctuation character that can
// start Markdown or HTML syntax is backslash-escaped (CommonMark allows that
// for any of them) and line breaks are folded so a value stays in its cell or
// bullet.
const INLINE_SPECIALS = /[\\`*_{}[\]()<>#+!|~&-]/g;

/** One line of literal text, safe inside a heading, bullet or table cell. */
export function mdInline(text: string): string {
  return (
    text
      .replace(/\s*[\r\n]+\s*/g, ' ')
      .trim()
      .replace(INLINE_SPECIALS, '\\$&')
      // An ordered-list marker ("1. ") only matters at the start of a line.
      .replace(/^(\d+)([.)])/, '$1\\$2')
  );
}

/** Multi-line literal text as a blockquote; each line stays inside the quote. */
export function mdQuote(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => (line.trim() === '' ? '>' : `> ${mdInline(line)}`))
    .join('\n');
}

/** A link only for http(s) URLs; anything else is shown as inert text. */
function mdLink(label: string, url: string | undefined): string {
  const href = safeHref(url);
  if (!href) return mdInline(label);
  // Parentheses and spaces inside the destination would end it early.
  const dest = href.replace(/[()\s<>]/g, (c) => encodeURIComponent(c));
  return `[${mdInline(label)}](${dest})`;
}

const orDash = (v: string | undefined | null) => (v && v.trim() ? mdInline(v) : '—');

export function buildHandoffBrief(ctx: AccountContext, settings: Settings, now: Date): string {
  const { account } = ctx;
  const out: string[] = [];
  out.push(`# Handoff brief: ${mdInline(account.name)}`, '');
  const renewal = account.renewalDate ? `${account.renewalDate} (${formatDaysToGo(daysUntil(account.renewalDate, now), { past: 'ago' })})` : '—';
  out.push(
    `- **Segment:** ${mdInline(humanize(account.segment))}`,
    `- **ARR:** ${mdInline(formatMoney(account.arr, account.currency, 'en-US'))}`,
    `- **Renewal:** ${mdInline(renewal)}`,
    `- **Lifecycle stage:** ${mdInline(humanize(account.lifecycleStage))}`,
    `- **Owner AE:** ${orDash(account.ownerAe)}`,
    `- **CSM:** ${orDash(account.csm)}`,
  );
  if (account.websiteDomain) out.push(`- **Website:** ${mdInline(account.websiteDomain)}`);
  out.push('');

  const health = computeHealth(ctx.snapshots, settings.healthWeights, now);
  out.push('## Health', '');
  if (health.status === 'known') {
    out.push(`**${health.score}/100 — ${HEALTH_BAND_LABELS[health.band]}** (as of ${health.asOf})`, '');
    for (const c of health.components) {
      out.push(`- ${HEALTH_COMPONENT_LABELS[c.component]}: ${c.score} (weight ${Math.round(c.weight * 100)}%)`);
    }
    if (health.missing.length) out.push(`- Missing inputs: ${health.missing.map((m) => HEALTH_COMPONENT_LABELS[m]).join(', ')}`);
  } else {
    out.push(`Unknown — ${mdInline(health.detail)}`);
  }
  out.push('');

  const icp = evaluateIcp(account, settings.icpProfile, ctx.approval);
  out.push('## ICP', '', `**${ICP_BAND_LABELS[icp.band]}** (score ${icp.score}/100)`, '');
  for (const r of icp.reasons) {
    out.push(`- ${r.passed ? 'Pass' : 'Miss'}${r.hard ? ' (hard rule)' : ''}: ${mdInline(r.label)} — ${mdInline(r.detail)}`);
  }
  if (ctx.approval) {
    const a = ctx.approval;
    out.push(
      `- Approval: ${humanize(a.status)} — requested by ${mdInline(a.requestedBy)}${a.decidedBy ? `, decided by ${mdInline(a.decidedBy)}` : ''}`,
      `  - Why: ${mdInline(a.reason)}`,
      `  - Trade-offs: ${mdInline(a.tradeOffs)}`,
    );
  }
  out.push('');

  const open = sortCommitments(
    ctx.commitments.filter((c) => commitmentStatus(c, now, settings.dueSoonDays).open),
    now,
    settings.dueSoonDays,
  );
  out.push('## Open commitments', '');
  if (open.length === 0) out.push('None recorded.');
  else {
    out.push('| Due | Kind | Commitment | Promised by | To | Roadmap |', '| --- | --- | --- | --- | --- | --- |');
    for (const c of open) {
      const s = commitmentStatus(c, now, settings.dueSoonDays);
      const due = c.dueDate ? `${c.dueDate} (${formatDaysToGo(s.daysUntilDue)})` : '—';
      out.push(
        `| ${mdInline(due)} | ${COMMITMENT_KIND_LABELS[c.kind]} | ${mdInline(c.text)} | ${orDash(c.madeBy)} | ${orDash(c.madeTo)} | ${
          ROADMAP_LABELS[c.roadmapStatus]
        }${s.roadmapGap ? ' ⚠' : ''} |`,
      );
    }
    for (const c of open.filter((c) => c.sourceQuote)) {
      out.push(
        '',
        `Source for “${mdInline(c.text)}”${c.sourceUrl ? ` (${mdLink(c.sourceTitle || 'page', c.sourceUrl)})` : ''}:`,
        '',
        mdQuote(c.sourceQuote!),
      );
    }
  }
  out.push('');

  const flags = ctx.flags.filter((f) => !f.resolved).sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  out.push('## Open risk flags', '');
  if (flags.length === 0) out.push('None.');
  for (const f of flags) {
    out.push(
      `- **${SEVERITY_LABELS[f.severity]}** ${RISK_CATEGORY_LABELS[f.category]}${f.url ? ` (${mdLink(f.pageTitle || 'source', f.url)})` : ''}`,
    );
    if (f.note) out.push(`  - Note: ${mdInline(f.note)}`);
    if (f.quote) out.push('', mdQuote(f.quote), '');
  }
  out.push('');

  const template = settings.handoffTemplate;
  const done = checklistCompleteness(template, ctx.handoff.answers);
  out.push('## Handoff checklist', '', `${done.percent}% complete (${done.done} of ${done.total}).`, '');
  if (done.requiredMissing.length) {
    out.push('Required and missing:', '');
    for (const m of done.requiredMissing) out.push(`- [ ] ${mdInline(m.label)}`);
    out.push('');
  }
  for (const section of template.sections) {
    const answered = section.items.filter((i) => !i.archived && ctx.handoff.answers[i.id]?.note);
    if (!answered.length) continue;
    out.push(`### ${mdInline(section.title)}`, '');
    for (const item of answered) {
      const a = ctx.handoff.answers[item.id]!;
      out.push(`- [${a.done ? 'x' : ' '}] ${mdInline(item.label)}: ${mdInline(a.note ?? '')}`);
    }
    out.push('');
  }

  const sla = kickoffSla(account, now, settings.serviceLevels);
  out.push('## Kickoff', '');
  out.push(
    sla.status === 'not-applicable'
      ? 'No closed-won date recorded.'
      : `Due ${sla.dueDate}: ${humanize(sla.status)}${sla.kickoffDate ? ` (held ${sla.kickoffDate})` : ''}`,
  );
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}
