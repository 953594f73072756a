import type { AccountContext } from '../../lib/core/model';
import { checklistCompleteness } from '../../lib/core/domain/checklist';
import { commitmentStatus, sortCommitments } from '../../lib/core/domain/commitment-status';
import { daysUntil, formatDaysToGo } from '../../lib/core/domain/dates';
import { computeHealth } from '../../lib/core/domain/health';
import { evaluateIcp } from '../../lib/core/domain/icp-evaluate';
import { kickoffSla } from '../../lib/core/domain/kickoff';
import { LIFECYCLE_STAGE_LABELS } from '../../lib/core/domain/lifecycle';
import type { Settings } from '../../lib/core/domain/settings';
import { formatMoney, safeHref } from '../ui/format';
import {
  APPROVAL_STATUS_LABELS,
  COMMITMENT_KIND_LABELS,
  HEALTH_BAND_LABELS,
  HEALTH_COMPONENT_LABELS,
  ICP_BAND_LABELS,
  KICKOFF_STATUS_LABELS,
  RISK_CATEGORY_LABELS,
  ROADMAP_LABELS,
  SEGMENT_LABELS,
  SEVERITY_LABELS,
  SEVERITY_RANK,
} from '../shared/labels';

// Text in the brief comes from CRM pages and teammates. Pasted into a doc,
// ticket or chat that renders Markdown, it must stay text: no heading, list,
// quote, table, emphasis, code, link or HTML of its own. Only what can open
// such structure where the text lands is backslash-escaped (a date or "(45
// days to go)" stays readable when the paste is not rendered), and line
// breaks are folded so a value stays in its cell or bullet.
//
// Anywhere in a line: code, emphasis, strike-through, link brackets, HTML and
// the escape character itself. `!` and `(` only form images and links after
// `[`, which is always escaped.
const ALWAYS = /[\\`*_[\]<~]/g;
// An entity reference ("&lt;") would render as the character it names.
const ENTITY = /&(?=#?[a-z0-9]+;)/gi;
// At the start of a line (a quote line starts with the value): heading, list,
// quote, setext underline and thematic-break markers, ordered-list numbers.
const LEADING = /^([#\-+=>]|\d+[.)])/;
// A closing run of # is stripped from a heading.
const TRAILING_HASHES = /(#+)$/;

export interface InlineOptions {
  /** Inside a table cell, where `|` would end the cell. */
  cell?: boolean;
}

/** One line of literal text, safe inside a heading, bullet, quote or (with `cell`) table cell. */
export function mdInline(text: string, { cell = false }: InlineOptions = {}): string {
  let out = text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()
    .replace(ALWAYS, '\\$&')
    .replace(ENTITY, '\\&');
  if (cell) out = out.replace(/\|/g, '\\|');
  // Trailing first: a value that is only "#" is then already escaped at the start.
  out = out.replace(TRAILING_HASHES, (m) => m.replace(/#/g, '\\#'));
  return out.replace(LEADING, (m) => (/^\d/.test(m) ? m.replace(/[.)]$/, '\\$&') : `\\${m}`));
}

/** Multi-line literal text as a blockquote; each line stays inside the quote. */
export function mdQuote(text: string): string {
  // Quoted lines are escaped as table cells: consecutive lines of pipes would
  // otherwise form a table inside the quote.
  return text
    .split(/\r\n?|\n/)
    .map((line) => (line.trim() === '' ? '>' : `> ${mdInline(line, { cell: true })}`))
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

/** How one brief is written: Markdown for docs and tickets, plain text for Slack and email. */
interface BriefFormat {
  markdown: boolean;
  text: (s: string) => string;
  strong: (s: string) => string;
  heading: (level: 1 | 2 | 3, s: string) => string;
  quote: (s: string) => string;
  link: (label: string, url: string | undefined) => string;
}

const MARKDOWN: BriefFormat = {
  markdown: true,
  text: (s) => mdInline(s),
  strong: (s) => `**${s}**`,
  heading: (level, s) => `${'#'.repeat(level)} ${s}`,
  quote: mdQuote,
  link: mdLink,
};

const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

// Plain text is pasted where nothing renders markup, so nothing is escaped;
// values are still folded onto one line so the layout holds.
const PLAIN: BriefFormat = {
  markdown: false,
  text: oneLine,
  strong: (s) => s,
  heading: (level, s) => (level === 1 ? s : level === 2 ? s.toUpperCase() : s),
  quote: (s) =>
    s
      .split(/\r\n?|\n/)
      .map((line) => (line.trim() === '' ? '>' : `> ${line.trim()}`))
      .join('\n'),
  link: (label, url) => {
    const href = safeHref(url);
    return href ? `${oneLine(label)} (${href})` : oneLine(label);
  },
};

/** The handoff brief as Markdown, for docs, tickets and anything else that renders it. */
export function buildHandoffBrief(ctx: AccountContext, settings: Settings, now: Date): string {
  return writeBrief(ctx, settings, now, MARKDOWN);
}

/** The same brief as plain text, for Slack and email, where Markdown shows as symbols. */
export function buildHandoffBriefText(ctx: AccountContext, settings: Settings, now: Date): string {
  return writeBrief(ctx, settings, now, PLAIN);
}

function writeBrief(ctx: AccountContext, settings: Settings, now: Date, f: BriefFormat): string {
  const { account } = ctx;
  const t = f.text;
  const orDash = (v: string | undefined | null) => (v && v.trim() ? t(v) : '—');
  const out: string[] = [];
  out.push(f.heading(1, `Handoff brief: ${t(account.name)}`), '');
  const renewal = account.renewalDate ? `${account.renewalDate} (${formatDaysToGo(daysUntil(account.renewalDate, now), { past: 'ago' })})` : '—';
  out.push(
    `- ${f.strong('Segment:')} ${SEGMENT_LABELS[account.segment]}`,
    `- ${f.strong('ARR:')} ${t(formatMoney(account.arr, account.currency, 'en-US'))}`,
    `- ${f.strong('Renewal:')} ${t(renewal)}`,
    `- ${f.strong('Lifecycle stage:')} ${LIFECYCLE_STAGE_LABELS[account.lifecycleStage]}`,
    `- ${f.strong('Owner AE:')} ${orDash(account.ownerAe)}`,
    `- ${f.strong('CSM:')} ${orDash(account.csm)}`,
  );
  if (account.websiteDomain) out.push(`- ${f.strong('Website:')} ${t(account.websiteDomain)}`);
  out.push('');

  const health = computeHealth(ctx.snapshots, settings.healthWeights, now);
  out.push(f.heading(2, 'Health'), '');
  if (health.status === 'known') {
    out.push(`${f.strong(`${health.score}/100 — ${HEALTH_BAND_LABELS[health.band]}`)} (as of ${health.asOf})`, '');
    for (const c of health.components) {
      out.push(`- ${HEALTH_COMPONENT_LABELS[c.component]}: ${c.score} (weight ${Math.round(c.weight * 100)}%)`);
    }
    if (health.missing.length) out.push(`- Missing inputs: ${health.missing.map((m) => HEALTH_COMPONENT_LABELS[m]).join(', ')}`);
  } else {
    out.push(`Unknown — ${t(health.detail)}`);
  }
  out.push('');

  const icp = evaluateIcp(account, settings.icpProfile, ctx.approval);
  out.push(f.heading(2, 'ICP'), '', `${f.strong(ICP_BAND_LABELS[icp.band])} (score ${icp.score}/100)`, '');
  for (const r of icp.reasons) {
    out.push(`- ${r.passed ? 'Pass' : 'Miss'}${r.hard ? ' (hard rule)' : ''}: ${t(r.label)} — ${t(r.detail)}`);
  }
  if (ctx.approval) {
    const a = ctx.approval;
    out.push(
      `- Approval: ${APPROVAL_STATUS_LABELS[a.status]} — requested by ${t(a.requestedBy)}${a.decidedBy ? `, decided by ${t(a.decidedBy)}` : ''}`,
      `  - Why: ${t(a.reason)}`,
      `  - Trade-offs: ${t(a.tradeOffs)}`,
    );
  }
  out.push('');

  const open = sortCommitments(
    ctx.commitments.filter((c) => commitmentStatus(c, now, settings.dueSoonDays).open),
    now,
    settings.dueSoonDays,
  );
  out.push(f.heading(2, 'Open commitments'), '');
  if (open.length === 0) out.push('None recorded.');
  else {
    if (f.markdown) out.push('| Due | Kind | Commitment | Promised by | To | Roadmap |', '| --- | --- | --- | --- | --- | --- |');
    for (const c of open) {
      const s = commitmentStatus(c, now, settings.dueSoonDays);
      const due = c.dueDate ? `${c.dueDate} (${formatDaysToGo(s.daysUntilDue)})` : 'no due date';
      const roadmap = `${ROADMAP_LABELS[c.roadmapStatus]}${s.roadmapGap ? ' ⚠' : ''}`;
      if (f.markdown) {
        const cell = (v: string | undefined) => (v && v.trim() ? mdInline(v, { cell: true }) : '—');
        out.push(
          `| ${cell(c.dueDate ? due : undefined)} | ${COMMITMENT_KIND_LABELS[c.kind]} | ${cell(c.text)} | ${cell(c.madeBy)} | ${cell(c.madeTo)} | ${roadmap} |`,
        );
      } else {
        const who = [c.madeBy ? `promised by ${t(c.madeBy)}` : '', c.madeTo ? `to ${t(c.madeTo)}` : ''].filter(Boolean).join(' ');
        out.push(`- ${t(c.text)} — ${COMMITMENT_KIND_LABELS[c.kind]}, ${due}${who ? `, ${who}` : ''}; roadmap: ${roadmap}`);
      }
    }
    for (const c of open.filter((c) => c.sourceQuote)) {
      out.push(
        '',
        `Source for “${t(c.text)}”${c.sourceUrl ? ` (${f.link(c.sourceTitle || 'page', c.sourceUrl)})` : ''}:`,
        '',
        f.quote(c.sourceQuote!),
      );
    }
  }
  out.push('');

  const flags = ctx.flags.filter((x) => !x.resolved).sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  out.push(f.heading(2, 'Open risk flags'), '');
  if (flags.length === 0) out.push('None.');
  for (const flag of flags) {
    out.push(
      `- ${f.strong(SEVERITY_LABELS[flag.severity])} ${RISK_CATEGORY_LABELS[flag.category]}${flag.url ? ` (${f.link(flag.pageTitle || 'source', flag.url)})` : ''}`,
    );
    if (flag.note) out.push(`  - Note: ${t(flag.note)}`);
    if (flag.quote) out.push('', f.quote(flag.quote), '');
  }
  out.push('');

  const template = settings.handoffTemplate;
  const done = checklistCompleteness(template, ctx.handoff.answers);
  out.push(f.heading(2, 'Handoff checklist'), '', `${done.percent}% complete (${done.done} of ${done.total}).`, '');
  if (done.requiredMissing.length) {
    out.push('Required and missing:', '');
    for (const m of done.requiredMissing) out.push(`- [ ] ${t(m.label)}`);
    out.push('');
  }
  for (const section of template.sections) {
    const answered = section.items.filter((i) => !i.archived && ctx.handoff.answers[i.id]?.note);
    if (!answered.length) continue;
    out.push(f.heading(3, t(section.title)), '');
    for (const item of answered) {
      const a = ctx.handoff.answers[item.id]!;
      out.push(`- [${a.done ? 'x' : ' '}] ${t(item.label)}: ${t(a.note ?? '')}`);
    }
    out.push('');
  }

  const sla = kickoffSla(account, now, settings.serviceLevels);
  out.push(f.heading(2, 'Kickoff'), '');
  out.push(
    sla.status === 'not-applicable'
      ? 'No closed-won date recorded.'
      : `Due ${sla.dueDate}: ${KICKOFF_STATUS_LABELS[sla.status]}${sla.kickoffDate ? ` (held ${sla.kickoffDate})` : ''}`,
  );
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}
